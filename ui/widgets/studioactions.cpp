#include "studioactions.h"

#include "actionregistry.h"

#include <QAction>
#include <QIcon>
#include <QStyle>

namespace dinosam::ui {

void StudioActions::registerAll(ActionRegistry &r, const QStyle *style)
{
    auto icon = [style](QStyle::StandardPixmap p) { return style->standardIcon(p); };
    auto own = [](const char *file) { return QIcon(QString::fromLatin1(file)); };
    r.add(QStringLiteral("openImage"), {QKeySequence::Open}, icon(QStyle::SP_DialogOpenButton));
    r.add(QStringLiteral("openFolder"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)}, icon(QStyle::SP_DirOpenIcon));
    r.add(QStringLiteral("openVideo"), {QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O)}, icon(QStyle::SP_MediaPlay));
    r.add(QStringLiteral("openFrames"), {}, icon(QStyle::SP_DirOpenIcon));
    r.add(QStringLiteral("export"), {QKeySequence(Qt::CTRL | Qt::Key_E)}, icon(QStyle::SP_DialogSaveButton));
    r.add(QStringLiteral("importAnnotations"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I)});
    r.add(QStringLiteral("quit"), {QKeySequence::Quit});
    r.add(QStringLiteral("next"), {QKeySequence(Qt::Key_PageDown)}, icon(QStyle::SP_ArrowForward));
    r.add(QStringLiteral("previous"), {QKeySequence(Qt::Key_PageUp)}, icon(QStyle::SP_ArrowBack));
    r.add(QStringLiteral("undo"), {QKeySequence::Undo}, icon(QStyle::SP_ArrowBack));
    r.add(QStringLiteral("redo"), {QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)}, icon(QStyle::SP_ArrowForward));
    r.add(QStringLiteral("selectAll"), {QKeySequence::SelectAll});
    r.add(QStringLiteral("delete"), {QKeySequence::Delete}, icon(QStyle::SP_TrashIcon));
    r.add(QStringLiteral("merge"), {QKeySequence(Qt::CTRL | Qt::Key_M)}, own(":/icons/merge.png"));
    r.add(QStringLiteral("lock"), {QKeySequence(Qt::CTRL | Qt::Key_K)});
    r.add(QStringLiteral("unlock"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K)});
    r.add(QStringLiteral("editLabels"));
    r.add(QStringLiteral("settings"), {QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    r.add(QStringLiteral("cancel"), {QKeySequence(Qt::Key_Escape)}, icon(QStyle::SP_BrowserStop));
    r.add(QStringLiteral("zoomIn"), {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    r.add(QStringLiteral("zoomOut"), {QKeySequence::ZoomOut});
    r.add(QStringLiteral("fit"), {QKeySequence(Qt::CTRL | Qt::Key_0)});
    r.add(QStringLiteral("actualSize"), {QKeySequence(Qt::CTRL | Qt::Key_1)});
    r.add(QStringLiteral("gettingStarted"), {QKeySequence(Qt::Key_F1)});
    r.add(QStringLiteral("setupModels"));
    r.add(QStringLiteral("about"));
    r.add(QStringLiteral("aboutQt"));
    r.add(QStringLiteral("toolNavigate"), {QKeySequence(Qt::Key_V)}, own(":/icons/navigate.png"));
    r.add(QStringLiteral("toolPositive"), {QKeySequence(Qt::Key_A)}, own(":/icons/point-positive.png"));
    r.add(QStringLiteral("toolNegative"), {QKeySequence(Qt::Key_S)}, own(":/icons/point-negative.png"));
    r.add(QStringLiteral("toolBox"), {QKeySequence(Qt::Key_B)}, own(":/icons/box.png"));
    r.add(QStringLiteral("colorByLabel"), {QKeySequence(Qt::CTRL | Qt::Key_L)});
    r.action(QStringLiteral("colorByLabel"))->setCheckable(true);
    // The video mode's (enabled only there: the arrows and Space stay the widgets' in image mode).
    r.add(QStringLiteral("videoPlay"), {QKeySequence(Qt::Key_Space)}, icon(QStyle::SP_MediaPlay));
    r.add(QStringLiteral("videoPreviousFrame"), {QKeySequence(Qt::Key_Left)}, icon(QStyle::SP_MediaSeekBackward));
    r.add(QStringLiteral("videoNextFrame"), {QKeySequence(Qt::Key_Right)}, icon(QStyle::SP_MediaSeekForward));
    r.add(QStringLiteral("videoDiscover"), {QKeySequence(Qt::CTRL | Qt::Key_D)});
    r.add(QStringLiteral("videoPropagateBackward"), {QKeySequence(Qt::CTRL | Qt::Key_Left)});
    r.add(QStringLiteral("videoPropagateForward"), {QKeySequence(Qt::CTRL | Qt::Key_Right)});
    r.add(QStringLiteral("videoExport"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)});
    for (const QString &id : videoIds())
        r.action(id)->setEnabled(false);
    r.action(QStringLiteral("videoPlay"))->setCheckable(true);
    for (int digit = 1; digit <= 9; ++digit) // the label set gives its first nine labels these keys
        r.add(QStringLiteral("label%1").arg(digit), {QKeySequence(Qt::Key_0 + digit)});
    for (const QString &id : toolIds())
        r.action(id)->setCheckable(true);
    r.action(QStringLiteral("cancel"))->setEnabled(false); // only while something runs
}

QStringList StudioActions::videoIds()
{
    return {QStringLiteral("videoPlay"),          QStringLiteral("videoPreviousFrame"),
            QStringLiteral("videoNextFrame"),     QStringLiteral("videoDiscover"),
            QStringLiteral("videoPropagateBackward"), QStringLiteral("videoPropagateForward"),
            QStringLiteral("videoExport")};
}

QStringList StudioActions::toolIds()
{
    return {QStringLiteral("toolNavigate"), QStringLiteral("toolPositive"), QStringLiteral("toolNegative"),
            QStringLiteral("toolBox")};
}

void StudioActions::retranslate(ActionRegistry &r)
{
    const std::pair<const char *, QString> texts[] = {
        {"openImage", tr("&Open Image…")},
        {"openFolder", tr("Open &Folder…")},
        {"openVideo", tr("Open &Video…")},
        {"openFrames", tr("Open Frame Folder as Vi&deo…")},
        {"export", tr("&Export…")},
        {"importAnnotations", tr("&Import Annotations…")},
        {"quit", tr("&Quit")},
        {"next", tr("&Next Image")},
        {"previous", tr("&Previous Image")},
        {"undo", tr("&Undo")},
        {"redo", tr("&Redo")},
        {"selectAll", tr("Select &All Objects")},
        {"delete", tr("&Delete Object")},
        {"merge", tr("&Merge Objects")},
        {"lock", tr("&Lock Objects")},
        {"unlock", tr("U&nlock Objects")},
        {"editLabels", tr("Edit &Labels…")},
        {"settings", tr("&Settings…")},
        {"cancel", tr("&Cancel Computation")},
        {"zoomIn", tr("Zoom &In")},
        {"zoomOut", tr("Zoom &Out")},
        {"fit", tr("&Fit to Window")},
        {"actualSize", tr("&Actual Pixels (100 %)")},
        {"gettingStarted", tr("&Getting Started and Shortcuts")},
        {"setupModels", tr("Set Up &Models…")},
        {"about", tr("&About DinoSam Studio")},
        {"aboutQt", tr("About &Qt")},
        {"toolNavigate", tr("&Navigate and Select")},
        {"toolPositive", tr("Add &Positive Point")},
        {"toolNegative", tr("Add N&egative Point")},
        {"toolBox", tr("Draw &Box")},
        {"videoPlay", tr("&Play / Pause")},
        {"videoPreviousFrame", tr("P&revious Frame")},
        {"videoNextFrame", tr("N&ext Frame")},
        {"videoDiscover", tr("&Discover on This Frame")},
        {"videoPropagateBackward", tr("Propagate &Backward")},
        {"videoPropagateForward", tr("Propagate &Forward")},
        {"videoExport", tr("E&xport Tracks…")},
    };
    for (const auto &[id, text] : texts)
        r.setText(QString::fromLatin1(id), text);
    r.setText(QStringLiteral("colorByLabel"), tr("Colour Masks by &Label"));
    for (int digit = 1; digit <= 9; ++digit)
        r.setText(QStringLiteral("label%1").arg(digit), tr("Label the Selection with Label %1").arg(digit));
}

} // namespace dinosam::ui
