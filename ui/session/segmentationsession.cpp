#include "segmentationsession.h"

#include "inferenceworker.h"

#include <QTimer>

namespace dinosam::ui {
namespace {

bool isSpeculation(JobKind kind)
{
    return kind == JobKind::Speculate || kind == JobKind::SpeculateSimilar;
}

/// What a similarity speculation covers: the query without its threshold (masks by size and
/// pixel sum: a cheap fingerprint, a false mismatch only costs a speculation that decodes nothing).
QString similarSpeculationKey(const SimilarRequest &r)
{
    auto maskKey = [](const cv::Mat &m) {
        return m.empty() ? QStringLiteral("-")
                         : QStringLiteral("%1x%2:%3").arg(m.cols).arg(m.rows).arg(cv::sum(m)[0], 0, 'g', 17);
    };
    const SimilarityParams &p = r.params;
    QStringList parts{r.exampleImage, r.targets.join(QLatin1Char('\n')), maskKey(r.exampleMask),
                      QString::number(p.maxInstances), QString::number(p.minArea),
                      QString::number(int(p.promptType)), QString::number(p.overlapIou),
                      QString::number(p.duplicateIou), QString::number(int(p.multiScale)),
                      QString::number(p.minExamplePatches), QString::number(p.maxInputSize),
                      QString::fromStdString(p.dinoModel), QString::fromStdString(p.sam2Model),
                      QString::number(p.dinoInputSize)};
    for (const cv::Mat &m : r.existing.value(r.targets.value(0)))
        parts << maskKey(m);
    return parts.join(QLatin1Char('|'));
}

} // namespace

SegmentationSession::SegmentationSession(std::shared_ptr<InferenceEngine> engine,
                                         QObject *parent)
    : QObject(parent)
    , m_engine(std::move(engine))
{
    qRegisterMetaType<dinosam::ui::EngineOutcome>();
    qRegisterMetaType<dinosam::ui::EngineJob>();
    qRegisterMetaType<dinosam::ui::ErrorKind>();
    qRegisterMetaType<dinosam::ui::VideoFrameMasks>();
    qRegisterMetaType<dinosam::ui::VideoOp>();
    m_thread.setObjectName(QStringLiteral("dinosam-inference"));
    m_worker = new InferenceWorker(m_engine);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &InferenceWorker::finished, this, &SegmentationSession::onFinished,
            Qt::QueuedConnection);
    connect(m_worker, &InferenceWorker::progress, this, &SegmentationSession::onProgress,
            Qt::QueuedConnection);
    connect(
        m_worker, &InferenceWorker::videoFrameTracked, this,
        [this](quint64 id, const VideoFrameMasks &masks) {
            if (m_inFlight && m_inFlight->id == id)
                Q_EMIT videoFrameTracked(id, masks);
        },
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
    m_speculate.reset(); // rescheduled when this request's result arrives
    if (m_shutDown)
        return id;
    if (m_inFlight && isSpeculation(m_inFlight->kind))
        m_inFlight->cancel->store(true); // the user is waiting

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
    preemptBackgroundWork(); // the user is waiting
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
    preemptBackgroundWork();
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

quint64 SegmentationSession::requestFindSimilar(std::shared_ptr<const SimilarRequest> request)
{
    const quint64 id = ++m_nextId;
    m_latestSimilarId = id;
    if (m_shutDown)
        return id;
    preemptBackgroundWork();
    m_speculate.reset(); // rescheduled when this request's result arrives
    if (m_inFlight && m_inFlight->kind == JobKind::FindSimilar)
        m_inFlight->cancel->store(true); // superseded
    EngineJob job;
    job.id = id;
    job.kind = JobKind::FindSimilar;
    job.imagePath = request->targets.value(0);
    job.similarRequest = std::move(request);
    m_pendingSimilar = job;
    dispatch();
    return id;
}

quint64 SegmentationSession::requestVideo(std::shared_ptr<const VideoRequest> request, const SegmentationParams &params)
{
    const quint64 id = ++m_nextId;
    if (m_shutDown)
        return id;
    preemptBackgroundWork(); // the user is waiting
    EngineJob job;
    job.id = id;
    job.kind = JobKind::Video;
    job.imagePath = QString::fromStdString(request->path);
    job.params = params;
    job.videoRequest = std::move(request);
    m_pendingVideo.push_back(job);
    dispatch();
    return id;
}

void SegmentationSession::dropVideoJobs(const std::function<bool(const EngineJob &)> &which)
{
    for (auto it = m_pendingVideo.begin(); it != m_pendingVideo.end();) {
        if (!which(*it)) {
            ++it;
            continue;
        }
        // Every video request is answered once: a dropped one as cancelled, on the next turn.
        EngineOutcome outcome;
        outcome.id = it->id;
        outcome.kind = JobKind::Video;
        outcome.imagePath = it->imagePath;
        outcome.cancelled = true;
        outcome.errorKind = ErrorKind::Cancelled;
        outcome.videoRequest = it->videoRequest;
        QTimer::singleShot(0, this, [this, outcome] { Q_EMIT videoFinished(outcome); });
        it = m_pendingVideo.erase(it);
    }
}

void SegmentationSession::cancelVideo()
{
    dropVideoJobs([](const EngineJob &) { return true; });
    if (m_inFlight && m_inFlight->kind == JobKind::Video)
        m_inFlight->cancel->store(true);
}

void SegmentationSession::cancelVideoRequest(quint64 id)
{
    dropVideoJobs([id](const EngineJob &job) { return job.id == id; });
    if (m_inFlight && m_inFlight->id == id)
        m_inFlight->cancel->store(true);
}

int SegmentationSession::videoRequestsPending() const
{
    return int(m_pendingVideo.size()) + (m_inFlight && m_inFlight->kind == JobKind::Video ? 1 : 0);
}

void SegmentationSession::cancelFindSimilar()
{
    m_pendingSimilar.reset();
    if (m_inFlight && m_inFlight->kind == JobKind::FindSimilar)
        m_inFlight->cancel->store(true);
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

void SegmentationSession::preemptBackgroundWork()
{
    if (m_inFlight && (m_inFlight->kind == JobKind::Prefetch || isSpeculation(m_inFlight->kind)))
        m_inFlight->cancel->store(true);
}

void SegmentationSession::scheduleSpeculation(const QString &path, const SegmentationParams &params)
{
    if (!m_engine->supportsSpeculation() || m_shutDown)
        return;
    SegmentationParams anyThreshold = params;
    anyThreshold.attentionThreshold = 0;
    if (m_speculated && m_speculated->first == path && m_speculated->second == anyThreshold)
        return; // every threshold of these parameters is cached already
    EngineJob job;
    job.kind = JobKind::Speculate;
    job.imagePath = path;
    job.params = params;
    m_speculate = job;
}

void SegmentationSession::scheduleSimilarSpeculation(std::shared_ptr<const SimilarRequest> request)
{
    // Only the slider's case: one image searched, its features cached by the run just done.
    if (!m_engine->supportsSpeculation() || m_shutDown || !request || request->targets.size() != 1)
        return;
    if (similarSpeculationKey(*request) == m_similarSpeculated)
        return; // every threshold of this query is cached already
    EngineJob job;
    job.kind = JobKind::SpeculateSimilar;
    job.imagePath = request->targets.front();
    job.similarRequest = std::move(request);
    m_speculate = job;
}

void SegmentationSession::cancelAll()
{
    m_speculate.reset();
    m_pendingSegment.reset();
    m_pendingRefine.reset();
    m_pendingExport.reset();
    m_pendingSimilar.reset();
    dropVideoJobs([](const EngineJob &) { return true; });
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
    } else if (!m_pendingVideo.empty()) {
        EngineJob job = m_pendingVideo.front();
        m_pendingVideo.pop_front();
        startJob(job);
    } else if (m_pendingSimilar) {
        EngineJob job = *m_pendingSimilar;
        m_pendingSimilar.reset();
        startJob(job);
    } else if (m_pendingExport) {
        EngineJob job = *m_pendingExport;
        m_pendingExport.reset();
        startJob(job);
    } else if (m_pendingSegment) {
        EngineJob job = *m_pendingSegment;
        m_pendingSegment.reset();
        startJob(job);
    } else if (m_speculate) {
        EngineJob job = *m_speculate;
        m_speculate.reset();
        job.id = ++m_nextId;
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
    if (outcome.ok) {
        if (outcome.result)
            scheduleSpeculation(outcome.imagePath, outcome.result->params);
        Q_EMIT segmentationReady(outcome);
    } else if (!outcome.cancelled)
        Q_EMIT failed(asId, outcome.imagePath, outcome.error, outcome.errorKind);
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
    case JobKind::Speculate:
        if (outcome.speculationComplete) {
            SegmentationParams anyThreshold = job.params;
            anyThreshold.attentionThreshold = 0;
            m_speculated = std::make_pair(job.imagePath, anyThreshold);
        } else if (!outcome.ok && !outcome.cancelled) {
            qWarning("speculation failed: %s", qPrintable(outcome.error)); // background work: not the user's error
        }
        Q_EMIT speculationFinished(job.imagePath, outcome.speculationComplete, outcome.elapsedMs);
        break;
    case JobKind::SpeculateSimilar:
        if (outcome.speculationComplete)
            m_similarSpeculated = similarSpeculationKey(*job.similarRequest);
        else if (!outcome.ok && !outcome.cancelled)
            qWarning("speculation failed: %s", qPrintable(outcome.error)); // background work: not the user's error
        Q_EMIT speculationFinished(job.imagePath, outcome.speculationComplete, outcome.elapsedMs);
        break;
    case JobKind::FindSimilar:
        if (outcome.id == m_latestSimilarId) {
            if (outcome.ok && !outcome.cancelled)
                scheduleSimilarSpeculation(job.similarRequest);
            if (outcome.ok)
                Q_EMIT similarFinished(outcome);
            else if (!outcome.cancelled)
                Q_EMIT failed(outcome.id, outcome.imagePath, outcome.error, outcome.errorKind);
        }
        break;
    case JobKind::Video:
        if (outcome.ok || outcome.cancelled)
            Q_EMIT videoFinished(outcome);
        else
            Q_EMIT failed(outcome.id, outcome.imagePath, outcome.error, outcome.errorKind);
        break;
    case JobKind::Refine:
        if (outcome.id == m_latestRefineId) {
            if (outcome.ok)
                Q_EMIT refineReady(outcome);
            else if (!outcome.cancelled)
                Q_EMIT failed(outcome.id, outcome.imagePath, outcome.error, outcome.errorKind);
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
