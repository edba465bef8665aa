#include "settingsdialog.h"

#include "appsettings.h"
#include "installedmodels.h"
#include "languagemanager.h"
#include "modelfilerow.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelmanager.h"
#include "models/catalog/modelcatalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
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
    , m_diskCache(new QCheckBox(this))
    , m_diskCacheDir(new QLineEdit(this))
    , m_diskCacheSize(new QSpinBox(this))
    , m_device(new QComboBox(this))
    , m_inputSize(new QSpinBox(this))
    , m_duplicateIou(new QDoubleSpinBox(this))
    , m_cocoShape(new QComboBox(this))
    , m_polygonTolerance(new QDoubleSpinBox(this))
    , m_jpegQuality(new QSpinBox(this))
    , m_language(new QComboBox(this))
{
    setWindowTitle(tr("Settings"));
    const AppSettings settings;
    m_modelDir->setText(settings.modelDir());
    m_modelDir->setPlaceholderText(QDir::toNativeSeparators(ModelManager::defaultModelDir()));
    if (!settings.modelDir().isEmpty())
        m_manager->setModelDir(settings.modelDir());
    m_manager->setContentVerifier(checkpointContentVerifier()); // Verify names a file of another variant

    auto *models = new QGroupBox(tr("Model files"), this);
    auto *modelForm = new QFormLayout(models);
    auto *dirRow = new QHBoxLayout;
    auto *browseDir = new QPushButton(tr("Browse…"), this);
    dirRow->addWidget(m_modelDir, 1);
    dirRow->addWidget(browseDir);
    modelForm->addRow(tr("Model folder:"), dirRow);
    for (const QString &id : modelIds) {
        const ModelEntry *entry = ModelCatalog::find(id.toStdString());
        const bool dino = entry ? entry->isDino() : id.startsWith(QLatin1String("dinov2"));
        auto *combo = new QComboBox(this);
        combo->setObjectName(dino ? QStringLiteral("dinoModelCombo") : QStringLiteral("sam2ModelCombo"));
        combo->setToolTip(tr("The installed models of this kind; the one chosen is used for every image"));
        auto *row = new ModelFileRow(m_manager, id, this);
        row->setPath(settings.checkpointPath(id));
        modelForm->addRow(dino ? tr("DINOv2 model:") : tr("SAM2 model:"), combo);
        modelForm->addRow(row);
        const int i = int(m_rows.size());
        m_rows << row;
        m_modelCombos << combo;
        m_dino << dino;
        connect(combo, &QComboBox::currentIndexChanged, this,
                [this, i] { chooseModel(i, m_modelCombos[i]->currentData().toString()); });
        connect(row, &ModelFileRow::useAsRequested, this,
                [this, i](const QString &actualId, const QString &file) { useAs(i, actualId, file); });
        connect(row->pathEdit(), &QLineEdit::textChanged, this, [this] {
            for (int k = 0; k < m_rows.size(); ++k)
                fillModelCombo(k);
        });
    }
    for (int i = 0; i < m_rows.size(); ++i) {
        fillModelCombo(i);
        // A DINOv2 file in the SAM2 row can be moved to the DINOv2 row, where there is one.
        m_rows[i]->setOtherKindAccepted(m_dino.contains(!m_dino[i]));
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
        for (int i = 0; i < m_rows.size(); ++i)
            fillModelCombo(i);
    });

    auto *engine = new QGroupBox(tr("Computation"), this);
    auto *engineForm = new QFormLayout(engine);
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_cache->setObjectName(QStringLiteral("cacheSpin"));
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_threads->setRange(0, std::max(1, QThread::idealThreadCount()) * 2);
    m_threads->setSpecialValueText(tr("Automatic"));
    m_threads->setValue(settings.threads());
    m_cache->setRange(64, 65536);
    m_cache->setSingleStep(256);
    m_cache->setSuffix(tr(" MB"));
    m_cache->setValue(settings.cacheMegabytes());
    engineForm->addRow(tr("Threads:"), m_threads);
    engineForm->addRow(tr("Cache size:"), m_cache);
    // The disk feature cache: encoder outputs kept across sessions, shared with the CLI.
    m_diskCache->setObjectName(QStringLiteral("diskCacheCheck"));
    m_diskCacheDir->setObjectName(QStringLiteral("diskCacheDirEdit"));
    m_diskCacheSize->setObjectName(QStringLiteral("diskCacheSizeSpin"));
    m_diskCache->setText(tr("Keep image features on disk (reopened images need no encoder run)"));
    m_diskCache->setChecked(settings.diskCacheEnabled());
    m_diskCacheDir->setText(settings.diskCacheDir());
    // The CLI's default (core's defaultFeatureCacheDir(); this library does not link the core's pipeline).
    m_diskCacheDir->setPlaceholderText(tr("Default: ~/.cache/dinosam/features (as the command line)"));
    m_diskCacheSize->setRange(1, 1024);
    m_diskCacheSize->setSuffix(tr(" GB"));
    m_diskCacheSize->setValue(settings.diskCacheGigabytes());
    auto *cacheDirRow = new QHBoxLayout;
    auto *browseCache = new QPushButton(tr("Browse…"), this);
    cacheDirRow->addWidget(m_diskCacheDir, 1);
    cacheDirRow->addWidget(browseCache);
    cacheDirRow->addWidget(m_diskCacheSize);
    connect(browseCache, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Feature Cache Folder"), m_diskCacheDir->text());
        if (!dir.isEmpty())
            m_diskCacheDir->setText(dir);
    });
    auto enableCacheRow = [this, browseCache](bool on) {
        m_diskCacheDir->setEnabled(on);
        m_diskCacheSize->setEnabled(on);
        browseCache->setEnabled(on);
    };
    connect(m_diskCache, &QCheckBox::toggled, this, enableCacheRow);
    enableCacheRow(m_diskCache->isChecked());
    engineForm->addRow(tr("Disk cache:"), m_diskCache);
    engineForm->addRow(QString(), cacheDirRow);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("CPU"), false);
    m_device->addItem(tr("GPU (CUDA, where LibTorch has it)"), true);
    m_device->setCurrentIndex(settings.useCuda() ? 1 : 0);
    engineForm->addRow(tr("Device:"), m_device);
    const SegmentationParams params = settings.params();
    m_inputSize->setObjectName(QStringLiteral("inputSizeSpin"));
    m_inputSize->setRange(224, 1036);
    m_inputSize->setSingleStep(14);
    m_inputSize->setSuffix(tr(" px"));
    m_inputSize->setValue(params.dinoInputSize);
    m_inputSize->setToolTip(tr("The shorter side of the image DINOv2 sees (a multiple of 14): larger finds smaller objects, slower"));
    engineForm->addRow(tr("DINOv2 input size:"), m_inputSize);
    m_duplicateIou->setObjectName(QStringLiteral("duplicateIouSpin"));
    m_duplicateIou->setRange(0.05, 1.0);
    m_duplicateIou->setSingleStep(0.05);
    m_duplicateIou->setDecimals(2);
    m_duplicateIou->setValue(params.duplicateIou);
    m_duplicateIou->setToolTip(tr("A mask overlapping a better one by more than this IoU is dropped as a duplicate"));
    engineForm->addRow(tr("Duplicate overlap (IoU):"), m_duplicateIou);

    auto *exportBox = new QGroupBox(tr("Export"), this);
    auto *exportForm = new QFormLayout(exportBox);
    ExportOptions exportOptions;
    settings.applyExportSettings(exportOptions);
    m_cocoShape->setObjectName(QStringLiteral("cocoShapeCombo"));
    m_cocoShape->addItem(tr("RLE counts (exact, default)"), int(CocoSegmentation::RleCounts));
    m_cocoShape->addItem(tr("RLE string (exact, compact, pycocotools)"), int(CocoSegmentation::RleString));
    m_cocoShape->addItem(tr("Polygons (outlines; holes are lost)"), int(CocoSegmentation::Polygons));
    m_cocoShape->setCurrentIndex(std::max(0, m_cocoShape->findData(int(exportOptions.cocoSegmentation))));
    exportForm->addRow(tr("COCO shapes:"), m_cocoShape);
    m_polygonTolerance->setObjectName(QStringLiteral("polygonToleranceSpin"));
    m_polygonTolerance->setRange(0.0, 20.0);
    m_polygonTolerance->setSingleStep(0.5);
    m_polygonTolerance->setDecimals(1);
    m_polygonTolerance->setSuffix(tr(" px"));
    m_polygonTolerance->setValue(exportOptions.polygonEpsilon);
    exportForm->addRow(tr("Polygon tolerance:"), m_polygonTolerance);
    m_jpegQuality->setObjectName(QStringLiteral("jpegQualitySpin"));
    m_jpegQuality->setRange(1, 100);
    m_jpegQuality->setValue(exportOptions.jpegQuality);
    exportForm->addRow(tr("JPEG quality:"), m_jpegQuality);
    auto updatePolygon = [this] {
        m_polygonTolerance->setEnabled(m_cocoShape->currentData().toInt() == int(CocoSegmentation::Polygons));
    };
    connect(m_cocoShape, &QComboBox::currentIndexChanged, this, updatePolygon);
    updatePolygon();

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
    layout->addWidget(exportBox);
    layout->addWidget(look);
    layout->addWidget(buttons);
    resize(720, sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

QStringList SettingsDialog::modelIds() const
{
    QStringList ids;
    for (const ModelFileRow *row : m_rows)
        ids << row->modelId();
    return ids;
}

QString SettingsDialog::pathFor(const QString &id) const
{
    for (const ModelFileRow *row : m_rows)
        if (row->modelId() == id)
            return row->path();
    return m_paths.contains(id) ? m_paths.value(id) : AppSettings().checkpointPath(id);
}

void SettingsDialog::fillModelCombo(int i)
{
    QComboBox *combo = m_modelCombos[i];
    const QString current = m_rows[i]->modelId();
    QStringList ids = installedModels(m_dino[i], m_modelDir->text(), [this](const QString &id) { return pathFor(id); });
    const bool currentInstalled = ids.contains(current);
    if (!currentInstalled)
        ids.prepend(current);
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const QString &id : ids) {
        const ModelEntry *e = ModelCatalog::find(id.toStdString());
        const QString name = e ? QStringLiteral("%1 (%2)").arg(QString::fromStdString(e->displayName), id) : id;
        combo->addItem(id == current && !currentInstalled ? tr("%1, not installed").arg(name) : name, id);
    }
    combo->setCurrentIndex(combo->findData(current));
}

