#pragma once
#include "enginejob.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace dinosam::ui {

class InferenceWorker;

/**
 * GUI-side front of the single inference worker thread.
 *
 * Keeps at most one job in flight and one pending per kind; a newer segmentation
 * request replaces the pending one ("latest request wins") and results of older
 * requests are dropped, never emitted. When idle it first speculates for the image
 * shown (the engine decodes what every later threshold move will need, so those moves
 * are cache hits; after a find-similar on one image, what every similarity-slider move
 * will need), then pre-computes the image set with setPrefetch(); a later request
 * for that image and parameters is answered at once. Any user request pre-empts both.
 *
 * Thread: create and use on the GUI thread. The destructor (or shutdown()) cancels
 * running work and joins the worker thread.
 */
class SegmentationSession : public QObject
{
    Q_OBJECT
public:
    explicit SegmentationSession(std::shared_ptr<InferenceEngine> engine,
                                 QObject *parent = nullptr);
    ~SegmentationSession() override;

    /// Asks for the masks of @p path with @p params. Returns the request id.
    quint64 requestSegmentation(const QString &path, const SegmentationParams &params);
    /// Asks SAM2 to re-segment one object (target -1: add a new object).
    quint64 requestRefine(const QString &path, const SegmentationParams &params,
                          const Prompt &prompt, int targetUid, quint64 generation);
    /// Exports one or many images (segmenting those without a result). Runs after the
    /// current job; cancelAll() or cancelExport() stops it between images.
    quint64 requestExport(std::shared_ptr<const ExportRequest> request, const SegmentationParams &params);
    void cancelExport();
    /// Finds objects like request's example in its targets. A newer request replaces a pending
    /// one and cancels a running one (a similarity slider move). Returns the request id.
    quint64 requestFindSimilar(std::shared_ptr<const SimilarRequest> request);
    void cancelFindSimilar();
    /// A request of the video mode. Video requests run one after the other in the order
    /// asked (before find-similar, exports and segmentations; after a refinement) and are
    /// dropped only by a cancel. Returns the request id.
    quint64 requestVideo(std::shared_ptr<const VideoRequest> request, const SegmentationParams &params);
    /// Stops the running video request (a propagation keeps its frames so far) and drops the
    /// waiting ones (each still answered once, by videoFinished() with outcome.cancelled).
    void cancelVideo();
    /// Stops or drops the one video request @p id.
    void cancelVideoRequest(quint64 id);
    /// Video requests running or waiting.
    int videoRequestsPending() const;
    /// Image to pre-compute when idle (empty path: none).
    void setPrefetch(const QString &path, const SegmentationParams &params);
    /// Cancels the running job and drops pending ones.
    void cancelAll();
    /// Cancels everything and joins the worker thread; idempotent.
    void shutdown();

    bool isBusy() const { return m_inFlight.has_value(); }
    quint64 latestSegmentationId() const { return m_latestSegmentId; }
    /// Number of engine jobs started (all kinds) and of Segment jobs; for tests and the status bar.
    int jobsStarted() const { return m_jobsStarted; }
    int segmentJobsStarted() const { return m_segmentJobsStarted; }
    std::shared_ptr<InferenceEngine> engine() const { return m_engine; }

Q_SIGNALS:
    /// The latest segmentation request's result (kind Segment). Stale ones never arrive.
    void segmentationReady(const dinosam::ui::EngineOutcome &outcome);
    /// An export job ended (also when cancelled; see ExportReport::cancelled).
    void exportFinished(const dinosam::ui::EngineOutcome &outcome);
    /// The latest refine request's result.
    void refineReady(const dinosam::ui::EngineOutcome &outcome);
    /// The latest find-similar request ended (results so far when cancelled).
    void similarFinished(const dinosam::ui::EngineOutcome &outcome);
    /// A video request ended (also when cancelled: outcome.cancelled; videoReport is null
    /// when it was stopped before it could report). Failures come through failed(). Every
    /// video request gets exactly one of the two.
    void videoFinished(const dinosam::ui::EngineOutcome &outcome);
    /// The running video request propagated one more frame.
    void videoFrameTracked(quint64 id, const dinosam::ui::VideoFrameMasks &masks);
    /// The latest request of its kind failed (not emitted for cancelled or stale jobs).
    /// @p kind tells a model problem (every image would fail) from a problem of this image.
    void failed(quint64 id, const QString &imagePath, const QString &message, dinosam::ui::ErrorKind kind);
    void progress(quint64 id, double fraction, const QString &stage);
    void busyChanged(bool busy);
    /// A job was handed to the worker.
    void jobStarted(quint64 id, dinosam::ui::JobKind kind);
    /// A speculation for @p path ended; @p complete: every threshold move of its
    /// parameters is now cached (false: pre-empted, it resumes when idle again).
    void speculationFinished(const QString &path, bool complete, double elapsedMs);

private:
    void dispatch();
    void startJob(const EngineJob &job);
    void onFinished(const dinosam::ui::EngineOutcome &outcome);
    void onProgress(quint64 id, double fraction, const QString &stage);
    void deliverSegmentation(EngineOutcome outcome, quint64 asId);
    void scheduleSpeculation(const QString &path, const SegmentationParams &params);
    void scheduleSimilarSpeculation(std::shared_ptr<const SimilarRequest> request);
    void preemptBackgroundWork();
    /// Drops the waiting video jobs @p which selects, answering each as cancelled.
    void dropVideoJobs(const std::function<bool(const EngineJob &)> &which);

    std::shared_ptr<InferenceEngine> m_engine;
    QThread m_thread;
    InferenceWorker *m_worker = nullptr; // lives on m_thread; deleted after join
    bool m_shutDown = false;

    quint64 m_nextId = 0;
    quint64 m_latestSegmentId = 0;
    quint64 m_latestRefineId = 0;
    quint64 m_adoptedBy = 0; // a Segment id waiting for the in-flight prefetch
    std::optional<EngineJob> m_inFlight;
    std::optional<EngineJob> m_pendingSegment;
    std::optional<EngineJob> m_pendingRefine;
    std::optional<EngineJob> m_pendingSimilar;
    quint64 m_latestSimilarId = 0;
    std::optional<EngineJob> m_pendingExport;
    std::deque<EngineJob> m_pendingVideo;
    std::optional<EngineJob> m_prefetch; // what to pre-compute when idle
    std::optional<EngineJob> m_speculate; // what to decode ahead for the image shown
    /// The last completed speculation (threshold zeroed: it covers every threshold).
    std::optional<std::pair<QString, SegmentationParams>> m_speculated;
    QString m_similarSpeculated; ///< the same for find similar: similarSpeculationKey() of the query
    struct Prefetched
    {
        SegmentationParams params;
        EngineOutcome outcome;
    };
    std::optional<Prefetched> m_prefetched;
    int m_jobsStarted = 0;
    int m_segmentJobsStarted = 0;
};

} // namespace dinosam::ui
