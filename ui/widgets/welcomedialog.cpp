#include "welcomedialog.h"

#include "appsettings.h"

#include "modelmanager/modelmanager.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace dinosam::ui {

WelcomeDialog::WelcomeDialog(ModelManager *manager, QWidget *parent)
    : QDialog(parent)
    , m_manager(manager ? manager : new ModelManager(this))
    , m_intro(new QLabel(this))
    , m_models(new QLabel(this))
    , m_offline(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_download(new QPushButton(this))
    , m_haveFiles(new QPushButton(this))
    , m_close(new QPushButton(this))
{
    setObjectName(QStringLiteral("welcomeDialog"));
    if (!manager) {
        const QString dir = AppSettings().modelDir();
        if (!dir.isEmpty())
            m_manager->setModelDir(dir);
        // Offline, say so within seconds instead of retrying for half a minute.
        m_manager->setRetryPolicy(2, 1000);
    }
    for (QLabel *l : {m_intro, m_models, m_offline, m_status}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextBrowserInteraction);
        l->setOpenExternalLinks(true);
    }
    m_status->setObjectName(QStringLiteral("welcomeStatus"));
    m_offline->setObjectName(QStringLiteral("welcomeOffline"));
    m_download->setObjectName(QStringLiteral("welcomeDownload"));
    m_haveFiles->setObjectName(QStringLiteral("welcomeHaveFiles"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->hide();
    m_download->setDefault(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_download);
    buttons->addWidget(m_haveFiles);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_models);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addSpacing(8);
    layout->addWidget(m_offline);

    connect(m_download, &QPushButton::clicked, this, [this] {
        if (m_job || !m_queue.isEmpty()) { // the button reads "Cancel" while downloading
            m_queue.clear();
            if (m_job)
                m_job->cancel();
            return;
        }
        startDownloads();
    });
    connect(m_haveFiles, &QPushButton::clicked, this, &WelcomeDialog::chooseFiles);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    retranslate();
    resize(640, sizeHint().height());
}

WelcomeDialog::~WelcomeDialog()
{
    m_queue.clear();
    if (m_job)
        m_job->cancel();
}

QString WelcomeDialog::statusText() const
{
    return m_status->text();
}

QString WelcomeDialog::sizeText(qint64 bytes) const
{
    if (bytes <= 0)
        return tr("size unknown");
    return QLocale().formattedDataSize(bytes, 0, QLocale::DataSizeSIFormat);
}

qint64 WelcomeDialog::totalBytes() const
{
    qint64 total = 0;
    for (const QString &id : {recommendedDino(), recommendedSam2()})
        if (const ModelSpec *spec = m_manager->find(id); spec && !m_manager->isInstalled(id))
            total += spec->sizeBytes;
    return total;
}

bool WelcomeDialog::hasRecommendedModels() const
{
    return m_manager->isInstalled(recommendedDino()) && m_manager->isInstalled(recommendedSam2());
}

void WelcomeDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void WelcomeDialog::retranslate()
{
    setWindowTitle(tr("Welcome to DinoSam Studio"));
    m_intro->setText(tr("<h2>Welcome to DinoSam Studio</h2>"
                        "<p>DinoSam finds the objects in your images without being told where they are. "
                        "It needs two model files from Meta: <b>DINOv2</b> finds the objects, <b>SAM2</b> "
                        "draws their masks. They are downloaded once into your model folder and checked "
                        "before use.</p>"));
    m_haveFiles->setText(tr("I have the files…"));
    m_close->setText(hasRecommendedModels() ? tr("Start") : tr("Later"));
    refresh();
}

void WelcomeDialog::refresh()
{
    QString rows;
    for (const QString &id : {recommendedDino(), recommendedSam2()}) {
        const ModelSpec *spec = m_manager->find(id);
        const QString name = spec && !spec->displayName.isEmpty() ? spec->displayName : id;
        const QString state = m_manager->isInstalled(id) ? tr("installed") : sizeText(spec ? spec->sizeBytes : 0);
        rows += QStringLiteral("<li><b>%1</b> (%2): %3</li>").arg(name.toHtmlEscaped(), id, state);
    }
    m_models->setText(tr("<p>Recommended for a start (fast on any computer):</p><ul>%1</ul>").arg(rows));
    const bool busy = m_job || !m_queue.isEmpty();
    const qint64 total = totalBytes();
    if (busy)
        m_download->setText(tr("Cancel Download"));
    else if (hasRecommendedModels())
        m_download->setText(tr("Download"));
    else
        m_download->setText(total > 0 ? tr("Download (%1)").arg(sizeText(total)) : tr("Download"));
    m_download->setEnabled(busy || !hasRecommendedModels());
    m_haveFiles->setEnabled(!busy);
    m_close->setText(hasRecommendedModels() ? tr("Start") : tr("Later"));

    QString urls;
    for (const QString &id : {recommendedDino(), recommendedSam2()})
        if (const ModelSpec *spec = m_manager->find(id))
            urls += QStringLiteral("<li><code>%1</code></li>").arg(m_manager->sourceUrl(*spec).toString().toHtmlEscaped());
    m_offline->setText(tr("<p><b>No internet on this computer?</b> Download these files elsewhere:</p><ul>%1</ul>"
                          "<p>Then copy them into <code>%2</code>, or choose them with “I have the files…”. "
                          "On the command line: <code>dinosam models install FILE</code>.</p>")
                           .arg(urls, QDir::toNativeSeparators(m_manager->modelDir()).toHtmlEscaped()));
}

void WelcomeDialog::startDownloads()
{
    m_queue.clear();
    for (const QString &id : {recommendedDino(), recommendedSam2()})
        if (!m_manager->isInstalled(id))
            m_queue << id;
    m_doneBytes = 0;
    m_lastError.clear();
    m_progress->setValue(0);
    m_progress->show();
    downloadNext();
}

void WelcomeDialog::downloadNext()
{
    if (m_queue.isEmpty()) {
        m_progress->hide();
        if (m_lastError.isEmpty() && hasRecommendedModels()) {
            m_status->setText(tr("Both models are installed. Click Start."));
            Q_EMIT modelsInstalled(recommendedDino(), recommendedSam2());
        }
        refresh();
        return;
    }
    const QString id = m_queue.front();
    QString error;
    m_job = m_manager->startDownload(id, &error);
    if (!m_job) {
        m_queue.clear();
        m_lastError = error;
        m_status->setText(tr("The download could not start: %1").arg(error));
        m_progress->hide();
        refresh();
        return;
    }
    const qint64 total = std::max<qint64>(1, totalBytes() + m_doneBytes);
    const ModelSpec spec = m_job->spec();
    m_status->setText(tr("Downloading %1…").arg(spec.displayName.isEmpty() ? id : spec.displayName));
    connect(m_job, &ModelDownload::progress, this, [this, total](qint64 received, qint64 fileTotal) {
        const double sum = totalBytes() > 0 || m_doneBytes > 0 ? double(total) : double(std::max<qint64>(1, fileTotal));
        m_progress->setValue(static_cast<int>(1000.0 * std::min(1.0, double(m_doneBytes + received) / sum)));
    });
    connect(m_job, &ModelDownload::finished, this, &WelcomeDialog::onDownloadFinished);
    refresh();
}

void WelcomeDialog::onDownloadFinished(const ModelResult &result)
{
    const QString id = m_queue.isEmpty() ? result.id : m_queue.takeFirst();
    m_job = nullptr;
    if (!result.ok) {
        m_queue.clear();
        m_lastError = result.message;
        m_status->setText(tr("The download of %1 failed: %2\nWithout internet, see below what to do.")
                              .arg(id, result.message));
        m_progress->hide();
        refresh();
        return;
    }
    if (const ModelSpec *spec = m_manager->find(id))
        m_doneBytes += spec->sizeBytes;
    downloadNext();
}

void WelcomeDialog::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Choose the model files"), QDir::homePath(),
                                                            tr("PyTorch checkpoints (*.pt *.pth);;All files (*)"));
    if (!files.isEmpty())
        installFiles(files);
}

void WelcomeDialog::installFiles(const QStringList &files)
{
    QStringList lines;
    for (const QString &file : files) {
        const ModelResult result = m_manager->install(file);
        lines << (result.ok ? tr("%1: installed as %2").arg(QFileInfo(file).fileName(), result.id)
                            : tr("%1: not installed: %2").arg(QFileInfo(file).fileName(), result.message));
    }
    m_status->setText(lines.join(QLatin1Char('\n')));
    refresh();
    if (hasRecommendedModels())
        Q_EMIT modelsInstalled(recommendedDino(), recommendedSam2());
}

} // namespace dinosam::ui
