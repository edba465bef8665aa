#include "segmentationsession.h"

#include "inferenceworker.h"

#include <QTimer>

namespace dinosam::ui {

SegmentationSession::SegmentationSession(std::shared_ptr<InferenceEngine> engine,
                                         QObject *parent)
    : QObject(parent)
    , m_engine(std::move(engine))
{
    qRegisterMetaType<dinosam::ui::EngineOutcome>();
    qRegisterMetaType<dinosam::ui::EngineJob>();
    m_thread.setObjectName(QStringLiteral("dinosam-inference"));
    m_worker = new InferenceWorker(m_engine);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &InferenceWorker::finished, this, &SegmentationSession::onFinished,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::progress, this, &SegmentationSession::onProgress,
            Qt::QueuedConnection);
    m_thread.start();
}

SegmentationSession::~SegmentationSession()
{
    shutdown();
}

void SegmentationSession::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    cancelAll();
    m_prefetch.reset();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
    m_worker = nullptr;
}

quint64 SegmentationSession::requestSegmentation(const QString &path,
                                                 const SegmentationParams &params)
{
    const quint64 id = ++m_nextId;
    m_latestSegmentId = id;
    m_adoptedBy = 0;
    m_pendingRefine.reset(); // it applied to the document this result replaces
    m_pendingSegment.reset();
    if (m_shutDown)
        return id;

    // Pre-computed already: answer on the next event loop turn.
    if (m_prefetched && m_prefetched->outcome.imagePath == path
        && (m_prefetched->params == params)) {
        EngineOutcome outcome = m_prefetched->outcome;
        QTimer::singleShot(0, this, [this, outcome, id] { deliverSegmentation(outcome, id); });
        return id;
    }
    if (m_inFlight) {
        const bool samePath = m_inFlight->imagePath == path;
        if (m_inFlight->kind == JobKind::Prefetch && samePath
            && (m_inFlight->params == params)) {
            m_adoptedBy = id; // the running prefetch is exactly this request
            return id;
        }
        // Work on the same image still fills the stage cache: let it finish (its
        // result is dropped as stale). Work on another image is wasted: stop it.
        if (!samePath)
            m_inFlight->cancel->store(true);
    }
    EngineJob job;
    job.id = id;
    job.kind = JobKind::Segment;
    job.imagePath = path;
    job.params = params;
    m_pendingSegment = job;
    dispatch();
    return id;
}

quint64 SegmentationSession::requestRefine(const QString &path, const SegmentationParams &params,
                                           const Prompt &prompt, int targetUid,
                                           quint64 generation)
{
    const quint64 id = ++m_nextId;
    m_latestRefineId = id;
    if (m_shutDown)
        return id;
    if (m_inFlight && m_inFlight->kind == JobKind::Prefetch)
        m_inFlight->cancel->store(true); // the user is waiting: stop background work
    EngineJob job;
    job.id = id;
    job.kind = JobKind::Refine;
    job.imagePath = path;
    job.params = params;
    job.prompt = prompt;
    job.targetUid = targetUid;
    job.documentGeneration = generation;
    m_pendingRefine = job;
    dispatch();
    return id;
}

quint64 SegmentationSession::requestExport(std::shared_ptr<const ExportRequest> request,
                                          const SegmentationParams &params)
{
    const quint64 id = ++m_nextId;
    if (m_shutDown)
        return id;
    if (m_inFlight && m_inFlight->kind == JobKind::Prefetch)
        m_inFlight->cancel->store(true);
    EngineJob job;
    job.id = id;
    job.kind = JobKind::Export;
    job.imagePath = request->paths.value(0);
    job.params = params;
    job.exportRequest = std::move(request);
    m_pendingExport = job;
    dispatch();
    return id;
}

void SegmentationSession::cancelExport()
{
    m_pendingExport.reset();
    if (m_inFlight && m_inFlight->kind == JobKind::Export)
        m_inFlight->cancel->store(true);
}

