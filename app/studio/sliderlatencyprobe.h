#pragma once
#include <QElapsedTimer>
#include <QObject>

#include <vector>

namespace dinosam::ui {
class MainWindow;
}

namespace dinosam::studio {

/**
 * Measurement mode (--measure-slider N): once the first image is segmented, sets 10
 * objects, then N times moves and releases the threshold slider and times the way
 * from the release to the updated masks on screen (moves alternate between revisiting
 * a threshold and walking on to new ones). Prints every value and the medians, then
 * quits the application.
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
    int m_walkDirection = 0;
    int m_bestCount = -1;
    double m_bestThreshold = 0;
    bool m_searchDone = false;
};

} // namespace dinosam::studio
