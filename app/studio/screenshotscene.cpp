#include "screenshotscene.h"

#include "languagemanager.h"
#include "mainwindow.h"
#include "segmentationdocument.h"
#include "findsimilarpanel.h"
#include "similarcontroller.h"
#include "threepanelview.h"
#include "parameterpanel.h"
#include "videocontroller.h"
#include "videodocument.h"

#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QPushButton>
#include <QTimer>

#include <cstdio>

namespace dinosam::studio {

ScreenshotScene::ScreenshotScene(ui::MainWindow *window, ui::LanguageManager *languages, QString file,
                                 QString scene, QStringList inputs, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_languages(languages)
    , m_file(std::move(file))
    , m_scene(std::move(scene))
{
    if (m_scene == QLatin1String("welcome")) {
        QTimer::singleShot(300, this, [this] {
            if (!m_window->showWelcomeIfNeeded()) {
                std::fprintf(stderr, "screenshot: the models are installed, no welcome to show\n");
                save(m_window, 1);
                return;
            }
            QTimer::singleShot(700, this, [this] {
                auto *dialog = m_window->findChild<QDialog *>(QStringLiteral("welcomeDialog"));
                save(dialog ? static_cast<QWidget *>(dialog) : m_window, dialog ? 0 : 1);
            });
        });
        return;
    }
    if (m_scene == QLatin1String("video")) {
        QTimer::singleShot(580000, this, [this] { save(m_window, 2); });
        const QString path = inputs.value(0);
        QTimer::singleShot(300, this, [this, path] { startVideo(path); });
        return;
    }
    connect(m_window, &ui::MainWindow::segmentationShown, this, &ScreenshotScene::onShown);
    connect(m_window, &ui::MainWindow::imageFailed, this, [this] { QTimer::singleShot(300, this, [this] { save(m_window, 1); }); });
    connect(m_window, &ui::MainWindow::modelProblem, this, [this] { QTimer::singleShot(300, this, [this] { save(m_window, 1); }); });
    QTimer::singleShot(580000, this, [this] { save(m_window, 2); });
    if (!m_window->engineMessage().isEmpty())
        QTimer::singleShot(500, this, [this] { save(m_window, 1); });
}

void ScreenshotScene::onShown()
{
    if (m_done)
        return;
    m_done = true;
    if (m_scene == QLatin1String("zoom")) {
        // Centre the masks panel on the left edge of the largest object and zoom to 16 screen
        // pixels per image pixel: the mask's outline shows as single pixels.
        ui::SegmentationDocument *doc = m_window->document();
        ui::ImagePanel *panel = m_window->view()->panel(ui::ThreePanelView::Masks);
        QPointF at(panel->sceneRect().center());
        int best = -1;
        for (int i = 0; i < doc->objectCount(); ++i)
            if (best < 0 || doc->objects()[i].object->area > doc->objects()[best].object->area)
                best = i;
        if (best >= 0) {
            doc->setSelectedIndex(best);
            const cv::Rect box = doc->objects()[best].object->box;
            at = QPointF(box.x + 2, box.y + box.height / 2.0);
        }
        m_window->view()->actualSize();
        while (panel->zoom() < 16.0)
            panel->zoomBy(2.0);
        panel->centerOn(at);
    } else if (m_scene == QLatin1String("similar")) {
        // Find similar: the first object is the example; the screenshot waits for the suggestions.
        // With the dock raised, the middle panel then shows the similarity map and its boxes,
        // and the plots the similarity histogram (the window's own behaviour, nothing staged).
        ui::SegmentationDocument *doc = m_window->document();
        if (doc->objectCount() > 0) {
            doc->setLabel({0}, QStringLiteral("example"));
            doc->setSelectedIndex(0);
            m_window->similar()->dock()->raise();
            connect(m_window->similar(), &ui::SimilarController::suggestionsReady, this,
                    [this] { QTimer::singleShot(800, this, [this] { save(m_window, 0); }); });
            m_window->similar()->panel()->findChild<QPushButton *>(QStringLiteral("findSimilarHere"))->click();
            return;
        }
    } else if (m_scene == QLatin1String("labels")) {
        // A labeller's view: the objects named in the list (two share a class), one locked, two selected.
        ui::SegmentationDocument *doc = m_window->document();
        const QString names[] = {QStringLiteral("truck"), QStringLiteral("wheel"), QStringLiteral("wheel"),
                                 QStringLiteral("window"), QStringLiteral("Rad (vorn)")};
        for (int i = 0; i < doc->objectCount() && i < 5; ++i)
            doc->setLabel({i}, names[i]);
        if (doc->objectCount() > 0)
            doc->setLocked({0}, true); // the padlock in the list's Lock column
        if (doc->objectCount() > 1)
            doc->setSelection({1, 2}, 1);
    } else if (m_scene == QLatin1String("language") && m_languages) {
        m_languages->apply(QStringLiteral("de"));
    }
    QTimer::singleShot(800, this, [this] { save(m_window, 0); });
}

void ScreenshotScene::startVideo(const QString &path)
{
    // Discovery on the first frame, tracking forward, then a later frame with an object selected.
    ui::VideoController *video = m_window->video();
    SegmentationParams params = m_window->parameterPanel()->params();
    params.numObjects = 3;
    params.attentionThreshold = 0.3f; // random weights: a low threshold gives several regions
    params.minArea = 0;
    m_window->parameterPanel()->setParams(params);
    connect(video, &ui::VideoController::failed, this, [this] { QTimer::singleShot(300, this, [this] { save(m_window, 1); }); });
    connect(video, &ui::VideoController::requestFinished, this, [this, video](quint64, ui::VideoOp op, bool ok) {
        if (!ok)
            return;
        if (op == ui::VideoOp::Discover) {
            // A second object from a box around the girl (a correction with nothing selected),
            // which propagates from there.
            video->setSelectedObject(0);
            Prompt box;
            box.box = cv::Rect2f(300, 60, 160, 470);
            video->correct(box);
        } else if (op == ui::VideoOp::Propagate && !video->isBusy()) {
            video->showFrame(video->document()->frameCount() * 2 / 3);
            QTimer::singleShot(800, this, [this] { save(m_window, 0); });
        }
    });
    if (!video->open(path)) {
        save(m_window, 1);
        return;
    }
    video->discover();
}

void ScreenshotScene::save(QWidget *widget, int code)
{
    widget->grab().save(m_file);
    std::printf("screenshot: %s\n", qPrintable(m_file));
    QCoreApplication::exit(code);
}

} // namespace dinosam::studio
