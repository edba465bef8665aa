#pragma once
#include "qcustomplotinclude.h"

#include <opencv2/core.hpp>

namespace dinosam::ui {

/**
 * Histogram of a map's values in [0, 1] (the discovery's attention, or the find-similar
 * similarity) with the threshold as a vertical line the user can drag. Thread: GUI.
 */
class HistogramPlot : public QCustomPlot
{
    Q_OBJECT
public:
    /// What the values are (the axis label and tool tip say it).
    enum class Quantity { Attention, Similarity };

    explicit HistogramPlot(QWidget *parent = nullptr) : HistogramPlot(Quantity::Attention, parent) {}
    explicit HistogramPlot(Quantity quantity, QWidget *parent = nullptr);

    /// CV_32F values in [0, 1], any size; empty clears the plot.
    void setValues(const cv::Mat &map);
    void setThreshold(double value);
    double threshold() const { return m_threshold; }
    /// Pixel x of the threshold line (for tests driving the drag).
    int thresholdPixel() const;
    void retranslate();

Q_SIGNALS:
    /// While dragging (and once more on release).
    void thresholdDragged(double value);
    void thresholdReleased(double value);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onPress(QMouseEvent *event);
    void onMove(QMouseEvent *event);
    void onRelease(QMouseEvent *event);

    Quantity m_quantity;
    QCPBars *m_bars;
    QCPItemStraightLine *m_line;
    double m_threshold = 0.5;
    bool m_dragging = false;
};

} // namespace dinosam::ui
