#include "evalplot.h"

#include "export/atomicfile.h"

#ifdef DINOSAM_HAVE_PLOT
// qcustomplot.h uses Qt's signals/slots/emit/foreach keywords, which QT_NO_KEYWORDS turns off.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach

#include <QBuffer>
#include <QByteArray>
#include <QPixmap>
#endif

#include <cmath>
#include <map>

namespace dinosam::cli {

#ifdef DINOSAM_HAVE_PLOT

bool evalPlotAvailable() { return true; }

std::string writeEvalPlot(const std::vector<evaluation::EvalRow> &rows, const std::filesystem::path &png)
{
    struct Metric
    {
        const char *name;
        QColor color;
        double (*get)(const evaluation::EvalRow &);
    };
    const std::vector<Metric> metrics = {
        {"CorLoc", QColor(31, 119, 180), [](const evaluation::EvalRow &r) { return r.metrics.corloc; }},
        {"recall@0.5", QColor(255, 127, 14), [](const evaluation::EvalRow &r) { return r.metrics.recall50; }},
        {"recall@0.75", QColor(44, 160, 44), [](const evaluation::EvalRow &r) { return r.metrics.recall75; }},
        {"best-match IoU", QColor(214, 39, 40), [](const evaluation::EvalRow &r) { return r.metrics.meanBestIou; }},
        {"precision@0.5", QColor(148, 103, 189), [](const evaluation::EvalRow &r) { return r.metrics.precision50; }},
        {"one-shot mIoU", QColor(140, 86, 75),
         [](const evaluation::EvalRow &r) { return r.method == "similar" ? r.oneShotMiou : std::nan(""); }},
    };
    const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    std::map<std::string, std::vector<const evaluation::EvalRow *>> byMethod;
    std::vector<std::string> methods;
    for (const auto &r : rows) {
        if (!byMethod.count(r.method))
            methods.push_back(r.method);
        byMethod[r.method].push_back(&r);
    }

    QCustomPlot plot;
    plot.setBackground(Qt::white);
    double lo = 1, hi = 0;
    for (size_t m = 0; m < methods.size(); ++m)
        for (const auto &metric : metrics) {
            QVector<double> xs, ys;
            for (const auto *r : byMethod[methods[m]]) {
                const double v = metric.get(*r);
                if (std::isnan(v))
                    continue;
                xs << r->threshold;
                ys << 100.0 * v;
                lo = std::min(lo, r->threshold);
                hi = std::max(hi, r->threshold);
            }
            if (xs.isEmpty())
                continue;
            QCPGraph *g = plot.addGraph();
            g->setName(QStringLiteral("%1 %2").arg(QString::fromStdString(methods[m]), QLatin1String(metric.name)));
            QPen pen(metric.color, 2);
            pen.setStyle(styles[m % 4]);
            g->setPen(pen);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
            g->setData(xs, ys);
        }
    if (hi < lo) {
        lo = 0;
        hi = 1;
    }
    const double pad = hi > lo ? 0.03 * (hi - lo) : 0.05;
    plot.xAxis->setRange(lo - pad, hi + pad);
    plot.yAxis->setRange(0, 102);
    plot.xAxis->setLabel(QStringLiteral("threshold"));
    plot.yAxis->setLabel(QStringLiteral("%"));
    plot.legend->setVisible(true);
    plot.legend->setFont(QFont(QStringLiteral("Sans"), 8));
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot.plotLayout()->insertRow(0);
    plot.plotLayout()->addElement(
        0, 0, new QCPTextElement(&plot, QStringLiteral("dinosam eval: metrics vs threshold"), QFont(QStringLiteral("Sans"), 11)));

    const QPixmap pixmap = plot.toPixmap(960, 600);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (pixmap.isNull() || !pixmap.save(&buffer, "PNG"))
        return "could not render the plot";
    try {
        AtomicFile file(png);
        file.prepare(std::string_view(bytes.constData(), size_t(bytes.size())));
        file.commit();
    } catch (const std::exception &e) {
        return e.what();
    }
    return {};
}

#else

bool evalPlotAvailable() { return false; }

std::string writeEvalPlot(const std::vector<evaluation::EvalRow> &, const std::filesystem::path &)
{
    return "this dinosam was built without the GUI libraries (QCustomPlot); no plot";
}

#endif

} // namespace dinosam::cli
