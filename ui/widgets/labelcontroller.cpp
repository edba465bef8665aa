#include "labelcontroller.h"

#include "actionregistry.h"
#include "objectlistwidget.h"
#include "projectautosave.h"
#include "segmentationdocument.h"

#include <QAction>

namespace dinosam::ui {

LabelController::LabelController(ActionRegistry *actions, ProjectAutosave *autosave, ObjectListWidget *list,
                                 std::function<SegmentationDocument *()> document, QObject *parent)
    : QObject(parent)
    , m_actions(actions)
    , m_autosave(autosave)
    , m_list(list)
    , m_document(std::move(document))
{
    for (int digit = 1; digit <= 9; ++digit)
        connect(m_actions->action(QStringLiteral("label%1").arg(digit)), &QAction::triggered, this,
                [this, digit] { labelSelection(digit); });
    connect(m_actions->action(QStringLiteral("colorByLabel")), &QAction::toggled, this, [this] { documentShown(); });
    connect(m_autosave, &ProjectAutosave::saved, this, [this] { m_list->setExtraLabels(m_autosave->labelNames()); });
}

void LabelController::documentShown()
{
    SegmentationDocument *doc = m_document();
    m_list->setExtraLabels(m_autosave->labelNames());
    if (!doc)
        return;
    if (m_actions->action(QStringLiteral("colorByLabel"))->isChecked())
        doc->setLabelColors([autosave = m_autosave](const std::string &label) { return autosave->labelColor(label); });
    else
        doc->setLabelColors({});
}

void LabelController::labelSelection(int digit)
{
    SegmentationDocument *doc = m_document();
    if (!doc)
        return;
    m_autosave->learnLabels(doc); // labels typed on this image get their keys at once
    const QString label = m_autosave->labelForShortcut(digit);
    if (label.isEmpty()) {
        Q_EMIT statusMessage(tr("No label has the key %1 yet: type a label in the object list first.").arg(digit));
        return;
    }
    QList<int> rows = doc->selection();
    if (rows.isEmpty() && doc->selectedIndex() >= 0)
        rows << doc->selectedIndex();
    if (rows.isEmpty()) {
        Q_EMIT statusMessage(tr("Select objects to label them %1.").arg(label));
        return;
    }
    doc->setLabel(rows, label);
}

} // namespace dinosam::ui
