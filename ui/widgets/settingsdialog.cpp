#include "settingsdialog.h"

#include "appsettings.h"
#include "languagemanager.h"
#include "modelfilerow.h"

#include "modelmanager/modelmanager.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace dinosam::ui {

SettingsDialog::SettingsDialog(const QStringList &modelIds, QWidget *parent)
    : QDialog(parent)
    , m_manager(new ModelManager(this))
    , m_modelDir(new QLineEdit(this))
    , m_threads(new QSpinBox(this))
    , m_cache(new QSpinBox(this))
    , m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    const AppSettings settings;
    m_modelDir->setText(settings.modelDir());
    m_modelDir->setPlaceholderText(QDir::toNativeSeparators(ModelManager::defaultModelDir()));
    if (!settings.modelDir().isEmpty())
        m_manager->setModelDir(settings.modelDir());

    auto *models = new QGroupBox(tr("Model files"), this);
    auto *modelForm = new QFormLayout(models);
    auto *dirRow = new QHBoxLayout;
    auto *browseDir = new QPushButton(tr("Browse…"), this);
    dirRow->addWidget(m_modelDir, 1);
    dirRow->addWidget(browseDir);
    modelForm->addRow(tr("Model folder:"), dirRow);
    for (const QString &id : modelIds) {
        auto *row = new ModelFileRow(m_manager, id, this);
        row->setPath(settings.checkpointPath(id));
        modelForm->addRow(id + QLatin1Char(':'), row);
        m_rows << row;
    }
    auto *hint = new QLabel(tr("The official checkpoints are downloaded from Meta's servers "
                               "(dl.fbaipublicfiles.com) and checked before use."), this);
    hint->setWordWrap(true);
    modelForm->addRow(hint);
    connect(browseDir, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_modelDir->text());
        if (!dir.isEmpty())
            m_modelDir->setText(dir);
    });
    connect(m_modelDir, &QLineEdit::textChanged, this, [this](const QString &dir) {
        m_manager->setModelDir(dir.trimmed().isEmpty() ? ModelManager::defaultModelDir() : dir.trimmed());
        for (ModelFileRow *row : m_rows)
            row->refreshStatus();
    });

    auto *engine = new QGroupBox(tr("Computation"), this);
    auto *engineForm = new QFormLayout(engine);
    m_threads->setRange(0, std::max(1, QThread::idealThreadCount()) * 2);
    m_threads->setSpecialValueText(tr("Automatic"));
    m_threads->setValue(settings.threads());
    m_cache->setRange(64, 65536);
    m_cache->setSingleStep(256);
    m_cache->setSuffix(tr(" MB"));
    m_cache->setValue(settings.cacheMegabytes());
    engineForm->addRow(tr("Threads:"), m_threads);
    engineForm->addRow(tr("Cache size:"), m_cache);

    auto *look = new QGroupBox(tr("Language"), this);
    auto *lookForm = new QFormLayout(look);
    m_language->addItem(tr("System language"), QString());
    for (const auto &lang : LanguageManager::languages())
        m_language->addItem(lang.second, lang.first);
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
    lookForm->addRow(tr("Language:"), m_language);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(models);
    layout->addWidget(engine);
    layout->addWidget(look);
    layout->addWidget(buttons);
    resize(720, sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::accept()
{
    AppSettings settings;
    settings.setModelDir(m_modelDir->text().trimmed());
    for (ModelFileRow *row : m_rows)
        settings.setCheckpointPath(row->modelId(), row->path());
    settings.setThreads(m_threads->value());
    settings.setCacheMegabytes(m_cache->value());
    settings.setLanguage(m_language->currentData().toString());
    QDialog::accept();
}

} // namespace dinosam::ui
