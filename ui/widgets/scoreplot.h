#pragma once
#include "documentobject.h"

#include "qcustomplotinclude.h"

#include <vector>

namespace dinosam::ui {

/// Per-object SAM2 score (y) against DINOv2 confidence (x), in the objects' colours.
/// Thread: GUI.
class ScorePlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit ScorePlot(QWidget *parent = nullptr);
    void setObjects(const std::vector<DocumentObject> &objects);
    void retranslate();

protected:
    void changeEvent(QEvent *event) override;
};

} // namespace dinosam::ui
