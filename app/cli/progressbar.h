#pragma once
// Batch progress for the terminal: a redrawn one-line bar with ETA when stdout
// is a terminal, plain lines otherwise (logs, pipes, tests).
#include <chrono>
#include <cstdio>
#include <string>

namespace dinosam::cli {

/// Not thread-safe: driven from the CLI's main thread.
class ProgressBar
{
public:
    /// `interactive`: draw the bar (stdout is a terminal). `quiet`: print nothing but errors.
    ProgressBar(int total, bool interactive, bool quiet);

    /// Position within the batch: image `index` (0-based) at `fraction` of its work, doing `stage`.
    void update(int index, double fraction, const std::string &imageName, const std::string &stage);
    /// A line about a finished image (stdout), printed above the bar.
    void line(const std::string &text);
    /// An error line (stderr), printed above the bar.
    void error(const std::string &text);
    /// Removes the bar.
    void finish();

    static bool stdoutIsTerminal();
    /// "1:05", "12 s", "1:02:03".
    static std::string formatDuration(double seconds);

private:
    void clearBar();
    void drawBar();

    int m_total;
    bool m_interactive;
    bool m_quiet;
    bool m_barShown = false;
    double m_done = 0; // images done, fractional
    std::string m_label;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace dinosam::cli
