#pragma once
#include "types/segmentation.h"

#include <QStatusBar>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QProgressBar;
class QToolButton;

namespace dinosam::ui {

/**
 * The studio's status bar: a message (rebuilt in the new language on a language
 * change), the last run's stage times, and a one-line progress bar with the stage
 * name and a Cancel button while something runs. Nothing in it changes width with
 * its text, so the window does not jump. Thread: GUI.
 */
class StudioStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    /// @param cancel the action the Cancel button triggers (not owned).
    StudioStatusBar(QAction *cancel, QWidget *parent = nullptr);

    /// Shows @p text(), and calls it again after a language change.
    void setStatus(std::function<QString()> text);
    QString statusText() const;

    /// The stage times of the result shown; reset() clears them (a new image computes).
    void setTimings(const StageTimings &timings, double totalMs);
    void clearTimings();
    QString timingText() const;

    /// @p stage is the pipeline's English stage name ("DINOv2", "discovery", ...).
    void showProgress(double fraction, const QString &stage);
    void hideProgress();
    QProgressBar *progressBar() const { return m_progress; }

    /// The pipeline's English stage names, in the current language.
    static QString stageLabel(const QString &stage);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_status;
    QLabel *m_timing;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    std::function<QString()> m_text;
    std::optional<StageTimings> m_timings;
    double m_totalMs = 0;
    QString m_stage;
};

} // namespace dinosam::ui
