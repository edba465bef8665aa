#pragma once
// The "Find similar" dock: its parameters and buttons (the logic is SimilarController's).
#include "pipeline/similarity.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dinosam::ui {

class SliderField;

/// Similarity threshold, maximum instances and minimum area, and the find / accept / reject
/// buttons. Emits what the user asked for; shows the controller's status and progress.
/// Thread: GUI.
class FindSimilarPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindSimilarPanel(QWidget *parent = nullptr);

    /// The panel's parameters on top of @p base (model ids, input size, prompt type).
    SimilarityParams params(SimilarityParams base) const;
    SliderField *similarityField() const { return m_similarity; }
    void setStatus(const QString &text);
    /// A folder run's progress: fraction in [0, 1] and the bar's text (progressText());
    /// a negative fraction hides the bar and Cancel.
    void setProgress(double fraction, const QString &text = QString());
    /// "12 / 50 images, about 40 s left": @p done of @p total images after @p elapsedSeconds.
    /// The time left is the mean time of a finished image times the images left (said to
    /// the second below 10 s, in 5 s steps below a minute, then in minutes); not said before
    /// the first image is done nor after the last. Empty when @p total is not positive.
    static QString progressText(int done, int total, double elapsedSeconds);

Q_SIGNALS:
    void findRequested(bool wholeFolder);
    /// A parameter moved (compressed by the caller).
    void paramsEdited();
    void acceptRequested(bool everywhere);
    void rejectRequested(bool everywhere);
    void cancelRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QLabel *m_hint;
    SliderField *m_similarity;
    SliderField *m_instances;
    SliderField *m_minArea;
    QPushButton *m_findHere, *m_findAll, *m_accept, *m_reject, *m_acceptAll, *m_rejectAll, *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
};

} // namespace dinosam::ui
