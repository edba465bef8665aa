#include "helpdialog.h"

#include "actionregistry.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace dinosam::ui {

HelpDialog::HelpDialog(const ActionRegistry *actions, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
    , m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("helpDialog"));
    m_text->setOpenExternalLinks(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    retranslate();
    resize(620, 640);
}

QString HelpDialog::html() const
{
    return m_text->toHtml();
}

void HelpDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void HelpDialog::retranslate()
{
    setWindowTitle(tr("Getting Started"));
    QString rows;
    for (const auto &[text, keys] : m_actions->shortcutTable())
        rows += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(text.toHtmlEscaped(), keys.toHtmlEscaped());
    m_text->setHtml(
        tr("<h2>Getting started</h2>"
           "<ol>"
           "<li>Open an image or a folder (File ▸ Open, or drop files on the window).</li>"
           "<li>DinoSam finds the salient objects and draws their masks: the original, the attention "
           "heat-map with the regions found, and the masks, side by side.</li>"
           "<li>Tune the detection with the sliders on the right: the attention threshold, the number of "
           "objects and the minimum area. The masks follow at once.</li>"
           "<li>Edit the objects: select them in the list or on the masks (Ctrl+click for several), delete or "
           "merge them; add a positive or negative point or draw a box to re-segment one (nothing selected: a "
           "new object). Every edit can be undone.</li>"
           "<li>Export masks, COCO annotations, cut-outs and overlays with File ▸ Export.</li>"
           "</ol>")
        + tr("<h3>Keyboard shortcuts</h3>")
        + QStringLiteral("<table cellspacing=\"4\">%1</table>").arg(rows)
        + tr("<p>Mouse wheel: zoom at the cursor. Drag: pan (navigate tool).</p>")
        + tr("<p>More in the <a href=\"%1\">documentation</a>.</p>").arg(documentationUrl()));
}

} // namespace dinosam::ui
