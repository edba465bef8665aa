#include "videopanel.h"

#include "actionregistry.h"
#include "videotimeline.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace dinosam::ui {

VideoPanel::VideoPanel(ActionRegistry *actions, QWidget *parent)
    : QWidget(parent)
    , m_timeline(new VideoTimeline(this))
    , m_frame(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(this))
{
    setObjectName(QStringLiteral("videoPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    auto *row = new QHBoxLayout;
    auto button = [&](const char *id, bool withText) {
        auto *b = new QToolButton(this);
        b->setObjectName(QString::fromLatin1(id) + QStringLiteral("Button"));
        b->setDefaultAction(actions->action(QString::fromLatin1(id)));
        b->setToolButtonStyle(withText ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
        if (withText && b->icon().isNull())
            b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->addWidget(b);
    };
    button("videoPreviousFrame", false);
    button("videoPlay", false);
    button("videoNextFrame", false);
    m_frame->setObjectName(QStringLiteral("videoFrameLabel"));
    m_frame->setMinimumWidth(m_frame->fontMetrics().horizontalAdvance(QStringLiteral("Frame 00000 / 00000")));
    row->addWidget(m_frame);
    row->addSpacing(12);
    button("videoDiscover", true);
    button("videoPropagateBackward", true);
    button("videoPropagateForward", true);
    button("videoExport", true);
    row->addStretch(1);
    m_progress->setObjectName(QStringLiteral("videoProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_cancel->setObjectName(QStringLiteral("videoCancel"));
    row->addWidget(m_progress);
    row->addWidget(m_cancel);
    layout->addLayout(row);
    layout->addWidget(m_timeline);
    setBusy(false);
    retranslate();
}

void VideoPanel::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    if (!busy)
        m_progress->setValue(0);
}

void VideoPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void VideoPanel::retranslate()
{
    m_cancel->setText(tr("Cancel"));
    m_timeline->setToolTip(tr("Click or drag to go to a frame. Coloured bars: where each object is tracked; "
                              "grey: frames tracked; marks: frames discovery ran on."));
}

} // namespace dinosam::ui
