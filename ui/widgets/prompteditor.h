#pragma once
#include "types/prompt.h"
#include "types/segmentation.h"

#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QRectF>

#include <functional>
#include <optional>

namespace dinosam::ui {

class SegmentationDocument;
class SegmentationSession;
class ThreePanelView;
struct EngineOutcome;

/**
 * Point and box prompts on the masks panel. A click (positive or negative point
 * tool) or a dragged box extends the current object's prompt and asks SAM2 to
 * re-segment it (no current object: a new one). The prompt lives in the document,
 * with the object it produced, so undoing a refinement also removes its markers;
 * only the prompt of the refinement on its way is held here. In the navigate tool a
 * click selects the object under the cursor, Ctrl+click adds it to the selection.
 * Thread: GUI.
 */
class PromptEditor : public QObject
{
    Q_OBJECT
public:
    /// @param params returns the parameters to refine with (the panel's).
    PromptEditor(SegmentationSession *session, ThreePanelView *view,
                 std::function<SegmentationParams()> params, QObject *parent = nullptr);

    /// The document being edited (the image shown); may be null.
    void setDocument(SegmentationDocument *document);
    /// Redraws the markers of the current object (or of the refinement on its way).
    void updateMarkers();
    /// Forgets the refinement on its way (new image).
    void reset();

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void onImageClicked(const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void onBoxDrawn(const QRectF &rect);
    void onRefineReady(const dinosam::ui::EngineOutcome &outcome);
    /// The prompt to extend: the refinement on its way, else the current object's.
    Prompt currentPrompt(int uid) const;
    void refine(int uid, const Prompt &prompt);
    /// Whether the object at @p index is locked (then says so in the status bar).
    bool refusedLocked(int index);

    SegmentationSession *m_session;
    ThreePanelView *m_view;
    std::function<SegmentationParams()> m_params;
    QPointer<SegmentationDocument> m_document;
    struct Pending
    {
        quint64 generation = 0;
        int uid = -1;
        Prompt prompt;
    };
    std::optional<Pending> m_pending; // the latest refinement on its way
};

} // namespace dinosam::ui
