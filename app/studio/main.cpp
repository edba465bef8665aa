// dinosam-studio: wiring only. The window, session and engine live in dinosam_ui.
#include "appsettings.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "pipelineengine.h"
#include "sliderlatencyprobe.h"

#include "models/catalog/modelcatalog.h"
#include "models/common/cpuruntime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

#include <cstdio>

using namespace dinosam;

int main(int argc, char *argv[])
{
    restartWithPassiveOpenMpWaitIfUnset(argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DinoSam"));
    QApplication::setApplicationName(QStringLiteral("DinoSam Studio"));
    QApplication::setApplicationVersion(QStringLiteral(DINOSAM_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dinosam.png")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Prompt-free object segmentation with DINOv2 and SAM2"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dinoFile(QStringLiteral("dino-checkpoint"), QStringLiteral("DINOv2 checkpoint file (remembered)."), QStringLiteral("file"));
    const QCommandLineOption samFile(QStringLiteral("sam2-checkpoint"), QStringLiteral("SAM2 checkpoint file (remembered)."), QStringLiteral("file"));
    const QCommandLineOption dinoId(QStringLiteral("dino-model"), QStringLiteral("DINOv2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultDinoModel())), QStringLiteral("id"));
    const QCommandLineOption samId(QStringLiteral("sam2-model"), QStringLiteral("SAM2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultSam2Model())), QStringLiteral("id"));
    const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("UI language (en, de, fr, zh_CN)."), QStringLiteral("code"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window once the first image is segmented, then quit."), QStringLiteral("png"));
    const QCommandLineOption measure(QStringLiteral("measure-slider"), QStringLiteral("Print the slider-release-to-masks latency, median of N moves, then quit."), QStringLiteral("n"));
    parser.addOptions({dinoFile, samFile, dinoId, samId, language, screenshot, measure});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Images or a folder to open."), QStringLiteral("[paths...]"));
    parser.process(app);

    ui::AppSettings settings;
    SegmentationParams params = settings.params();
    if (parser.isSet(dinoId))
        params.dinoModel = parser.value(dinoId).toStdString();
    if (parser.isSet(samId))
        params.sam2Model = parser.value(samId).toStdString();
    settings.setParams(params);
    if (parser.isSet(dinoFile))
        settings.setCheckpointPath(QString::fromStdString(params.dinoModel), QDir().absoluteFilePath(parser.value(dinoFile)));
    if (parser.isSet(samFile))
        settings.setCheckpointPath(QString::fromStdString(params.sam2Model), QDir().absoluteFilePath(parser.value(samFile)));

    ui::LanguageManager languages;
    languages.apply(parser.isSet(language) ? parser.value(language) : settings.language());

    auto engine = std::make_shared<ui::PipelineEngine>();
    ui::MainWindow window(engine, &languages);
    if (parser.isSet(screenshot))
        window.resize(1900, 1040);
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openPaths(parser.positionalArguments());

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto save = [&window, file](int code) {
            window.grab().save(file);
            std::printf("screenshot: %s\n", qPrintable(file));
            QCoreApplication::exit(code);
        };
        QObject::connect(&window, &ui::MainWindow::segmentationShown, &window,
                         [save] { QTimer::singleShot(800, [save] { save(0); }); });
        QObject::connect(&window, &ui::MainWindow::imageFailed, &window,
                         [save] { QTimer::singleShot(300, [save] { save(1); }); });
        QTimer::singleShot(580000, [save] { save(2); });
        if (!window.engineMessage().isEmpty())
            QTimer::singleShot(500, [save] { save(1); });
    }
    if (parser.isSet(measure))
        new studio::SliderLatencyProbe(&window, parser.value(measure).toInt(), &window);
    return app.exec();
}
