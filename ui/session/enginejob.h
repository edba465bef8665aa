#pragma once
// Requests and answers passed between the GUI-side session and the inference worker.
#include "export/exportoptions.h"
#include "inferenceengine.h"

#include <QImage>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace dinosam::ui {

enum class JobKind {
    Segment,  ///< run the pipeline for the image being shown
    Prefetch, ///< run the pipeline for the next image in the browser (low priority)
    Refine,   ///< re-segment one object from a user prompt
    Export,   ///< segment (unless given) and write files for one or many images
    Speculate, ///< decode ahead for later slider moves on the image shown (lowest priority but prefetch)
    FindSimilar, ///< objects like an example, in one image or many
    SpeculateSimilar, ///< decode ahead for later similarity-slider moves (as Speculate)
    Video,    ///< a request of the video mode (runs in the order asked, never dropped but by a cancel)
};

/// "Find similar": the example and where to look. Shared read-only between threads.
struct SimilarRequest
{
    QString exampleImage;  ///< the image the example object is on
    cv::Mat exampleMask;   ///< CV_8U, that image's size, nonzero = the object
    std::string label;     ///< the example's label, given to what is found
    SimilarityParams params;
    QStringList targets;   ///< images to search, in order
    QMap<QString, std::vector<cv::Mat>> existing; ///< per target: masks already there (not found again)
};

/// What a find-similar job found, per target image.
struct SimilarReport
{
    QMap<QString, std::shared_ptr<const SimilarityResult>> results;
    QList<QPair<QString, QString>> failures; ///< image path, reason
    bool cancelled = false;
};

/// What to export and where. Shared read-only between threads.
struct ExportRequest
{
    QStringList paths;       ///< images to export, in order
    QString outputDir;
    /// Export format ids (core/export's ExportFormatRegistry), e.g. {"seed", "coco", "overlay"}.
    std::vector<std::string> formats = {"seed", "coco", "cutouts", "overlay"};
    ExportOptions options;   ///< settings of the formats (COCO shape, polygon tolerance, labels, JPEG quality)
    /// The edited result of paths.front() (the image being shown); others are segmented.
    std::shared_ptr<const SegmentationResult> currentResult;
    /// Edited results of other images (kept in memory while browsing), by path: exported
    /// as edited instead of being segmented again.
    QMap<QString, std::shared_ptr<const SegmentationResult>> editedResults;
};

/// What an export job did.
struct ExportReport
{
    int imagesDone = 0;
    QStringList files;                       ///< every file written
    QList<QPair<QString, QString>> failures; ///< image path, reason
    QStringList notes;                       ///< e.g. "photo.png is written as photo_2_* ..."
    bool cancelled = false;
    QString stopReason; ///< set when a file could not be written (disk full, permissions): the export stopped
};

/// One unit of work for the worker. Copied across threads; the cancel flag is shared.
struct EngineJob
{
    quint64 id = 0;
    JobKind kind = JobKind::Segment;
    QString imagePath;
    SegmentationParams params;
    Prompt prompt;          ///< Refine only
    int targetUid = -1;        ///< Refine only: uid of the object to replace, -1 adds one
    quint64 documentGeneration = 0; ///< Refine only: which document state it applies to
    std::shared_ptr<const ExportRequest> exportRequest; ///< Export only
    std::shared_ptr<const SimilarRequest> similarRequest; ///< FindSimilar, SpeculateSimilar
    std::shared_ptr<const VideoRequest> videoRequest;     ///< Video only
    std::shared_ptr<std::atomic_bool> cancel = std::make_shared<std::atomic_bool>(false);
};

/// The worker's answer to an EngineJob. Images are rendered on the worker thread.
struct EngineOutcome
{
    quint64 id = 0;
    JobKind kind = JobKind::Segment;
    QString imagePath;
    bool ok = false;
    bool cancelled = false;
    QString error;                                   ///< when !ok && !cancelled
    ErrorKind errorKind = ErrorKind::None;           ///< what kind of problem `error` is
    std::shared_ptr<const SegmentationResult> result; ///< Segment / Prefetch
    std::shared_ptr<const SegmentedObject> object;    ///< Refine
    std::shared_ptr<const ExportReport> exportReport; ///< Export
    std::shared_ptr<const SimilarReport> similarReport; ///< FindSimilar
    std::shared_ptr<const VideoReport> videoReport;     ///< Video (ok or cancelled)
    std::shared_ptr<const VideoRequest> videoRequest;   ///< Video: what was asked
    QImage image;    ///< the decoded original, RGB888
    QImage heatmap;  ///< attention heat-map blended over the original (Video: of a discovery)
    QImage overlay;  ///< all masks coloured with outlines over the original
    int targetUid = -1;
    quint64 documentGeneration = 0;
    double elapsedMs = 0; ///< whole job on the worker
    double engineMs = 0;  ///< of it, inside the engine call
    bool speculationComplete = false; ///< Speculate(Similar): every later threshold move is cached
};

} // namespace dinosam::ui

Q_DECLARE_METATYPE(dinosam::ui::EngineJob)
Q_DECLARE_METATYPE(dinosam::ui::EngineOutcome)
Q_DECLARE_METATYPE(dinosam::ui::ErrorKind)
Q_DECLARE_METATYPE(dinosam::ui::VideoFrameMasks)
Q_DECLARE_METATYPE(dinosam::ui::VideoOp)
