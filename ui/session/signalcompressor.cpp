#include "signalcompressor.h"

namespace dinosam::ui {

SignalCompressor::SignalCompressor(int intervalMs, QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(false);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SignalCompressor::onTimer);
}

void SignalCompressor::start()
{
    if (!m_timer.isActive()) {
        m_pending = false;
        m_timer.start();
        Q_EMIT timeout();
        return;
    }
    m_pending = true;
}

void SignalCompressor::flush()
{
    if (!m_pending)
        return;
    m_pending = false;
    m_timer.start(); // the flushed emission opens a new quiet interval
    Q_EMIT timeout();
}

void SignalCompressor::onTimer()
{
    if (m_pending) {
        m_pending = false;
        Q_EMIT timeout();
    } else {
        m_timer.stop();
    }
}

} // namespace dinosam::ui
