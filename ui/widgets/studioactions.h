#pragma once
#include <QCoreApplication>

class QStyle;

namespace dinosam::ui {

class ActionRegistry;

/**
 * The table of the studio window's actions: every id with its shortcuts, icon and
 * (translated) text. The window connects them; the menus, the tool bar, the tests and
 * the keyboard-shortcuts page read them from the registry by id. Thread: GUI.
 */
class StudioActions
{
    Q_DECLARE_TR_FUNCTIONS(dinosam::ui::StudioActions)
public:
    /// Creates every action in @p registry (icons from @p style).
    static void registerAll(ActionRegistry &registry, const QStyle *style);
    /// Sets every action's text and tool tip in the current language.
    static void retranslate(ActionRegistry &registry);
    /// The video mode's actions (enabled only in that mode), in menu order.
    static QStringList videoIds();
    /// The tool actions, in tool-bar order.
    static QStringList toolIds();
};

} // namespace dinosam::ui
