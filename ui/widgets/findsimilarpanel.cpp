#include "findsimilarpanel.h"

#include "sliderfield.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace dinosam::ui {

FindSimilarPanel::FindSimilarPanel(QWidget *parent)
    : QWidget(parent)
    , m_hint(new QLabel(this))
    , m_similarity(new SliderField(0.0, 1.0, 0.01, 2, this))
    , m_instances(new SliderField(1, 50, 1, 0, this))
    , m_minArea(new SliderField(0, 100000, 100, 0, this))
    , m_findHere(new QPushButton(this))
    , m_findAll(new QPushButton(this))
    , m_accept(new QPushButton(this))
    , m_reject(new QPushButton(this))
    , m_acceptAll(new QPushButton(this))
    , m_rejectAll(new QPushButton(this))
    , m_cancel(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("findSimilarPanel"));
    m_similarity->setObjectName(QStringLiteral("similarityField"));
    m_instances->setObjectName(QStringLiteral("maxInstancesField"));
    m_minArea->setObjectName(QStringLiteral("similarMinAreaField"));
    const SimilarityParams defaults;
    m_similarity->setValue(defaults.similarityThreshold);
    m_instances->setValue(defaults.maxInstances);
    m_minArea->setValue(100);
    m_hint->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("similarStatus"));
    m_progress->setObjectName(QStringLiteral("similarProgress"));
    m_progress->setTextVisible(true);
    m_status->setWordWrap(true);
    const std::pair<QPushButton *, const char *> names[] = {
        {m_findHere, "findSimilarHere"}, {m_findAll, "findSimilarAll"},     {m_accept, "acceptSuggestions"},
        {m_reject, "rejectSuggestions"}, {m_acceptAll, "acceptAllSuggestions"}, {m_rejectAll, "rejectAllSuggestions"},
        {m_cancel, "cancelFindSimilar"}};
    for (const auto &[button, name] : names)
        button->setObjectName(QString::fromLatin1(name));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    for (SliderField *f : {m_similarity, m_instances, m_minArea}) {
        layout->addWidget(f);
        connect(f, &SliderField::valueChanged, this, &FindSimilarPanel::paramsEdited);
    }
    auto *grid = new QGridLayout;
    grid->addWidget(m_findHere, 0, 0);
    grid->addWidget(m_findAll, 0, 1);
    grid->addWidget(m_accept, 1, 0);
    grid->addWidget(m_reject, 1, 1);
    grid->addWidget(m_acceptAll, 2, 0);
    grid->addWidget(m_rejectAll, 2, 1);
    layout->addLayout(grid);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancel);
    layout->addLayout(progressRow);
    layout->addWidget(m_status);
    layout->addStretch(1);
    m_progress->setRange(0, 1000);
    setProgress(-1);

    connect(m_findHere, &QPushButton::clicked, this, [this] { Q_EMIT findRequested(false); });
    connect(m_findAll, &QPushButton::clicked, this, [this] { Q_EMIT findRequested(true); });
    connect(m_accept, &QPushButton::clicked, this, [this] { Q_EMIT acceptRequested(false); });
    connect(m_reject, &QPushButton::clicked, this, [this] { Q_EMIT rejectRequested(false); });
    connect(m_acceptAll, &QPushButton::clicked, this, [this] { Q_EMIT acceptRequested(true); });
    connect(m_rejectAll, &QPushButton::clicked, this, [this] { Q_EMIT rejectRequested(true); });
    connect(m_cancel, &QPushButton::clicked, this, &FindSimilarPanel::cancelRequested);
    retranslate();
}

SimilarityParams FindSimilarPanel::params(SimilarityParams base) const
{
    base.similarityThreshold = float(m_similarity->value());
    base.maxInstances = int(m_instances->value());
    base.minArea = int64_t(m_minArea->value());
    return base;
}

void FindSimilarPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void FindSimilarPanel::setProgress(double fraction, const QString &text)
{
    const bool running = fraction >= 0;
    m_progress->setVisible(running);
    m_cancel->setVisible(running);
    if (running) {
        m_progress->setValue(int(fraction * 1000));
        m_progress->setFormat(text.isEmpty() ? QStringLiteral("%p%") : text);
    }
}

QString FindSimilarPanel::progressText(int done, int total, double elapsedSeconds)
{
    if (total <= 0)
        return QString();
    done = std::clamp(done, 0, total);
    // Not "%n image(s)": the English text has no translation file to resolve the plural.
    QString text = total == 1 ? tr("%1 / 1 image").arg(done) : tr("%1 / %2 images").arg(done).arg(total);
    if (done == 0 || done == total || !(elapsedSeconds > 0))
        return text;
    const double left = elapsedSeconds / done * (total - done);
    if (left < 10)
        return text + tr(", about %1 s left").arg(std::max(1, int(std::ceil(left))));
    if (left < 57.5) // 5 s steps, so that the number does not flicker with every image
        return text + tr(", about %1 s left").arg(5 * int(std::lround(left / 5)));
    const int minutes = int(std::lround(left / 60));
    if (minutes < 60)
        return text + tr(", about %1 min left").arg(minutes);
    return text + tr(", about %1 h %2 min left").arg(minutes / 60).arg(minutes % 60);
}

void FindSimilarPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void FindSimilarPanel::retranslate()
{
    m_hint->setText(tr("Select an object, then find the objects like it. What is found is a suggestion "
                       "until you accept it."));
    m_similarity->setLabel(tr("&Similarity threshold"));
    m_similarity->setToolTipText(tr("How alike (DINOv2 features, 0-1) a region must be to the example."));
    m_instances->setLabel(tr("Maximum &instances per image"));
    m_minArea->setLabel(tr("Minimum area (pixels)"));
    m_findHere->setText(tr("Find in This Image"));
    m_findAll->setText(tr("Find in All Images"));
    m_accept->setText(tr("Accept"));
    m_reject->setText(tr("Reject"));
    m_acceptAll->setText(tr("Accept All Images"));
    m_rejectAll->setText(tr("Reject All Images"));
    m_cancel->setText(tr("Cancel"));
}

} // namespace dinosam::ui
