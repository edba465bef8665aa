#pragma once
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dinosam::ui {

class ActionRegistry;
class VideoTimeline;

/**
 * The strip under the three panels in video mode: play / pause and frame step, the frame
 * number, the tracking buttons (discover, propagate backward / forward, export), progress
 * with Cancel, and the timeline. Layout only: the buttons show the registry's video
 * actions; VideoController does the work. Thread: GUI.
 */
class VideoPanel : public QWidget
{
    Q_OBJECT
public:
    VideoPanel(ActionRegistry *actions, QWidget *parent = nullptr);

    VideoTimeline *timeline() const { return m_timeline; }
    QLabel *frameLabel() const { return m_frame; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *cancelButton() const { return m_cancel; }
    /// Shows the progress bar and Cancel (busy) or hides them.
    void setBusy(bool busy);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    VideoTimeline *m_timeline;
    QLabel *m_frame;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
};

} // namespace dinosam::ui
