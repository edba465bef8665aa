#pragma once
#include <QHash>
#include <QIcon>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QStringList>

class QAction;

namespace dinosam::ui {

/**
 * Every action of the studio by id (Tiled's ActionManager): one place that knows
 * each action's shortcuts, so menus, tool bars, tests and the keyboard-shortcuts
 * page all read the same table. Thread: GUI.
 *
 * The registry owns the actions it creates (as their QObject parent); actions
 * registered with add(QString, QAction *) keep their own parent.
 */
class ActionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ActionRegistry(QObject *parent = nullptr);

    /// Creates the action @p id with @p shortcuts (the first is the primary one).
    QAction *add(const QString &id, const QList<QKeySequence> &shortcuts = {}, const QIcon &icon = {});
    /// Registers an action made elsewhere under @p id.
    QAction *add(const QString &id, QAction *action);

    /// The action with @p id, or nullptr.
    QAction *action(const QString &id) const;
    /// Every id, in the order registered.
    QStringList ids() const { return m_order; }

    /// Sets the (translated) text of @p id and a tool tip "Text (Shortcut)".
    void setText(const QString &id, const QString &text);
    /// "Text<TAB>Shortcut" lines of every action with a shortcut, for the help page.
    QList<QPair<QString, QString>> shortcutTable() const;

private:
    QHash<QString, QAction *> m_actions;
    QStringList m_order;
};

} // namespace dinosam::ui
