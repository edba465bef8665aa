#include "inferenceworker.h"

#include "imageconvert.h"
#include "maskrenderer.h"

#include "export/batchexporter.h"

#include <QElapsedTimer>
#include <QDir>
#include <QFileInfo>

#include <exception>

namespace dinosam::ui {

InferenceWorker::InferenceWorker(std::shared_ptr<InferenceEngine> engine, QObject *parent)
    : QObject(parent)
    , m_engine(std::move(engine))
{
}

InferenceWorker::OpenedImage InferenceWorker::openOrImageError(const QString &path)
{
    try {
        return open(path);
    } catch (const EngineError &) {
        throw;
    } catch (const EngineCancelled &) {
        throw;
    } catch (const std::exception &e) {
        // openImage() failing is a problem of this image, whatever the engine threw.
        throw EngineError(ErrorKind::Image, e.what());
    }
}

InferenceWorker::OpenedImage InferenceWorker::open(const QString &path)
{
    OpenedImage opened;
    opened.image = m_engine->openImage(path.toStdString());
    if (opened.image.rgb.empty() || opened.image.rgb.type() != CV_8UC3)
        throw std::runtime_error("the image could not be decoded");
    if (opened.image.key != m_lastImageKey || m_lastQImage.isNull()) {
        m_lastQImage = toQImage(opened.image.rgb);
        m_lastImageKey = opened.image.key;
    }
    opened.qimage = m_lastQImage;
    return opened;
}

void InferenceWorker::process(const EngineJob &job)
{
    QElapsedTimer timer;
    timer.start();
    EngineOutcome out;
    out.id = job.id;
    out.kind = job.kind;
    out.imagePath = job.imagePath;
    out.targetUid = job.targetUid;
    out.documentGeneration = job.documentGeneration;
    const auto cancelFlag = job.cancel;
    const CancelFn cancel = [cancelFlag] { return cancelFlag && cancelFlag->load(); };
    try {
        if (cancel())
            throw EngineCancelled();
        if (job.kind == JobKind::Export) {
            out.exportReport = runExport(job, cancel);
            out.ok = true;
            out.cancelled = out.exportReport->cancelled;
            out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT finished(out);
            return;
        }
        if (job.kind == JobKind::FindSimilar) {
            out.similarReport = runFindSimilar(job, cancel);
            out.ok = true;
            out.cancelled = out.similarReport->cancelled;
            out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT finished(out);
            return;
        }
        if (job.kind == JobKind::Video) {
            runVideo(job, cancel, out);
            out.ok = true;
            out.cancelled = out.videoReport->cancelled;
            out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT finished(out);
            return;
        }
        if (job.kind == JobKind::SpeculateSimilar) {
            const SimilarRequest &request = *job.similarRequest;
            out.speculationComplete = m_engine->speculateSimilar(
                m_engine->openImage(job.imagePath.toStdString()),
                m_engine->openImage(request.exampleImage.toStdString()), request.exampleMask, request.params,
                request.existing.value(job.imagePath), cancel);
            out.ok = true;
            out.cancelled = !out.speculationComplete && cancel();
            out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT finished(out);
            return;
        }
        if (job.kind == JobKind::Speculate) {
            out.speculationComplete = m_engine->speculate(m_engine->openImage(job.imagePath.toStdString()),
                                                          job.params, cancel);
            out.ok = true;
            out.cancelled = !out.speculationComplete && cancel();
            out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
            Q_EMIT finished(out);
            return;
        }
        const OpenedImage img = openOrImageError(job.imagePath);
        out.image = img.qimage;
        const quint64 id = job.id;
        const ProgressFn progressFn = [this, id](double f, const std::string &stage) {
            Q_EMIT progress(id, f, QString::fromStdString(stage));
        };
        if (job.kind == JobKind::Refine) {
            auto object = std::make_shared<SegmentedObject>(
                m_engine->refine(img.image, job.params, job.prompt, cancel));
            out.object = std::move(object);
        } else {
            const std::string name = QFileInfo(job.imagePath).fileName().toStdString();
            QElapsedTimer engineTimer;
            engineTimer.start();
            auto result = std::make_shared<SegmentationResult>(
                m_engine->segment(img.image, name, job.params, progressFn, cancel));
            out.engineMs = static_cast<double>(engineTimer.nsecsElapsed()) / 1e6;
            if (cancel())
                throw EngineCancelled();
            // The attention map depends on the image and the DINOv2 settings only: slider
            // moves keep it, so keep its rendering (and its QImage cache key) too.
            const QString heatKey = job.imagePath + QLatin1Char('|')
                + QString::fromStdString(job.params.dinoModel) + QLatin1Char('|')
                + QString::number(job.params.dinoInputSize);
            if (heatKey != m_lastHeatKey || m_lastHeatmap.size() != out.image.size()) {
                m_lastHeatmap = renderHeatmap(img.image.rgb, result->discoveryMap);
                m_lastHeatKey = heatKey;
            }
            out.heatmap = m_lastHeatmap;
            out.overlay = renderMaskOverlay(img.image.rgb, result->objects);
            out.result = std::move(result);
        }
        out.ok = true;
    } catch (const EngineCancelled &) {
        out.cancelled = true;
    } catch (const EngineError &e) {
        out.error = QString::fromUtf8(e.what());
        out.errorKind = e.kind();
    } catch (const ExportError &e) {
        out.error = QString::fromUtf8(e.what());
        out.errorKind = ErrorKind::Io;
    } catch (const std::exception &e) {
        out.error = QString::fromUtf8(e.what());
        out.errorKind = ErrorKind::Other;
    } catch (...) {
        out.error = tr("unknown error");
        out.errorKind = ErrorKind::Other;
    }
    if (!out.ok && !out.cancelled && out.error.isEmpty())
        out.error = tr("unknown error");
    if (out.cancelled)
        out.errorKind = ErrorKind::Cancelled;
    out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    Q_EMIT finished(out);
}

std::shared_ptr<const ExportReport> InferenceWorker::runExport(const EngineJob &job,
                                                              const CancelFn &cancel)
{
    // core/export's batch export, the same as the CLI's: formats from the registry, one COCO file
    // for the batch, equal base names made unique, atomic writes, stop at the first write failure.
    auto report = std::make_shared<ExportReport>();
    const ExportRequest &request = *job.exportRequest;
    const int n = static_cast<int>(request.paths.size());
    std::vector<std::filesystem::path> paths;
    for (const QString &p : request.paths)
        paths.emplace_back(p.toStdString());
    BatchCallbacks callbacks;
    callbacks.cancelled = cancel;
    callbacks.produce = [&](size_t i, const std::filesystem::path &) {
        const QString path = request.paths[int(i)];
        Q_EMIT progress(job.id, static_cast<double>(i) / n, QFileInfo(path).fileName());
        const OpenedImage img = open(path);
        BatchImage out;
        if (i == 0 && request.currentResult)
            out.result = *request.currentResult;
        else if (const auto edited = request.editedResults.value(path))
            out.result = *edited; // the user's edits of an image other than the current one
        else
            out.result = m_engine->segment(img.image, QFileInfo(path).fileName().toStdString(), job.params, {}, cancel);
        out.rgb = img.image.rgb;
        return out;
    };
    try {
        const BatchReport batch = exportBatch(paths, request.outputDir.toStdString(), request.formats, request.options,
                                              callbacks);
        report->imagesDone = batch.imagesDone;
        for (const auto &file : batch.files)
            report->files << QString::fromStdString(file.string());
        for (const auto &[path, reason] : batch.failures)
            report->failures.append({QString::fromStdString(path.string()), QString::fromUtf8(reason.c_str())});
        for (const auto &note : batch.notes)
            report->notes << QString::fromUtf8(note.c_str());
        report->cancelled = batch.cancelled;
        if (batch.stoppedOnWriteError)
            report->stopReason = QString::fromUtf8(batch.stopReason.c_str());
    } catch (const std::exception &e) { // no format chosen / unknown id
        report->failures.append({request.outputDir, QString::fromUtf8(e.what())});
    }
    Q_EMIT progress(job.id, 1.0, QString());
    return report;
}

void InferenceWorker::runVideo(const EngineJob &job, const CancelFn &cancel, EngineOutcome &out)
{
    out.videoRequest = job.videoRequest;
    const quint64 id = job.id;
    const VideoFrameFn frameFn = [this, id](const VideoFrameMasks &masks, size_t done, size_t total) {
        Q_EMIT videoFrameTracked(id, masks);
        Q_EMIT progress(id, total ? double(done) / double(total) : 1.0, tr("frame %1").arg(masks.frame + 1));
    };
    const ProgressFn progressFn = [this, id](double f, const std::string &stage) {
        Q_EMIT progress(id, f, QString::fromStdString(stage));
    };
    QElapsedTimer engineTimer;
    engineTimer.start();
    auto report = std::make_shared<VideoReport>(
        m_engine->runVideo(*job.videoRequest, job.params, frameFn, progressFn, cancel));
    out.engineMs = static_cast<double>(engineTimer.nsecsElapsed()) / 1e6;
    if (!report->discoveryMap.empty() && !report->frameRgb.empty())
        out.heatmap = renderHeatmap(report->frameRgb, report->discoveryMap);
    report->frameRgb.release(); // rendered: the GUI reads frames itself
    report->discoveryMap.release();
    out.videoReport = std::move(report);
}

std::shared_ptr<const SimilarReport> InferenceWorker::runFindSimilar(const EngineJob &job, const CancelFn &cancel)
{
    // One image at a time, so that a folder run reports progress and stops at Cancel between
    // images; the example's features are cached by the engine after the first.
    auto report = std::make_shared<SimilarReport>();
    const SimilarRequest &request = *job.similarRequest;
    const EngineImage example = m_engine->openImage(request.exampleImage.toStdString());
    const int n = int(request.targets.size());
    for (int i = 0; i < n; ++i) {
        const QString &path = request.targets[i];
        if (cancel()) {
            report->cancelled = true;
            break;
        }
        Q_EMIT progress(job.id, double(i) / n, QFileInfo(path).fileName());
        try {
            const EngineImage target = m_engine->openImage(path.toStdString());
            report->results.insert(path, std::make_shared<SimilarityResult>(m_engine->findSimilar(
                                             target, example, request.exampleMask, request.params,
                                             request.existing.value(path), cancel)));
        } catch (const EngineCancelled &) {
            report->cancelled = true;
            break;
        } catch (const std::exception &e) {
            report->failures.append({path, QString::fromUtf8(e.what())});
        }
    }
    Q_EMIT progress(job.id, 1.0, QString());
    return report;
}

} // namespace dinosam::ui
