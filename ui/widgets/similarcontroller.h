#pragma once
// "Find similar" in the studio: the panel, the example, the worker job and the suggestions.
#include "enginejob.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QRectF>

#include <functional>
#include <optional>

class QDockWidget;
class QMainWindow;

namespace dinosam::ui {

class DocumentStore;
class FindSimilarPanel;
class HistogramPlot;
class SegmentationSession;
class SignalCompressor;

/**
 * The selected object of the image shown is the example. "Find in This Image" and every
 * parameter move afterwards search the image shown (cheap once its features are cached);
 * "Find in All Images" searches every image of the folder in the worker, with progress and
 * Cancel. What is found becomes each document's suggestions (one undo step per image),
 * labelled like the example, until accepted or rejected.
 *
 * It also keeps each searched image's similarity map (the latest search of it): while the
 * dock is shown, the window's middle panel shows that map instead of the discovery map
 * (similarityViewFor()), and histogram() plots it with the similarity threshold as its
 * draggable line, bound to the panel's slider both ways. A discovery run of the image
 * replaces its map (discoveryRan()). Thread: GUI.
 */
class SimilarController : public QObject
{
    Q_OBJECT
public:
    SimilarController(QMainWindow *window, SegmentationSession *session, DocumentStore *documents,
                      std::function<QStringList()> folderPaths, std::function<SegmentationParams()> params);

    /// What the middle panel shows for an image instead of its discovery map.
    struct SimilarityView
    {
        QImage image;        ///< the similarity map blended over the original, as the discovery heat-map
        QList<QRectF> boxes; ///< the search's candidate regions, image pixels
    };

    FindSimilarPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    /// The similarity histogram (the window puts it among its plots).
    HistogramPlot *histogram() const { return m_histogram; }
    void retranslate();
    /// A search is running or a parameter move's search is still to start (tests wait on it).
    bool isSearching() const;
    /// The image shown changed: the status and the histogram follow it.
    void documentShown();
    /// A discovery result of @p path arrived: the discovery map is shown again for it.
    void discoveryRan(const QString &path);
    /// The similarity view of @p path, while there is one to show: the latest search of the
    /// image ended, no discovery ran on it since, the dock is shown and the picture is loaded.
    /// Rendered on the first ask, then cached. Else nullopt (show the discovery map).
    std::optional<SimilarityView> similarityViewFor(const QString &path);

Q_SIGNALS:
    /// Every suggestion of a search was placed (for tests and the status bar).
    void suggestionsReady(int count);
    /// What similarityViewFor() gives may have changed (a search ended, the dock was shown
    /// or hidden): the window shows the image again.
    void similarityViewChanged();

private:
    void find(bool wholeFolder);
    void start(const QStringList &targets);
    void onFinished(const EngineOutcome &outcome);
    void accept(bool everywhere);
    void reject(bool everywhere);
    void updateStatus();
    void updateHistogram();
    void remember(const QString &path, const SimilarityResult &result);
    void onProgress(double fraction);

    SegmentationSession *m_session;
    DocumentStore *m_documents;
    std::function<QStringList()> m_folderPaths;
    std::function<SegmentationParams()> m_params;
    FindSimilarPanel *m_panel;
    QDockWidget *m_dock;
    SignalCompressor *m_compressor;
    HistogramPlot *m_histogram;
    struct Example
    {
        QString image;
        cv::Mat mask;
        std::string label;
    };
    std::optional<Example> m_example;
    /// The latest search of an image, kept small: the map at display resolution.
    struct SearchedImage
    {
        cv::Mat map; ///< CV_32F in [0, 1], at most kMapSide pixels on its long side
        QList<QRectF> boxes;
        QImage rendered;          ///< cached view
        qint64 renderedFrom = 0;  ///< cache key of the picture it was rendered over
    };
    static constexpr int kMapSide = 1024;
    QHash<QString, SearchedImage> m_searched;
    quint64 m_runningId = 0;
    int m_runningTargets = 0;
    QElapsedTimer m_runningClock;
    bool m_lastWasFolder = false;
};

} // namespace dinosam::ui
