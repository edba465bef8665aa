#pragma once
#include "types/segmentation.h"

#include "qcustomplotinclude.h"

namespace dinosam::ui {

/// Milliseconds per pipeline stage of the last run, as horizontal bars. Thread: GUI.
class TimingPlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit TimingPlot(QWidget *parent = nullptr);
    void setTimings(const StageTimings &timings);
    void retranslate();

protected:
    void changeEvent(QEvent *event) override;

private:
    QCPBars *m_bars;
    QSharedPointer<QCPAxisTickerText> m_ticker;
};

} // namespace dinosam::ui
