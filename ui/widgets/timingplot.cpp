#include "timingplot.h"

namespace dinosam::ui {

TimingPlot::TimingPlot(QWidget *parent)
    : QCustomPlot(parent)
    , m_bars(new QCPBars(yAxis, xAxis))
    , m_ticker(new QCPAxisTickerText)
{
    m_bars->setWidth(0.6);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(60, 160, 110));
    yAxis->setTicker(m_ticker);
    yAxis->setRange(0.4, 6.6);
    xAxis->setRange(0, 10);
    setMinimumHeight(140);
    retranslate();
}

void TimingPlot::retranslate()
{
    m_ticker->clear();
    const QStringList names{tr("Decode"), tr("DINOv2"), tr("SAM2 encoder"),
                            tr("Discovery"), tr("SAM2 decoder"), tr("Post-process")};
    for (int i = 0; i < names.size(); ++i)
        m_ticker->addTick(i + 1, names[i]);
    xAxis->setLabel(tr("Milliseconds (0 = cached)"));
    replot(QCustomPlot::rpQueuedReplot);
}

void TimingPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QCustomPlot::changeEvent(event);
}

void TimingPlot::setTimings(const StageTimings &t)
{
    const QVector<double> keys{1, 2, 3, 4, 5, 6};
    const QVector<double> values{t.decodeImageMs, t.dinoMs, t.sam2EncodeMs,
                                 t.discoveryMs,   t.sam2DecodeMs, t.postprocessMs};
    m_bars->setData(keys, values, true);
    const double maxValue = *std::max_element(values.begin(), values.end());
    xAxis->setRange(0, std::max(1.0, maxValue * 1.1));
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dinosam::ui
