#include "sliderlatencyprobe.h"

#include "mainwindow.h"
#include "parameterpanel.h"
#include "segmentationdocument.h"
#include "sliderfield.h"

#include <QCoreApplication>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dinosam::studio {

SliderLatencyProbe::SliderLatencyProbe(ui::MainWindow *window, int repetitions, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_repetitions(repetitions)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // lines reach a pipe even if the run is killed
    connect(window, &ui::MainWindow::segmentationShown, this, &SliderLatencyProbe::onShown);
    connect(window, &ui::MainWindow::imageFailed, this, [](const QString &path, const QString &message) {
        std::fprintf(stderr, "segmentation failed for %s: %s\n", qPrintable(path), qPrintable(message));
        QCoreApplication::exit(1);
    });
}

void SliderLatencyProbe::onShown()
{
    if (m_phase == 0) {
        m_phase = 1;
        std::printf("first result: %d objects\n", m_window->document()->objectCount());
        ui::ParameterPanel *panel = m_window->parameterPanel();
        QTimer::singleShot(0, this, [panel] {
            panel->minAreaField()->setValue(0);
            panel->objectsField()->setValue(10);
            panel->compressor()->flush();
        });
        return;
    }
    if (m_phase == 1) {
        ui::ParameterPanel *panel = m_window->parameterPanel();
        if (panel->params().numObjects != 10 || !m_window->document()->result()
            || m_window->document()->result()->params.attentionThreshold != panel->params().attentionThreshold)
            return; // an intermediate result
        const int count = m_window->document()->objectCount();
        const double threshold = panel->thresholdField()->value();
        std::printf("threshold %.2f: %d objects\n", threshold, count);
        if (count > m_bestCount) {
            m_bestCount = count;
            m_bestThreshold = threshold;
        }
        // Look for a threshold that gives the 10 objects asked for (random weights make
        // few, large regions at the default threshold); settle on the richest one.
        double next = -1;
        if (count < 10 && !m_searchDone && threshold > 0.11)
            next = threshold - 0.05;
        else if (std::abs(threshold - m_bestThreshold) > 1e-6)
            next = m_bestThreshold;
        if (next >= 0) {
            m_searchDone = m_searchDone || threshold <= 0.11 || next == m_bestThreshold;
            QTimer::singleShot(0, this, [panel, next] {
                panel->thresholdField()->setValue(next);
                panel->compressor()->flush();
            });
            return;
        }
        m_phase = 2;
        std::fflush(stdout);
        QTimer::singleShot(200, this, &SliderLatencyProbe::moveSlider);
        return;
    }
    const double ms = static_cast<double>(m_timer.nsecsElapsed()) / 1e6;
    m_ms.push_back(ms);
    const StageTimings &t = m_window->document()->result()->timings;
    const double threshold = m_window->document()->result()->params.attentionThreshold;
    std::printf("release -> masks %2zu: %8.1f ms (threshold %.2f, %d objects; worker %.1f ms, pipeline call %.1f ms, "
                "its stages: discovery %.1f, SAM2 decode %.1f, post-process %.1f ms)\n",
                m_ms.size(), ms, threshold, m_window->document()->objectCount(), m_window->lastWorkerMs(),
                m_window->lastEngineMs(), t.discoveryMs, t.sam2DecodeMs, t.postprocessMs);
    if (t.sam2DecodeMs > 0)
        m_decodingMs.push_back(ms);
    std::fflush(stdout);
    if (static_cast<int>(m_ms.size()) >= m_repetitions)
        finish();
    else
        QTimer::singleShot(150, this, &SliderLatencyProbe::moveSlider);
}

void SliderLatencyProbe::moveSlider()
{
    // Drag and release like a user: press, move a few steps, release. Odd moves go
    // back and forth (the masks of a revisited threshold are cached), even moves walk
    // on to thresholds not seen before (changed regions need SAM2 decodes).
    QSlider *slider = m_window->parameterPanel()->thresholdField()->slider();
    const int base = slider->value();
    if (m_walkDirection == 0)
        m_walkDirection = base + 12 <= slider->maximum() ? 1 : -1;
    int target = base + ((m_ms.size() % 2 == 0) ? 3 : -2) * m_walkDirection;
    if (target < slider->minimum() || target > slider->maximum()) {
        m_walkDirection = -m_walkDirection;
        target = base + 3 * m_walkDirection;
    }
    slider->setSliderDown(true);
    slider->setValue(target);
    m_timer.start();
    slider->setSliderDown(false); // emits sliderReleased: the panel flushes at once
}

void SliderLatencyProbe::finish()
{
    std::vector<double> sorted = m_ms;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    std::printf("slider release -> updated masks: median %.1f ms over %zu (min %.1f, max %.1f)\n",
                median, n, sorted.front(), sorted.back());
    if (!m_decodingMs.empty()) {
        std::sort(m_decodingMs.begin(), m_decodingMs.end());
        std::printf("  of which %zu needed SAM2 decodes (new regions): median %.1f ms\n", m_decodingMs.size(),
                    m_decodingMs[m_decodingMs.size() / 2]);
    }
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace dinosam::studio