void SettingsDialog::chooseModel(int i, const QString &id)
{
    ModelFileRow *row = m_rows[i];
    if (id.isEmpty() || id == row->modelId())
        return;
    m_paths.insert(row->modelId(), row->path()); // kept if the user comes back to it
    const QString file = pathFor(id);
    row->setModelId(id);
    row->setPath(file);
    fillModelCombo(i);
}

void SettingsDialog::useAs(int i, QString actualId, QString file) // by value: the rows change meanwhile
{
    const ModelEntry *actual = ModelCatalog::find(actualId.toStdString());
    if (!actual)
        return;
    int target = m_dino[i] == actual->isDino() ? i : int(m_dino.indexOf(actual->isDino()));
    if (target < 0)
        return;
    ModelFileRow *source = m_rows[i];
    ModelFileRow *row = m_rows[target];
    if (target == i) {
        m_paths.insert(source->modelId(), QString()); // the file is not that model: forget it there
    } else {
        source->setPath(QString()); // it is not a model of this kind
        m_paths.insert(row->modelId(), row->path());
    }
    row->setModelId(actualId);
    row->setPath(file);
    for (int k = 0; k < m_rows.size(); ++k)
        fillModelCombo(k);
}

void SettingsDialog::accept()
{
    // A cache folder that cannot be created is said here, not found out later by the engine.
    const QString cacheDir = m_diskCacheDir->text().trimmed();
    if (m_diskCache->isChecked() && !cacheDir.isEmpty() && !QDir().mkpath(cacheDir)) {
        QMessageBox::warning(this, tr("Disk Cache"),
                             tr("The feature cache folder %1 cannot be created. Choose another folder or turn "
                                "the disk cache off.")
                                 .arg(QDir::toNativeSeparators(cacheDir)));
        return;
    }
    AppSettings settings;
    settings.setDiskCacheEnabled(m_diskCache->isChecked());
    settings.setDiskCacheDir(cacheDir);
    settings.setDiskCacheGigabytes(m_diskCacheSize->value());
    settings.setModelDir(m_modelDir->text().trimmed());
    for (auto it = m_paths.cbegin(); it != m_paths.cend(); ++it)
        settings.setCheckpointPath(it.key(), it.value());
    for (ModelFileRow *row : m_rows)
        settings.setCheckpointPath(row->modelId(), row->path());
    settings.setThreads(m_threads->value());
    settings.setCacheMegabytes(m_cache->value());
    settings.setUseCuda(m_device->currentData().toBool());
    SegmentationParams params = settings.params();
    params.dinoInputSize = m_inputSize->value() / 14 * 14;
    params.duplicateIou = static_cast<float>(m_duplicateIou->value());
    for (int i = 0; i < m_rows.size(); ++i)
        (m_dino[i] ? params.dinoModel : params.sam2Model) = m_rows[i]->modelId().toStdString();
    settings.setParams(params);
    ExportOptions exportOptions;
    exportOptions.cocoSegmentation = static_cast<CocoSegmentation>(m_cocoShape->currentData().toInt());
    exportOptions.polygonEpsilon = m_polygonTolerance->value();
    exportOptions.jpegQuality = m_jpegQuality->value();
    settings.setExportSettings(exportOptions);
    settings.setLanguage(m_language->currentData().toString());
    QDialog::accept();
}

} // namespace dinosam::ui
