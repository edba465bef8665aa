#include "parameterpanel.h"

#include "sliderfield.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace dinosam::ui {

ParameterPanel::ParameterPanel(QWidget *parent)
    : QWidget(parent)
    , m_threshold(new SliderField(0.0, 1.0, 0.01, 2, this))
    , m_objects(new SliderField(1, 50, 1, 0, this))
    , m_minArea(new SliderField(0, 100000, 100, 0, this))
    , m_prompt(new QComboBox(this))
    , m_method(new QComboBox(this))
    , m_dino(new QComboBox(this))
    , m_sam2(new QComboBox(this))
    , m_cleanup(new QCheckBox(this))
    , m_form(new QFormLayout)
    , m_promptLabel(new QLabel(this))
    , m_methodLabel(new QLabel(this))
    , m_dinoLabel(new QLabel(this))
    , m_sam2Label(new QLabel(this))
{
    m_threshold->setObjectName(QStringLiteral("thresholdField"));
    m_objects->setObjectName(QStringLiteral("objectsField"));
    m_minArea->setObjectName(QStringLiteral("minAreaField"));
    m_prompt->setObjectName(QStringLiteral("promptCombo"));
    m_method->setObjectName(QStringLiteral("methodCombo"));
    for (int i = 0; i < 3; ++i)
        m_prompt->addItem(QString());
    for (int i = 0; i < 2; ++i)
        m_method->addItem(QString());
    setModelChoices({QString::fromStdString(SegmentationParams{}.dinoModel)},
                    {QString::fromStdString(SegmentationParams{}.sam2Model)});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_threshold);
    layout->addWidget(m_objects);
    layout->addWidget(m_minArea);
    m_form->addRow(m_promptLabel, m_prompt);
    m_form->addRow(m_methodLabel, m_method);
    m_form->addRow(m_dinoLabel, m_dino);
    m_form->addRow(m_sam2Label, m_sam2);
    layout->addLayout(m_form);
    layout->addWidget(m_cleanup);
    layout->addStretch(1);

    setParams(SegmentationParams{});
    for (SliderField *f : {m_threshold, m_objects, m_minArea}) {
        connect(f, &SliderField::valueChanged, this, &ParameterPanel::changed);
        connect(f, &SliderField::editingFinished, &m_compressor, &SignalCompressor::flush);
    }
    for (QComboBox *c : {m_prompt, m_method, m_dino, m_sam2})
        connect(c, &QComboBox::currentIndexChanged, this, &ParameterPanel::changed);
    connect(m_cleanup, &QCheckBox::toggled, this, &ParameterPanel::changed);
    connect(&m_compressor, &SignalCompressor::timeout, this,
            [this] { Q_EMIT paramsChanged(params()); });
    retranslate();
}

void ParameterPanel::retranslate()
{
    m_threshold->setLabel(tr("Attention &threshold"));
    m_threshold->setToolTipText(tr("Attention values above this fraction of the maximum form regions"));
    m_objects->setLabel(tr("&Number of objects"));
    m_objects->setToolTipText(tr("Keep at most this many objects"));
    m_minArea->setLabel(tr("&Minimum area (pixels)"));
    m_minArea->setToolTipText(tr("Drop regions and masks smaller than this"));
    m_prompt->setItemText(0, tr("Box"));
    m_prompt->setItemText(1, tr("Point"));
    m_prompt->setItemText(2, tr("Box and point"));
    m_method->setItemText(0, tr("Attention"));
    m_method->setItemText(1, tr("Spectral (normalised cut)"));
    m_promptLabel->setText(tr("&Prompt type"));
    m_promptLabel->setBuddy(m_prompt);
    m_methodLabel->setText(tr("&Discovery"));
    m_methodLabel->setBuddy(m_method);
    m_dinoLabel->setText(tr("DINOv2 model"));
    m_sam2Label->setText(tr("SAM2 model"));
    m_cleanup->setText(tr("Remove small holes and specks"));
}

void ParameterPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

SegmentationParams ParameterPanel::params() const
{
    SegmentationParams p;
    p.attentionThreshold = static_cast<float>(m_threshold->value());
    p.numObjects = static_cast<int>(m_objects->value());
    p.minArea = static_cast<int64_t>(m_minArea->value());
    p.promptType = static_cast<PromptType>(std::max(0, m_prompt->currentIndex()));
    p.method = static_cast<DiscoveryMethod>(std::max(0, m_method->currentIndex()));
    p.dinoModel = m_dino->currentData().toString().toStdString();
    p.sam2Model = m_sam2->currentData().toString().toStdString();
    p.removeSmallHolesAndSpecks = m_cleanup->isChecked();
    p.dinoInputSize = m_dinoInputSize;
    p.duplicateIou = m_duplicateIou;
    return p;
}

void ParameterPanel::setParams(const SegmentationParams &p)
{
    m_blocked = true;
    m_threshold->setValue(p.attentionThreshold);
    m_objects->setValue(p.numObjects);
    m_minArea->setValue(static_cast<double>(p.minArea));
    m_prompt->setCurrentIndex(static_cast<int>(p.promptType));
    m_method->setCurrentIndex(static_cast<int>(p.method));
    const int d = m_dino->findData(QString::fromStdString(p.dinoModel));
    if (d >= 0)
        m_dino->setCurrentIndex(d);
    const int s = m_sam2->findData(QString::fromStdString(p.sam2Model));
    if (s >= 0)
        m_sam2->setCurrentIndex(s);
    m_cleanup->setChecked(p.removeSmallHolesAndSpecks);
    m_dinoInputSize = p.dinoInputSize;
    m_duplicateIou = p.duplicateIou;
    m_blocked = false;
}

void ParameterPanel::setModelChoices(const QStringList &dino, const QStringList &sam2)
{
    const bool blocked = m_blocked;
    m_blocked = true;
    const QString dinoNow = m_dino->currentData().toString();
    const QString samNow = m_sam2->currentData().toString();
    m_dino->clear();
    for (const QString &id : dino)
        m_dino->addItem(id, id);
    m_sam2->clear();
    for (const QString &id : sam2)
        m_sam2->addItem(id, id);
    if (int i = m_dino->findData(dinoNow); i >= 0)
        m_dino->setCurrentIndex(i);
    if (int i = m_sam2->findData(samNow); i >= 0)
        m_sam2->setCurrentIndex(i);
    m_blocked = blocked;
}

void ParameterPanel::setThreshold(double value)
{
    m_threshold->setValue(value);
}

void ParameterPanel::changed()
{
    if (!m_blocked)
        m_compressor.start();
}

} // namespace dinosam::ui
