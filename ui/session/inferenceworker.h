#pragma once
#include "enginejob.h"

#include <QObject>

#include <memory>
#include <utility>

namespace dinosam::ui {

/**
 * Runs engine jobs, one at a time, on the inference thread (the only thread that
 * runs forward()). Lives on that thread; process() is invoked queued by the session.
 * Exceptions never leave process(): they become an EngineOutcome with an error.
 */
class InferenceWorker : public QObject
{
    Q_OBJECT
public:
    explicit InferenceWorker(std::shared_ptr<InferenceEngine> engine, QObject *parent = nullptr);

    /// Runs one job and emits finished() (always exactly once per job).
    void process(const dinosam::ui::EngineJob &job);

Q_SIGNALS:
    void finished(const dinosam::ui::EngineOutcome &outcome);
    void progress(quint64 id, double fraction, const QString &stage);
    /// A video job propagated one more frame (its masks), before finished().
    void videoFrameTracked(quint64 id, const dinosam::ui::VideoFrameMasks &masks);

private:
    /// The engine's decoded image (it is the only decoder and cache) and its QImage.
    struct OpenedImage
    {
        EngineImage image;
        QImage qimage;
    };
    OpenedImage open(const QString &path);
    /// open(), with any failure reported as ErrorKind::Image.
    OpenedImage openOrImageError(const QString &path);
    std::shared_ptr<const ExportReport> runExport(const EngineJob &job, const CancelFn &cancel);
    std::shared_ptr<const SimilarReport> runFindSimilar(const EngineJob &job, const CancelFn &cancel);
    /// The engine's video session serves the request; a discovery's heat-map is rendered here.
    void runVideo(const EngineJob &job, const CancelFn &cancel, EngineOutcome &out);

    std::shared_ptr<InferenceEngine> m_engine;
    std::string m_lastImageKey; // content key of m_lastQImage: slider moves reuse its conversion
    QImage m_lastQImage;
    QString m_lastHeatKey; // image path, DINOv2 model and input size of m_lastHeatmap
    QImage m_lastHeatmap;
};

} // namespace dinosam::ui
