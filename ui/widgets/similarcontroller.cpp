#include "similarcontroller.h"

#include "documentstore.h"
#include "findsimilarpanel.h"
#include "histogramplot.h"
#include "maskrenderer.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "signalcompressor.h"
#include "sliderfield.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace dinosam::ui {

SimilarController::SimilarController(QMainWindow *window, SegmentationSession *session, DocumentStore *documents,
                                     std::function<QStringList()> folderPaths,
                                     std::function<SegmentationParams()> params)
    : QObject(window)
    , m_session(session)
    , m_documents(documents)
    , m_folderPaths(std::move(folderPaths))
    , m_params(std::move(params))
    , m_panel(new FindSimilarPanel(window))
    , m_dock(new QDockWidget(window))
    , m_compressor(new SignalCompressor(150, this))
    , m_histogram(new HistogramPlot(HistogramPlot::Quantity::Similarity, window))
{
    m_histogram->setObjectName(QStringLiteral("similarityHistogram"));
    m_dock->setObjectName(QStringLiteral("findSimilarDock"));
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    connect(m_panel, &FindSimilarPanel::findRequested, this, &SimilarController::find);
    connect(m_panel, &FindSimilarPanel::paramsEdited, m_compressor, &SignalCompressor::start);
    connect(m_compressor, &SignalCompressor::timeout, this, [this] {
        // A slider move searches the image shown again with the same example (features cached).
        const SegmentationDocument *doc = m_documents->current();
        if (m_example && !m_lastWasFolder && doc && !doc->imagePath().isEmpty())
            start({doc->imagePath()});
    });
    connect(m_panel, &FindSimilarPanel::acceptRequested, this, &SimilarController::accept);
    connect(m_panel, &FindSimilarPanel::rejectRequested, this, &SimilarController::reject);
    connect(m_panel, &FindSimilarPanel::cancelRequested, m_session, &SegmentationSession::cancelFindSimilar);
    connect(m_session, &SegmentationSession::similarFinished, this, &SimilarController::onFinished);
    connect(m_session, &SegmentationSession::progress, this, [this](quint64 id, double fraction, const QString &) {
        if (id == m_runningId && m_lastWasFolder)
            onProgress(fraction);
    });
    // The histogram's line and the panel's slider are one threshold.
    SliderField *similarity = m_panel->similarityField();
    m_histogram->setThreshold(similarity->value());
    connect(similarity, &SliderField::valueChanged, m_histogram, &HistogramPlot::setThreshold);
    connect(m_histogram, &HistogramPlot::thresholdDragged, similarity, &SliderField::setValue);
    connect(m_histogram, &HistogramPlot::thresholdReleased, m_compressor, &SignalCompressor::flush);
    // Leaving the dock (another tab, closed) shows the discovery map again; coming back, the similarity map.
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this] {
        if (!m_searched.isEmpty())
            Q_EMIT similarityViewChanged();
    });
    connect(m_session, &SegmentationSession::failed, this, [this](quint64 id, const QString &, const QString &message) {
        if (id != m_runningId)
            return;
        m_runningId = 0;
        m_panel->setProgress(-1);
        m_panel->setStatus(tr("Find similar failed: %1").arg(message));
    });
    retranslate();
}

void SimilarController::retranslate()
{
    m_dock->setWindowTitle(tr("Find Similar"));
    updateStatus();
}

bool SimilarController::isSearching() const
{
    return m_runningId != 0 || !m_compressor->isIdle();
}

void SimilarController::documentShown()
{
    updateStatus();
    updateHistogram();
}

void SimilarController::discoveryRan(const QString &path)
{
    if (m_searched.remove(path) > 0)
        updateHistogram();
}

std::optional<SimilarController::SimilarityView> SimilarController::similarityViewFor(const QString &path)
{
    const auto it = m_searched.find(path);
    SegmentationDocument *doc = m_documents->find(path);
    // A dock in an unselected tab stays "visible" (moved out of sight): ask what shows of it.
    const bool dockShown = m_dock->isVisible() && !m_dock->visibleRegion().isEmpty();
    if (it == m_searched.end() || !dockShown || !doc || !doc->hasImage())
        return std::nullopt;
    if (it->rendered.isNull() || it->renderedFrom != doc->image().cacheKey()) {
        // The discovery heat-map's renderer, so the two maps read alike.
        try {
            it->rendered = renderHeatmap(doc->rgb(), it->map);
        } catch (const std::exception &e) { // never out of a slot: show the discovery map
            qWarning("similarity map rendering failed: %s", e.what());
            return std::nullopt;
        }
        it->renderedFrom = doc->image().cacheKey();
    }
    return SimilarityView{it->rendered, it->boxes};
}

void SimilarController::updateHistogram()
{
    const SegmentationDocument *doc = m_documents->current();
    const auto it = doc ? m_searched.constFind(doc->imagePath()) : m_searched.constEnd();
    m_histogram->setValues(it != m_searched.constEnd() ? it->map : cv::Mat());
}

void SimilarController::find(bool wholeFolder)
{
    SegmentationDocument *doc = m_documents->current();
    const int index = doc ? doc->selectedIndex() : -1;
    if (!doc || index < 0 || doc->imagePath().isEmpty()) {
        m_panel->setStatus(tr("Select the example object first (click it, or pick it in the object list)."));
        return;
    }
    const SegmentedObject &example = *doc->objects()[size_t(index)].object;
    m_example = Example{doc->imagePath(), example.mask.clone(), example.label};
    m_lastWasFolder = wholeFolder;
    start(wholeFolder ? m_folderPaths() : QStringList{doc->imagePath()});
}

