#include "progressbar.h"

#include <algorithm>
#include <cmath>

#ifdef _WIN32
#include <io.h>
#define DINOSAM_ISATTY(fd) _isatty(fd)
#define DINOSAM_FILENO(f) _fileno(f)
#else
#include <unistd.h>
#define DINOSAM_ISATTY(fd) isatty(fd)
#define DINOSAM_FILENO(f) fileno(f)
#endif

namespace dinosam::cli {

ProgressBar::ProgressBar(int total, bool interactive, bool quiet)
    : m_total(std::max(total, 1)), m_interactive(interactive && !quiet), m_quiet(quiet)
{
}

bool ProgressBar::stdoutIsTerminal() { return DINOSAM_ISATTY(DINOSAM_FILENO(stdout)) != 0; }

std::string ProgressBar::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%ld s", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

void ProgressBar::update(int index, double fraction, const std::string &imageName, const std::string &stage)
{
    m_done = std::clamp(double(index) + std::clamp(fraction, 0.0, 1.0), 0.0, double(m_total));
    m_label = imageName + (stage.empty() ? "" : " - " + stage);
    if (!m_interactive)
        return;
    // Redraw at most ~10 times a second.
    const auto now = std::chrono::steady_clock::now();
    if (m_barShown && now - m_lastDraw < std::chrono::milliseconds(100))
        return;
    m_lastDraw = now;
    drawBar();
}

void ProgressBar::drawBar()
{
    constexpr int width = 24;
    const double frac = m_done / double(m_total);
    const int filled = int(frac * width);
    std::string bar(size_t(filled), '=');
    if (filled < width)
        bar += '>' + std::string(size_t(width - filled - 1), ' ');
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const std::string eta = m_done > 0.02 ? formatDuration(elapsed / m_done * (double(m_total) - m_done)) : "?";
    std::string label = m_label;
    if (label.size() > 40)
        label = "..." + label.substr(label.size() - 37);
    std::fprintf(stdout, "\r\033[K[%s] %d/%d %3d%%  ETA %s  %s", bar.c_str(),
                 std::min(int(m_done) + 1, m_total), m_total, int(frac * 100), eta.c_str(), label.c_str());
    std::fflush(stdout);
    m_barShown = true;
}

void ProgressBar::clearBar()
{
    if (m_barShown) {
        std::fputs("\r\033[K", stdout);
        std::fflush(stdout);
        m_barShown = false;
    }
}

void ProgressBar::line(const std::string &text)
{
    if (m_quiet)
        return;
    clearBar();
    std::fprintf(stdout, "%s\n", text.c_str());
    std::fflush(stdout);
    if (m_interactive)
        drawBar();
}

void ProgressBar::error(const std::string &text)
{
    clearBar();
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
    if (m_interactive)
        drawBar();
}

void ProgressBar::finish() { clearBar(); }

} // namespace dinosam::cli
