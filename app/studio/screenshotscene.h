#pragma once
#include <QObject>
#include <QString>
#include <QStringList>

namespace dinosam::ui {
class LanguageManager;
class MainWindow;
}

namespace dinosam::studio {

/**
 * Screenshot mode (--screenshot PNG, developer tool for docs/screenshots): saves a
 * PNG and quits. Scenes: "window" (the window once the first image is segmented),
 * "welcome" (the first-run welcome; start without models), "zoom" (the masks zoomed
 * to pixel level at an object's edge), "language" (started in Chinese, switched to
 * German, then captured), "video" (the first input opened as a video: discovery on frame 1,
 * propagation forward, a later frame shown). Exit code 0 when the scene was shown, 1 otherwise.
 */
class ScreenshotScene : public QObject
{
    Q_OBJECT
public:
    ScreenshotScene(ui::MainWindow *window, ui::LanguageManager *languages, QString file, QString scene,
                    QStringList inputs = {}, QObject *parent = nullptr);

private:
    void onShown();
    void startVideo(const QString &path);
    void save(QWidget *widget, int code);

    ui::MainWindow *m_window;
    ui::LanguageManager *m_languages;
    QString m_file;
    QString m_scene;
    bool m_done = false;
};

} // namespace dinosam::studio
