#include "actionregistry.h"

#include <QAction>

namespace dinosam::ui {

ActionRegistry::ActionRegistry(QObject *parent)
    : QObject(parent)
{
}

QAction *ActionRegistry::add(const QString &id, const QList<QKeySequence> &shortcuts, const QIcon &icon)
{
    auto *a = new QAction(this);
    if (!shortcuts.isEmpty())
        a->setShortcuts(shortcuts);
    if (!icon.isNull())
        a->setIcon(icon);
    return add(id, a);
}

QAction *ActionRegistry::add(const QString &id, QAction *action)
{
    Q_ASSERT(!m_actions.contains(id));
    action->setObjectName(id);
    m_actions.insert(id, action);
    m_order << id;
    return action;
}

QAction *ActionRegistry::action(const QString &id) const
{
    return m_actions.value(id, nullptr);
}

void ActionRegistry::setText(const QString &id, const QString &text)
{
    QAction *a = action(id);
    if (!a)
        return;
    a->setText(text);
    QString tip = QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
    if (!a->shortcut().isEmpty())
        tip += QStringLiteral(" (") + a->shortcut().toString(QKeySequence::NativeText) + QLatin1Char(')');
    a->setToolTip(tip);
}

QList<QPair<QString, QString>> ActionRegistry::shortcutTable() const
{
    QList<QPair<QString, QString>> out;
    for (const QString &id : m_order) {
        const QAction *a = m_actions.value(id);
        if (!a || a->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        out.append({QString(a->text()).remove(QLatin1Char('&')).remove(QStringLiteral("…")),
                    keys.join(QStringLiteral(", "))});
    }
    return out;
}

} // namespace dinosam::ui
