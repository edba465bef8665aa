#include "histogramplot.h"

#include <algorithm>

namespace dinosam::ui {

namespace {
constexpr int kBins = 50;
}

HistogramPlot::HistogramPlot(Quantity quantity, QWidget *parent)
    : QCustomPlot(parent)
    , m_quantity(quantity)
    , m_bars(new QCPBars(xAxis, yAxis))
    , m_line(new QCPItemStraightLine(this))
{
    m_bars->setWidth(1.0 / kBins);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(70, 110, 200));
    xAxis->setRange(0, 1);
    yAxis->setRange(0, 1);
    m_line->setPen(QPen(QColor(220, 40, 40), 2));
    m_line->setSelectable(false);
    setThreshold(m_threshold);
    setMinimumHeight(140);
    connect(this, &QCustomPlot::mousePress, this, &HistogramPlot::onPress);
    connect(this, &QCustomPlot::mouseMove, this, &HistogramPlot::onMove);
    connect(this, &QCustomPlot::mouseRelease, this, &HistogramPlot::onRelease);
    retranslate();
}

void HistogramPlot::retranslate()
{
    xAxis->setLabel(m_quantity == Quantity::Similarity ? tr("Similarity to the example (cosine)")
                                                       : tr("Attention (normalised)"));
    yAxis->setLabel(tr("Pixels (%)"));
    setToolTip(tr("Drag the red line to change the threshold"));
    replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QCustomPlot::changeEvent(event);
}

void HistogramPlot::setValues(const cv::Mat &map)
{
    QVector<double> keys(kBins), values(kBins, 0.0);
    for (int i = 0; i < kBins; ++i)
        keys[i] = (i + 0.5) / kBins;
    double total = 0;
    if (!map.empty() && map.type() == CV_32F) {
        // Every 3rd pixel is plenty for a 50-bin histogram and keeps this cheap.
        for (int y = 0; y < map.rows; y += 3) {
            const float *row = map.ptr<float>(y);
            for (int x = 0; x < map.cols; x += 3) {
                const int bin = std::clamp(static_cast<int>(row[x] * kBins), 0, kBins - 1);
                values[bin] += 1;
                total += 1;
            }
        }
    }
    double maxValue = 0;
    for (double &v : values) {
        v = total > 0 ? 100.0 * v / total : 0.0;
        maxValue = std::max(maxValue, v);
    }
    m_bars->setData(keys, values, true);
    yAxis->setRange(0, maxValue > 0 ? maxValue * 1.05 : 1.0);
    replot(QCustomPlot::rpQueuedReplot);
}

void HistogramPlot::setThreshold(double value)
{
    m_threshold = std::clamp(value, 0.0, 1.0);
    m_line->point1->setCoords(m_threshold, 0);
    m_line->point2->setCoords(m_threshold, 1);
    replot(QCustomPlot::rpQueuedReplot);
}

int HistogramPlot::thresholdPixel() const
{
    return static_cast<int>(xAxis->coordToPixel(m_threshold));
}

void HistogramPlot::onPress(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const double x = event->position().x();
    if (std::abs(x - xAxis->coordToPixel(m_threshold)) <= 8) {
        m_dragging = true;
        setCursor(Qt::SizeHorCursor);
    }
}

void HistogramPlot::onMove(QMouseEvent *event)
{
    const double px = event->position().x();
    if (!m_dragging) {
        setCursor(std::abs(px - xAxis->coordToPixel(m_threshold)) <= 8 ? Qt::SizeHorCursor
                                                                       : Qt::ArrowCursor);
        return;
    }
    const double value = std::round(std::clamp(xAxis->pixelToCoord(px), 0.0, 1.0) * 100.0) / 100.0;
    if (value != m_threshold) {
        setThreshold(value);
        Q_EMIT thresholdDragged(value);
    }
}

void HistogramPlot::onRelease(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    m_dragging = false;
    setCursor(Qt::ArrowCursor);
    Q_EMIT thresholdReleased(m_threshold);
}

} // namespace dinosam::ui
