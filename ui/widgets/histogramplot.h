#pragma once
#include "qcustomplotinclude.h"

#include <opencv2/core.hpp>

namespace dinosam::ui {

/**
 * Histogram of the attention map's values with the threshold as a vertical line
 * the user can drag. Thread: GUI.
 */
class HistogramPlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit HistogramPlot(QWidget *parent = nullptr);

    /// CV_32F values in [0, 1]; empty clears the plot.
    void setAttention(const cv::Mat &attention);
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

    QCPBars *m_bars;
    QCPItemStraightLine *m_line;
    double m_threshold = 0.5;
    bool m_dragging = false;
};

} // namespace dinosam::ui
