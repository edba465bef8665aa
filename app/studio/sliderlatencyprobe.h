#pragma once
#include <QElapsedTimer>
#include <QObject>

#include <random>
#include <vector>

namespace dinosam::ui {
class MainWindow;
}

namespace dinosam::studio {

/**
 * Measurement mode (--measure-slider N): once the first image is segmented, sets 10
 * objects and looks for the threshold that gives the most, waits until the session's
 * speculation has decoded every threshold ahead, then N times moves the threshold
 * slider to a random other value (fixed seed), releases it and times the way from the
 * release to the updated masks on screen. Prints every value, the median, the 95th
 * percentile and the speculation's time, then quits the application.
 */
class SliderLatencyProbe : public QObject
{
    Q_OBJECT
public:
    SliderLatencyProbe(ui::MainWindow *window, int repetitions, QObject *parent = nullptr);

private:
    void onShown();
    void moveSlider();
    void finish();

    ui::MainWindow *m_window;
    int m_repetitions;
    int m_phase = 0; // 0: first result, 1: 10 objects set, 2: measuring
    QElapsedTimer m_timer;
    std::vector<double> m_ms;
    std::vector<double> m_decodingMs; // moves whose result needed SAM2 decodes
    std::mt19937 m_random{20261201};
    double m_speculationMs = 0; // background decoding since the first result
    bool m_speculationDone = false;
    bool m_moving = false;
    int m_bestCount = -1;
    double m_bestThreshold = 0;
    bool m_searchDone = false;
};

} // namespace dinosam::studio
