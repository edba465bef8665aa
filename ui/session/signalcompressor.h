#pragma once
#include <QObject>
#include <QTimer>

namespace dinosam::ui {

/**
 * Throttles a burst of triggers (KisSignalCompressor's "first active" mode): the first
 * trigger fires at once, later ones within the interval are merged into one emission
 * at the end of the interval. flush() fires a pending emission immediately.
 * Thread: GUI (owner's) thread only.
 */
class SignalCompressor : public QObject
{
    Q_OBJECT
public:
    explicit SignalCompressor(int intervalMs = 40, QObject *parent = nullptr);

    void start();
    void flush();
    int interval() const { return m_timer.interval(); }

Q_SIGNALS:
    void timeout();

private:
    void onTimer();

    QTimer m_timer;
    bool m_pending = false;
};

} // namespace dinosam::ui