void SimilarController::start(const QStringList &targets)
{
    if (!m_example || targets.isEmpty())
        return;
    auto request = std::make_shared<SimilarRequest>();
    request->exampleImage = m_example->image;
    request->exampleMask = m_example->mask;
    request->label = m_example->label;
    const SegmentationParams p = m_params();
    SimilarityParams base;
    base.dinoModel = p.dinoModel;
    base.sam2Model = p.sam2Model;
    base.dinoInputSize = p.dinoInputSize;
    base.promptType = p.promptType;
    base.duplicateIou = p.duplicateIou;
    request->params = m_panel->params(base);
    request->targets = targets;
    for (const QString &path : targets)
        if (const SegmentationDocument *doc = m_documents->find(path)) {
            std::vector<cv::Mat> masks; // what the image has already (its suggestions are replaced)
            for (const DocumentObject &o : doc->objects())
                if (!o.suggested)
                    masks.push_back(o.object->mask);
            request->existing.insert(path, masks);
        }
    m_runningId = m_session->requestFindSimilar(request);
    m_runningTargets = int(targets.size());
    m_runningClock.start();
    if (m_lastWasFolder)
        onProgress(0);
    m_panel->setStatus(tr("Searching %n image(s)…", nullptr, int(targets.size())));
}

void SimilarController::onFinished(const EngineOutcome &outcome)
{
    if (outcome.id != m_runningId || !outcome.similarReport)
        return;
    m_runningId = 0;
    m_panel->setProgress(-1);
    const SimilarReport &report = *outcome.similarReport;
    const std::string label = m_example ? m_example->label : std::string();
    int placed = 0;
    for (auto it = report.results.begin(); it != report.results.end(); ++it) {
        SegmentationDocument *doc = m_documents->documentFor(it.key());
        if (!doc->result()) {
            // Not segmented yet: the suggestions are its first objects (its picture loads when shown).
            auto empty = std::make_shared<SegmentationResult>();
            empty->imageName = QFileInfo(it.key()).fileName().toStdString();
            empty->imageSize = it.value()->imageSize;
            empty->params = m_params();
            doc->restore(it.key(), empty, {});
        }
        doc->setSuggestions(it.value()->objects, label);
        placed += int(it.value()->objects.size());
        remember(it.key(), *it.value());
    }
    updateStatus();
    updateHistogram();
    if (report.cancelled)
        m_panel->setStatus(tr("Cancelled: %n suggestion(s) so far.", nullptr, placed));
    else if (!report.failures.isEmpty())
        m_panel->setStatus(tr("%n suggestion(s); %1 image(s) failed, e.g. %2: %3", nullptr, placed)
                               .arg(report.failures.size())
                               .arg(QFileInfo(report.failures.front().first).fileName(), report.failures.front().second));
    Q_EMIT suggestionsReady(placed);
    if (!report.results.isEmpty())
        Q_EMIT similarityViewChanged();
}

void SimilarController::remember(const QString &path, const SimilarityResult &result)
{
    SearchedImage searched;
    const cv::Mat &map = result.similarityMap;
    if (!map.empty() && map.type() == CV_32F) {
        // A folder's worth of image-sized float maps would be large; the view and the histogram
        // need no more than the screen shows (renderHeatmap resizes to the picture).
        const double scale = std::min(1.0, double(kMapSide) / std::max(map.cols, map.rows));
        if (scale < 1.0)
            cv::resize(map, searched.map, cv::Size(), scale, scale, cv::INTER_AREA);
        else
            searched.map = map.clone();
    }
    for (const DiscoveredRegion &r : result.regions)
        searched.boxes << QRectF(r.box.x, r.box.y, r.box.width, r.box.height);
    m_searched.insert(path, std::move(searched));
}

void SimilarController::onProgress(double fraction)
{
    const int done = std::clamp(int(std::lround(fraction * m_runningTargets)), 0, m_runningTargets);
    m_panel->setProgress(fraction, FindSimilarPanel::progressText(done, m_runningTargets,
                                                                  m_runningClock.elapsed() / 1000.0));
}

void SimilarController::accept(bool everywhere)
{
    if (everywhere) {
        for (SegmentationDocument *doc : m_documents->all())
            doc->acceptSuggestions();
    } else if (SegmentationDocument *doc = m_documents->current()) {
        doc->acceptSuggestions();
    }
    updateStatus();
}

void SimilarController::reject(bool everywhere)
{
    if (everywhere) {
        for (SegmentationDocument *doc : m_documents->all())
            doc->rejectSuggestions();
    } else if (SegmentationDocument *doc = m_documents->current()) {
        doc->rejectSuggestions();
    }
    updateStatus();
}

void SimilarController::updateStatus()
{
    const SegmentationDocument *current = m_documents->current();
    const int here = current ? current->suggestionCount() : 0;
    int elsewhere = 0, images = 0;
    for (const SegmentationDocument *doc : m_documents->all())
        if (doc != current && doc->suggestionCount() > 0) {
            elsewhere += doc->suggestionCount();
            ++images;
        }
    if (here == 0 && elsewhere == 0)
        m_panel->setStatus(m_example ? tr("No suggestions open.") : QString());
    else
        m_panel->setStatus(tr("%n suggestion(s) in this image", nullptr, here) +
                           (images ? tr(", %n in %1 other image(s)", nullptr, elsewhere).arg(images) : QString()) +
                           QLatin1Char('.'));
}

} // namespace dinosam::ui
