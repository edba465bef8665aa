#pragma once
// "Find similar" in the studio: the panel, the example, the worker job and the suggestions.
#include "enginejob.h"

#include <QObject>

#include <functional>
#include <optional>

class QDockWidget;
class QMainWindow;

namespace dinosam::ui {

class DocumentStore;
class FindSimilarPanel;
class SegmentationSession;
class SignalCompressor;

/**
 * The selected object of the image shown is the example. "Find in This Image" and every
 * parameter move afterwards search the image shown (cheap once its features are cached);
 * "Find in All Images" searches every image of the folder in the worker, with progress and
 * Cancel. What is found becomes each document's suggestions (one undo step per image),
 * labelled like the example, until accepted or rejected. Thread: GUI.
 */
class SimilarController : public QObject
{
    Q_OBJECT
public:
    SimilarController(QMainWindow *window, SegmentationSession *session, DocumentStore *documents,
                      std::function<QStringList()> folderPaths, std::function<SegmentationParams()> params);

    FindSimilarPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    void retranslate();
    /// The image shown changed: the status follows it.
    void documentShown();

Q_SIGNALS:
    /// Every suggestion of a search was placed (for tests and the status bar).
    void suggestionsReady(int count);

private:
    void find(bool wholeFolder);
    void start(const QStringList &targets);
    void onFinished(const EngineOutcome &outcome);
    void accept(bool everywhere);
    void reject(bool everywhere);
    void updateStatus();

    SegmentationSession *m_session;
    DocumentStore *m_documents;
    std::function<QStringList()> m_folderPaths;
    std::function<SegmentationParams()> m_params;
    FindSimilarPanel *m_panel;
    QDockWidget *m_dock;
    SignalCompressor *m_compressor;
    struct Example
    {
        QString image;
        cv::Mat mask;
        std::string label;
    };
    std::optional<Example> m_example;
    quint64 m_runningId = 0;
    bool m_lastWasFolder = false;
};

} // namespace dinosam::ui
