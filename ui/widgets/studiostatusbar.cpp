#include "studiostatusbar.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QToolButton>

namespace dinosam::ui {

StudioStatusBar::StudioStatusBar(QAction *cancel, QWidget *parent)
    : QStatusBar(parent)
    , m_status(new QLabel(this))
    , m_timing(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_timing->setObjectName(QStringLiteral("timingLabel"));
    m_progress->setObjectName(QStringLiteral("progressBar"));
    // Ignored width: a long message is cut, it does not widen the window.
    m_status->setMinimumWidth(10);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_progress->setRange(0, 1000);
    m_progress->setFixedWidth(260); // one line: the stage name never wraps
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel->setDefaultAction(cancel);
    m_cancel->hide();
    addWidget(m_status, 1);
    addPermanentWidget(m_timing);
    addPermanentWidget(m_progress);
    addPermanentWidget(m_cancel);
}

QString StudioStatusBar::stageLabel(const QString &stage)
{
    static const std::pair<const char *, const char *> names[] = {
        {"image", QT_TR_NOOP("decoding the image")},
        {"DINOv2", QT_TR_NOOP("DINOv2")},
        {"SAM2 encoder", QT_TR_NOOP("SAM2 encoder")},
        {"discovery", QT_TR_NOOP("discovery")},
        {"SAM2 decoder", QT_TR_NOOP("SAM2 decoder")},
        {"post-processing", QT_TR_NOOP("post-processing")},
    };
    for (const auto &[key, text] : names)
        if (stage == QLatin1String(key))
            return tr(text);
    return stage;
}

void StudioStatusBar::setStatus(std::function<QString()> text)
{
    m_text = std::move(text);
    m_status->setText(m_text ? m_text() : QString());
}

QString StudioStatusBar::statusText() const
{
    return m_status->text();
}

void StudioStatusBar::setTimings(const StageTimings &timings, double totalMs)
{
    m_timings = timings;
    m_totalMs = totalMs;
    m_timing->setText(timingText());
}

void StudioStatusBar::clearTimings()
{
    m_timings.reset();
    m_timing->clear();
}

QString StudioStatusBar::timingText() const
{
    if (!m_timings)
        return {};
    const StageTimings &t = *m_timings;
    const QLocale l;
    return tr("DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms")
        .arg(l.toString(t.dinoMs, 'f', 0), l.toString(t.sam2EncodeMs, 'f', 0), l.toString(t.discoveryMs, 'f', 0),
             l.toString(t.sam2DecodeMs, 'f', 0), l.toString(m_totalMs, 'f', 0));
}

void StudioStatusBar::showProgress(double fraction, const QString &stage)
{
    m_stage = stage;
    m_progress->setValue(static_cast<int>(fraction * 1000));
    m_progress->setFormat(stage.isEmpty() ? QStringLiteral("%p%") : stageLabel(stage) + QStringLiteral(" %p%"));
    m_progress->show();
    m_cancel->show();
}

void StudioStatusBar::hideProgress()
{
    m_progress->hide();
    m_progress->reset();
    m_stage.clear();
    m_cancel->hide();
}

void StudioStatusBar::retranslate()
{
    if (m_text)
        m_status->setText(m_text());
    m_timing->setText(timingText());
    if (m_progress->isVisible())
        m_progress->setFormat(stageLabel(m_stage) + QStringLiteral(" %p%"));
}

void StudioStatusBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QStatusBar::changeEvent(event);
}

} // namespace dinosam::ui
