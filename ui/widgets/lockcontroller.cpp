#include "lockcontroller.h"

#include "actionregistry.h"
#include "objectlistwidget.h"
#include "segmentationdocument.h"

#include <QAction>

namespace dinosam::ui {

LockController::LockController(ActionRegistry *actions, ObjectListWidget *list,
                               std::function<SegmentationDocument *()> document, QObject *parent)
    : QObject(parent)
    , m_actions(actions)
    , m_list(list)
    , m_document(std::move(document))
{
    QAction *lock = m_actions->action(QStringLiteral("lock"));
    QAction *unlock = m_actions->action(QStringLiteral("unlock"));
    lock->setIcon(ObjectListWidget::lockIcon());
    connect(lock, &QAction::triggered, this, [this] { setLocked(true); });
    connect(unlock, &QAction::triggered, this, [this] { setLocked(false); });
    connect(m_list, &ObjectListWidget::lockToggled, this, [this](const QList<int> &rows, bool locked) {
        if (SegmentationDocument *doc = m_document())
            doc->setLocked(rows, locked);
    });
    // Right-click on the list: what acts on the selection.
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_list->addActions({lock, unlock, separator, m_actions->action(QStringLiteral("delete")),
                        m_actions->action(QStringLiteral("merge"))});
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    updateActions();
}

void LockController::updateActions()
{
    SegmentationDocument *doc = m_document();
    const QList<int> rows = doc ? doc->selection() : QList<int>{};
    const int locked = doc ? doc->lockedCount(rows) : 0;
    int lockable = 0;
    for (int i : rows)
        lockable += doc->objects()[size_t(i)].suggested ? 0 : 1;
    m_actions->action(QStringLiteral("lock"))->setEnabled(lockable > locked);
    m_actions->action(QStringLiteral("unlock"))->setEnabled(locked > 0);
}

bool LockController::allow(Edit edit)
{
    SegmentationDocument *doc = m_document();
    if (!doc)
        return false;
    const int locked = doc->lockedCount(doc->selection());
    if (locked == 0)
        return true;
    Q_EMIT statusMessage(edit == Edit::Delete
                             ? tr("%n selected object(s) locked: unlock them to delete them (nothing deleted).", nullptr, locked)
                             : tr("%n selected object(s) locked: unlock them to merge them.", nullptr, locked));
    return false;
}

void LockController::setLocked(bool locked)
{
    SegmentationDocument *doc = m_document();
    if (!doc)
        return;
    QList<int> rows = doc->selection();
    if (rows.isEmpty() && doc->selectedIndex() >= 0)
        rows << doc->selectedIndex();
    if (rows.isEmpty()) {
        Q_EMIT statusMessage(locked ? tr("Select objects to lock them.") : tr("Select objects to unlock them."));
        return;
    }
    doc->setLocked(rows, locked);
}

} // namespace dinosam::ui
