#pragma once
// Requests and answers passed between the GUI-side session and the inference worker.
#include "inferenceengine.h"

#include <QImage>
#include <QMetaType>
#include <QString>

#include <atomic>
#include <memory>

namespace dinosam::ui {

enum class JobKind {
    Segment,  ///< run the pipeline for the image being shown
    Prefetch, ///< run the pipeline for the next image in the browser (low priority)
    Refine,   ///< re-segment one object from a user prompt
};

/// One unit of work for the worker. Copied across threads; the cancel flag is shared.
struct EngineJob
{
    quint64 id = 0;
    JobKind kind = JobKind::Segment;
    QString imagePath;
    SegmentationParams params;
    RefinePrompt prompt;          ///< Refine only
    int targetObject = -1;        ///< Refine only: object index to replace, -1 adds one
    quint64 documentGeneration = 0; ///< Refine only: which document state it applies to
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
    std::shared_ptr<const SegmentationResult> result; ///< Segment / Prefetch
    std::shared_ptr<const SegmentedObject> object;    ///< Refine
    QImage image;    ///< the decoded original, RGB888
    QImage heatmap;  ///< attention heat-map blended over the original
    QImage overlay;  ///< all masks coloured with outlines over the original
    int targetObject = -1;
    quint64 documentGeneration = 0;
    double elapsedMs = 0;
};

} // namespace dinosam::ui

Q_DECLARE_METATYPE(dinosam::ui::EngineJob)
Q_DECLARE_METATYPE(dinosam::ui::EngineOutcome)