void SegmentationSession::setPrefetch(const QString &path, const SegmentationParams &params)
{
    if (path.isEmpty()) {
        m_prefetch.reset();
        return;
    }
    if (m_prefetched && m_prefetched->outcome.imagePath == path
        && (m_prefetched->params == params))
        return; // already there
    EngineJob job;
    job.kind = JobKind::Prefetch;
    job.imagePath = path;
    job.params = params;
    m_prefetch = job;
    dispatch();
}

void SegmentationSession::cancelAll()
{
    m_pendingSegment.reset();
    m_pendingRefine.reset();
    m_pendingExport.reset();
    m_adoptedBy = 0;
    if (m_inFlight)
        m_inFlight->cancel->store(true);
}

void SegmentationSession::dispatch()
{
    if (m_inFlight || m_shutDown)
        return;
    if (m_pendingRefine) {
        EngineJob job = *m_pendingRefine;
        m_pendingRefine.reset();
        startJob(job);
    } else if (m_pendingExport) {
        EngineJob job = *m_pendingExport;
        m_pendingExport.reset();
        startJob(job);
    } else if (m_pendingSegment) {
        EngineJob job = *m_pendingSegment;
        m_pendingSegment.reset();
        startJob(job);
    } else if (m_prefetch) {
        EngineJob job = *m_prefetch;
        m_prefetch.reset();
        job.id = ++m_nextId;
        startJob(job);
    }
}

void SegmentationSession::startJob(const EngineJob &job)
{
    const bool wasBusy = isBusy();
    m_inFlight = job;
    ++m_jobsStarted;
    if (job.kind == JobKind::Segment)
        ++m_segmentJobsStarted;
    InferenceWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, job] { worker->process(job); },
                              Qt::QueuedConnection);
    Q_EMIT jobStarted(job.id, job.kind);
    if (!wasBusy)
        Q_EMIT busyChanged(true);
}

void SegmentationSession::deliverSegmentation(EngineOutcome outcome, quint64 asId)
{
    if (asId != m_latestSegmentId)
        return; // stale: a newer request exists
    outcome.id = asId;
    outcome.kind = JobKind::Segment;
    if (outcome.ok)
        Q_EMIT segmentationReady(outcome);
    else if (!outcome.cancelled)
        Q_EMIT failed(asId, outcome.imagePath, outcome.error);
}

void SegmentationSession::onFinished(const EngineOutcome &outcome)
{
    if (!m_inFlight || m_inFlight->id != outcome.id)
        return;
    const EngineJob job = *m_inFlight;
    m_inFlight.reset();
    switch (outcome.kind) {
    case JobKind::Segment:
        deliverSegmentation(outcome, outcome.id);
        break;
    case JobKind::Prefetch:
        if (outcome.ok)
            m_prefetched = Prefetched{job.params, outcome};
        if (m_adoptedBy != 0) {
            const quint64 adopted = m_adoptedBy;
            m_adoptedBy = 0;
            if (outcome.cancelled) { // adopted but stopped: run it for real
                EngineJob again = job;
                again.id = adopted;
                again.kind = JobKind::Segment;
                again.cancel = std::make_shared<std::atomic_bool>(false);
                if (adopted == m_latestSegmentId)
                    m_pendingSegment = again;
            } else {
                deliverSegmentation(outcome, adopted);
            }
        }
        break;
    case JobKind::Export:
        Q_EMIT exportFinished(outcome);
        break;
    case JobKind::Refine:
        if (outcome.id == m_latestRefineId) {
            if (outcome.ok)
                Q_EMIT refineReady(outcome);
            else if (!outcome.cancelled)
                Q_EMIT failed(outcome.id, outcome.imagePath, outcome.error);
        }
        break;
    }
    dispatch();
    if (!isBusy())
        Q_EMIT busyChanged(false);
}

void SegmentationSession::onProgress(quint64 id, double fraction, const QString &stage)
{
    if (!m_inFlight || m_inFlight->id != id)
        return;
    if (m_inFlight->kind == JobKind::Prefetch && m_adoptedBy == 0)
        return; // background work does not drive the progress bar
    Q_EMIT progress(m_adoptedBy != 0 ? m_adoptedBy : id, fraction, stage);
}

} // namespace dinosam::ui
