#pragma once
#include "enginejob.h"

#include <QObject>

#include <list>
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

    /// Decoded images kept for repeated runs on the same file (slider moves).
    static constexpr int kImageCacheSize = 3;

Q_SIGNALS:
    void finished(const dinosam::ui::EngineOutcome &outcome);
    void progress(quint64 id, double fraction, const QString &stage);

private:
    struct DecodedImage
    {
        QString path;
        cv::Mat rgb;
        QImage image;
    };
    const DecodedImage &decoded(const QString &path);
    std::shared_ptr<const ExportReport> runExport(const EngineJob &job, const CancelFn &cancel);

    std::shared_ptr<InferenceEngine> m_engine;
    std::list<DecodedImage> m_images; // most recent first
    QString m_lastHeatKey; // image path, DINOv2 model and input size of m_lastHeatmap
    QImage m_lastHeatmap;
};

} // namespace dinosam::ui
