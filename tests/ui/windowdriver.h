#pragma once
// Drives the real MainWindow like a user, for the GUI tests (the fake engine's
// and the real pipeline's). Failures are recorded with QTest's macros; the
// functions then return early, as a test function would.
#include "mainwindow.h"
#include "parameterpanel.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTimer>
#include <QtTest>

namespace dinosam::test {

/// Waits until the shown masks belong to the panel's current parameters and no
/// throttled change is still on its way.
inline void settle(ui::MainWindow *w, int timeoutMs)
{
    for (int round = 0; round < 2; ++round) {
        QTRY_VERIFY_WITH_TIMEOUT(!w->session()->isBusy() && w->document()->result()
                                     && (w->document()->result()->params == w->parameterPanel()->params()),
                                 timeoutMs);
        QTest::qWait(2 * w->parameterPanel()->compressor()->interval());
    }
}

/// Moves a slider like a user (press, move, release), waits for new masks (up to
/// `shownTimeoutMs`) and a settled window (settle(w, settleTimeoutMs)), and returns
/// how often a timer of `tickMs` fired meanwhile on the GUI thread (a blocked GUI
/// thread does not tick).
inline int dragAndWait(ui::MainWindow *w, QSlider *slider, int value, int shownTimeoutMs, int settleTimeoutMs,
                       int tickMs)
{
    QSignalSpy shown(w, &ui::MainWindow::segmentationShown);
    int ticks = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
    ticker.start(tickMs);
    slider->setSliderDown(true);
    slider->setValue(value);
    slider->setSliderDown(false);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, shownTimeoutMs); }(); // QTRY_* return void
    if (!QTest::currentTestFailed())
        settle(w, settleTimeoutMs);
    return ticks;
}

} // namespace dinosam::test
