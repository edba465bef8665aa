#include "inferenceworker.h"

#include "imageconvert.h"
#include "maskrenderer.h"

#include "export/resultexporter.h"

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
        const OpenedImage img = open(job.imagePath);
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
    } catch (const std::exception &e) {
        out.error = QString::fromUtf8(e.what());
    } catch (...) {
        out.error = tr("unknown error");
    }
    if (!out.ok && !out.cancelled && out.error.isEmpty())
        out.error = tr("unknown error");
    out.elapsedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    Q_EMIT finished(out);
}

std::shared_ptr<const ExportReport> InferenceWorker::runExport(const EngineJob &job,
                                                              const CancelFn &cancel)
{
    auto report = std::make_shared<ExportReport>();
    const ExportRequest &request = *job.exportRequest;
    const int n = static_cast<int>(request.paths.size());
    const std::filesystem::path outDir = request.outputDir.toStdString();
    for (int i = 0; i < n; ++i) {
        const QString path = request.paths[i];
        if (cancel()) {
            report->cancelled = true;
            break;
        }
        Q_EMIT progress(job.id, static_cast<double>(i) / n, QFileInfo(path).fileName());
        try {
            const OpenedImage img = open(path);
            SegmentationResult result;
            if (i == 0 && request.currentResult) {
                result = *request.currentResult;
            } else {
                result = m_engine->segment(img.image, QFileInfo(path).fileName().toStdString(),
                                           job.params, {}, cancel);
            }
            for (const auto &file : exportResult(result, img.image.rgb, outDir, request.options))
                report->files << QString::fromStdString(file.string());
            if (request.overlay) {
                const QString name = QString::fromStdString(exportBaseName(result, request.options));
                const QString file = QDir(request.outputDir).filePath(name + QStringLiteral("_overlay.png"));
                if (!renderMaskOverlay(img.image.rgb, result.objects).save(file))
                    throw std::runtime_error(QStringLiteral("%1: cannot write the file").arg(file).toStdString());
                report->files << file;
            }
            ++report->imagesDone;
        } catch (const EngineCancelled &) {
            report->cancelled = true;
            break;
        } catch (const std::exception &e) {
            report->failures.append({path, QString::fromUtf8(e.what())});
        } catch (...) {
            report->failures.append({path, tr("unknown error")});
        }
    }
    Q_EMIT progress(job.id, 1.0, QString());
    return report;
}

} // namespace dinosam::ui
