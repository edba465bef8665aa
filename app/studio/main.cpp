// dinosam-studio: wiring only. The window, session and engine live in dinosam_ui.
#include "appsettings.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "pipelineengine.h"
#include "screenshotscene.h"
#include "sliderlatencyprobe.h"

#include "models/catalog/modelcatalog.h"
#include "models/common/cpuruntime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace dinosam;

namespace {

struct Options
{
    QCommandLineOption dinoFile{QStringLiteral("dino-checkpoint"), QStringLiteral("DINOv2 checkpoint file (remembered)."), QStringLiteral("file")};
    QCommandLineOption samFile{QStringLiteral("sam2-checkpoint"), QStringLiteral("SAM2 checkpoint file (remembered)."), QStringLiteral("file")};
    QCommandLineOption dinoId{QStringLiteral("dino-model"), QStringLiteral("DINOv2 model id, e.g. dinov2_vits14_reg4."), QStringLiteral("id")};
    QCommandLineOption samId{QStringLiteral("sam2-model"), QStringLiteral("SAM2 model id, e.g. sam2.1_hiera_tiny."), QStringLiteral("id")};
    QCommandLineOption language{QStringLiteral("language"), QStringLiteral("UI language (en, de, fr, zh_CN)."), QStringLiteral("code")};
    // Developer tools: hidden from the shipped --help.
    QCommandLineOption screenshot{QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window once the first image is segmented, then quit."), QStringLiteral("png")};
    QCommandLineOption scene{QStringLiteral("screenshot-scene"), QStringLiteral("What --screenshot shows: window, welcome, zoom, language, labels, similar, video."), QStringLiteral("name")};
    QCommandLineOption measure{QStringLiteral("measure-slider"), QStringLiteral("Print the slider-release-to-masks latency, median of N moves, then quit."), QStringLiteral("n")};
};

void setUpParser(QCommandLineParser &parser, Options &o)
{
    parser.setApplicationDescription(QStringLiteral("Prompt-free object segmentation with DINOv2 and SAM2"));
    parser.addHelpOption();
    parser.addVersionOption();
    o.dinoId.setDescription(QStringLiteral("DINOv2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultDinoModel())));
    o.samId.setDescription(QStringLiteral("SAM2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultSam2Model())));
    for (QCommandLineOption *hidden : {&o.screenshot, &o.scene, &o.measure})
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({o.dinoFile, o.samFile, o.dinoId, o.samId, o.language, o.screenshot, o.scene, o.measure});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Images or a folder to open."), QStringLiteral("[paths...]"));
}

void setUpApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("DinoSam"));
    QCoreApplication::setApplicationName(QStringLiteral("DinoSam Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DINOSAM_VERSION));
}

/// --help and --version need no window: answer them without a display (no abort).
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char *flag : {"-h", "--help", "--help-all", "-?", "-v", "--version"})
            if (std::strcmp(argv[i], flag) == 0)
                return true;
    return false;
}

/// On X11/Wayland systems without either (and no QT_QPA_PLATFORM), QApplication would abort.
bool hasDisplay()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    const auto set = [](const char *name) { const char *v = std::getenv(name); return v && *v; };
    return set("DISPLAY") || set("WAYLAND_DISPLAY") || set("QT_QPA_PLATFORM");
#else
    return true;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setUpApplication();
        QCommandLineParser parser;
        Options o;
        setUpParser(parser, o);
        parser.process(app); // prints and exits
        return 0;
    }
    if (!hasDisplay()) {
        std::fprintf(stderr, "dinosam-studio: no display (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                             "Run it in a desktop session, or use the command line tool: dinosam --help\n");
        return 2;
    }
    restartWithPassiveOpenMpWaitIfUnset(argv);
    QApplication app(argc, argv);
    setUpApplication();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dinosam.png")));

    QCommandLineParser parser;
    Options o;
    setUpParser(parser, o);
    parser.process(app);

    ui::AppSettings settings;
    SegmentationParams params = settings.params();
    if (parser.isSet(o.dinoId))
        params.dinoModel = parser.value(o.dinoId).toStdString();
    if (parser.isSet(o.samId))
        params.sam2Model = parser.value(o.samId).toStdString();
    settings.setParams(params);
    if (parser.isSet(o.dinoFile))
        settings.setCheckpointPath(QString::fromStdString(params.dinoModel), QDir().absoluteFilePath(parser.value(o.dinoFile)));
    if (parser.isSet(o.samFile))
        settings.setCheckpointPath(QString::fromStdString(params.sam2Model), QDir().absoluteFilePath(parser.value(o.samFile)));

    ui::LanguageManager languages;
    languages.apply(parser.isSet(o.language) ? parser.value(o.language) : settings.language());

    auto engine = std::make_shared<ui::PipelineEngine>();
    ui::MainWindow window(engine, &languages);
    if (parser.isSet(o.screenshot))
        window.resize(1900, 1040);
    window.show();
    const bool videoScene = parser.isSet(o.screenshot) && parser.value(o.scene) == QLatin1String("video");
    if (!parser.positionalArguments().isEmpty() && !videoScene) // the video scene opens its input itself
        window.openPaths(parser.positionalArguments());

    if (parser.isSet(o.screenshot)) {
        new studio::ScreenshotScene(&window, &languages, parser.value(o.screenshot),
                                    parser.isSet(o.scene) ? parser.value(o.scene) : QStringLiteral("window"),
                                    parser.positionalArguments(), &window);
    } else if (parser.isSet(o.measure)) {
        new studio::SliderLatencyProbe(&window, parser.value(o.measure).toInt(), &window);
    } else {
        // First run (models missing): the welcome says what is needed and downloads it.
        QTimer::singleShot(0, &window, [&window] { window.showWelcomeIfNeeded(); });
    }
    return app.exec();
}
