#include "prompteditor.h"

#include "enginejob.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "threepanelview.h"

#include <QLocale>

namespace dinosam::ui {

PromptEditor::PromptEditor(SegmentationSession *session, ThreePanelView *view,
                           std::function<SegmentationParams()> params, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_view(view)
    , m_params(std::move(params))
{
    connect(m_view, &ThreePanelView::imageClicked, this, &PromptEditor::onImageClicked);
    connect(m_view, &ThreePanelView::boxDrawn, this, &PromptEditor::onBoxDrawn);
    connect(m_session, &SegmentationSession::refineReady, this, &PromptEditor::onRefineReady);
    connect(m_session, &SegmentationSession::failed, this, [this](quint64, const QString &path) {
        if (m_document && path == m_document->imagePath() && m_pending) {
            m_pending.reset();
            updateMarkers();
        }
    });
}

void PromptEditor::setDocument(SegmentationDocument *document)
{
    m_document = document;
    reset();
}

void PromptEditor::reset()
{
    m_pending.reset();
    updateMarkers();
}

Prompt PromptEditor::currentPrompt(int uid) const
{
    if (m_pending && m_pending->uid == uid && m_document && m_pending->generation == m_document->generation())
        return m_pending->prompt;
    if (!m_document || uid < 0)
        return {};
    const int index = m_document->indexOfUid(uid);
    if (index < 0)
        return {};
    const DocumentObject &o = m_document->objects()[static_cast<size_t>(index)];
    Prompt prompt = o.prompt;
    // A discovered object starts from what produced it: its box prompt, if any.
    if (prompt.empty() && o.object->promptBox.area() > 0)
        prompt.box = o.object->promptBox;
    return prompt;
}

void PromptEditor::onImageClicked(const QPointF &pos, Qt::KeyboardModifiers modifiers)
{
    if (!m_document || !m_document->hasImage() || !m_document->result())
        return;
    const ImagePanel::Tool tool = m_view->panel(ThreePanelView::Masks)->tool();
    if (tool == ImagePanel::Tool::Navigate) {
        const int hit = m_document->objectAt(pos);
        if (modifiers & (Qt::ControlModifier | Qt::ShiftModifier))
            m_document->toggleSelected(hit);
        else
            m_document->setSelectedIndex(hit);
        return;
    }
    if (tool == ImagePanel::Tool::Box)
        return;
    const int index = m_document->selectedIndex();
    if (refusedLocked(index))
        return;
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    Prompt prompt = currentPrompt(uid);
    prompt.points.emplace_back(static_cast<float>(pos.x()), static_cast<float>(pos.y()));
    prompt.labels.push_back(tool == ImagePanel::Tool::PositivePoint ? 1 : 0);
    refine(uid, prompt);
}

void PromptEditor::onBoxDrawn(const QRectF &rect)
{
    if (!m_document || !m_document->hasImage() || !m_document->result())
        return;
    const int index = m_document->selectedIndex();
    if (refusedLocked(index))
        return;
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    Prompt prompt = currentPrompt(uid);
    prompt.box = cv::Rect2f(static_cast<float>(rect.x()), static_cast<float>(rect.y()),
                            static_cast<float>(rect.width()), static_cast<float>(rect.height()));
    refine(uid, prompt);
}

bool PromptEditor::refusedLocked(int index)
{
    if (!m_document->isLocked(index))
        return false;
    Q_EMIT statusMessage(tr("Object %1 is locked: unlock it to re-segment it (with nothing selected, a prompt "
                            "adds a new object).").arg(index + 1));
    return true;
}

void PromptEditor::refine(int uid, const Prompt &prompt)
{
    m_pending = Pending{m_document->generation(), uid, prompt};
    m_session->requestRefine(m_document->imagePath(), m_params(), prompt, uid, m_document->generation());
    Q_EMIT statusMessage(tr("Re-segmenting with SAM2…"));
    updateMarkers();
}

void PromptEditor::onRefineReady(const EngineOutcome &outcome)
{
    if (!m_document || outcome.imagePath != m_document->imagePath()
        || outcome.documentGeneration != m_document->generation())
        return; // the masks it applied to were replaced meanwhile
    // A refinement asked for without the editor (the session's API) still applies; only
    // the editor's own requests know their prompt markers.
    const Prompt prompt = m_pending ? m_pending->prompt : Prompt{};
    m_pending.reset();
    if (!m_document->applyRefinement(outcome.targetUid, *outcome.object, prompt)) {
        Q_EMIT statusMessage(tr("The object was locked meanwhile: it is kept as it was."));
        updateMarkers();
        return;
    }
    Q_EMIT statusMessage(tr("Object updated (score %1).").arg(QLocale().toString(outcome.object->samScore, 'f', 3)));
    updateMarkers();
}

void PromptEditor::updateMarkers()
{
    QList<QPointF> points;
    QList<bool> positive;
    if (m_document) {
        const int index = m_document->selectedIndex();
        const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
        Prompt prompt;
        if (m_pending && m_pending->uid == uid && m_pending->generation == m_document->generation())
            prompt = m_pending->prompt;
        else if (index >= 0)
            prompt = m_document->objects()[static_cast<size_t>(index)].prompt;
        for (size_t i = 0; i < prompt.points.size(); ++i) {
            points << QPointF(prompt.points[i].x, prompt.points[i].y);
            positive << (i < prompt.labels.size() && prompt.labels[i] != 0);
        }
    }
    m_view->setMarkers(points, positive);
}

} // namespace dinosam::ui
