#include "sliderlatencyprobe.h"

#include "mainwindow.h"
#include "parameterpanel.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "sliderfield.h"

#include <QCoreApplication>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace dinosam::studio {

SliderLatencyProbe::SliderLatencyProbe(ui::MainWindow *window, int repetitions, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_repetitions(repetitions)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // lines reach a pipe even if the run is killed
    connect(window, &ui::MainWindow::segmentationShown, this, &SliderLatencyProbe::onShown);
    connect(window->session(), &ui::SegmentationSession::speculationFinished, this,
            [this](const QString &, bool complete, double ms) {
                if (m_phase == 0)
                    return;
                m_speculationMs += ms;
                if (!complete)
                    return; // pre-empted by the search below; it resumes
                m_speculationDone = true;
                if (m_phase == 2 && m_ms.empty() && !m_moving) {
                    std::printf("speculation finished: %.0f ms of background decoding\n", m_speculationMs);
                    m_moving = true;
                    QTimer::singleShot(200, this, &SliderLatencyProbe::moveSlider);
                }
            });
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
        if (m_speculationDone) {
            std::printf("speculation finished: %.0f ms of background decoding\n", m_speculationMs);
            m_moving = true;
            QTimer::singleShot(200, this, &SliderLatencyProbe::moveSlider);
        } else {
            std::printf("waiting for the speculation to finish\n");
        }
        std::fflush(stdout);
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
    // Drag and release like a user: press, move to a random other threshold, release.
    // The seed is fixed, so every run measures the same moves.
    QSlider *slider = m_window->parameterPanel()->thresholdField()->slider();
    const int base = slider->value();
    std::uniform_int_distribution<int> pick(slider->minimum(), slider->maximum());
    int target = base;
    while (target == base)
        target = pick(m_random);
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
    const double p95 = sorted[std::min(n - 1, size_t(std::ceil(0.95 * double(n))) - 1)];
    std::printf("slider release -> updated masks: median %.1f ms, 95th percentile %.1f ms over %zu random moves "
                "(min %.1f, max %.1f); speculation took %.0f ms\n",
                median, p95, n, sorted.front(), sorted.back(), m_speculationMs);
    if (!m_decodingMs.empty()) {
        std::sort(m_decodingMs.begin(), m_decodingMs.end());
        std::printf("  of which %zu needed SAM2 decodes (new regions): median %.1f ms\n", m_decodingMs.size(),
                    m_decodingMs[m_decodingMs.size() / 2]);
    }
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace dinosam::studio
