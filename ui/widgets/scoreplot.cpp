#include "scoreplot.h"

namespace dinosam::ui {

ScorePlot::ScorePlot(QWidget *parent)
    : QCustomPlot(parent)
{
    xAxis->setRange(0, 1.05);
    yAxis->setRange(0, 1.05);
    setMinimumHeight(140);
    retranslate();
}

void ScorePlot::retranslate()
{
    xAxis->setLabel(tr("DINOv2 confidence"));
    yAxis->setLabel(tr("SAM2 score"));
    replot(QCustomPlot::rpQueuedReplot);
}

void ScorePlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QCustomPlot::changeEvent(event);
}

void ScorePlot::setObjects(const std::vector<DocumentObject> &objects)
{
    clearGraphs();
    double maxX = 1.0;
    for (const DocumentObject &o : objects) {
        if (!o.visible)
            continue;
        QCPGraph *g = addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(Qt::black), QBrush(o.color), 10));
        g->addData(o.object->dinoConfidence, o.object->samScore);
        maxX = std::max(maxX, static_cast<double>(o.object->dinoConfidence));
    }
    xAxis->setRange(0, maxX * 1.05);
    replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dinosam::ui
