#pragma once
#include <QDialog>

class QTextBrowser;

namespace dinosam::ui {

class ActionRegistry;

/**
 * Help ▸ Getting Started: the few steps of a first session, every keyboard
 * shortcut (read from the action registry, so it cannot go stale) and a link to
 * the documentation. Thread: GUI.
 */
class HelpDialog : public QDialog
{
    Q_OBJECT
public:
    HelpDialog(const ActionRegistry *actions, QWidget *parent = nullptr);

    /// The page shown (HTML), for tests.
    QString html() const;
    static QString documentationUrl() { return QStringLiteral("https://github.com/dinosam/dinosam#readme"); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    const ActionRegistry *m_actions;
    QTextBrowser *m_text;
};

} // namespace dinosam::ui
