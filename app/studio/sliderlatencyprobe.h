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
 * from the release to the updated masks on screen. Prints every value and the median,
 * then quits the application.
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
    int m_bestCount = -1;
    double m_bestThreshold = 0;
    bool m_searchDone = false;
};

} // namespace dinosam::studio
