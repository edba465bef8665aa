#include "labelcontroller.h"

#include "actionregistry.h"
#include "documentstore.h"
#include "labeleditordialog.h"
#include "objectlistwidget.h"
#include "projectautosave.h"
#include "segmentationdocument.h"

#include "annotation/annotationstore.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include <set>

namespace dinosam::ui {

LabelController::LabelController(ActionRegistry *actions, ProjectAutosave *autosave, ObjectListWidget *list,
                                 DocumentStore *documents, std::function<SegmentationDocument *()> document,
                                 QWidget *window)
    : QObject(window)
    , m_actions(actions)
    , m_autosave(autosave)
    , m_list(list)
    , m_documents(documents)
    , m_document(std::move(document))
    , m_window(window)
    , m_bar(new QWidget(window))
    , m_defaultLabelCaption(new QLabel(m_bar))
    , m_defaultBox(new QComboBox(m_bar))
{
    for (int digit = 1; digit <= 9; ++digit)
        connect(m_actions->action(QStringLiteral("label%1").arg(digit)), &QAction::triggered, this,
                [this, digit] { labelSelection(digit); });
    connect(m_actions->action(QStringLiteral("colorByLabel")), &QAction::toggled, this, [this] { documentShown(); });
    connect(m_actions->action(QStringLiteral("editLabels")), &QAction::triggered, this, &LabelController::editLabels);
    connect(m_autosave, &ProjectAutosave::saved, this, [this] { m_list->setExtraLabels(m_autosave->labelNames()); });
    connect(m_autosave, &ProjectAutosave::labelsChanged, this, &LabelController::refreshLabels);

    m_defaultBox->setObjectName(QStringLiteral("defaultLabelBox"));
    m_defaultBox->setEditable(true);
    m_defaultBox->setInsertPolicy(QComboBox::NoInsert); // a typed name becomes a label of the set instead
    m_defaultBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_defaultBox->setMinimumContentsLength(10);
    m_defaultLabelCaption->setBuddy(m_defaultBox);
    connect(m_defaultBox, &QComboBox::activated, this, &LabelController::defaultLabelEntered);
    connect(m_defaultBox->lineEdit(), &QLineEdit::editingFinished, this, &LabelController::defaultLabelEntered);
    auto *edit = new QToolButton(m_bar);
    edit->setObjectName(QStringLiteral("editLabelsButton"));
    edit->setDefaultAction(m_actions->action(QStringLiteral("editLabels")));
    auto *layout = new QHBoxLayout(m_bar);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_defaultLabelCaption);
    layout->addWidget(m_defaultBox, 1);
    layout->addWidget(edit);
    retranslate();
    refreshLabels();
}

void LabelController::retranslate()
{
    m_defaultLabelCaption->setText(tr("Label for &new objects:"));
    m_defaultBox->setToolTip(tr("Automatic objects and objects added with a prompt get this label; type a new "
                                "name to create a label."));
}

void LabelController::refreshLabels()
{
    m_refreshing = true;
    const QString current = m_autosave->defaultLabel();
    QStringList names = m_autosave->labelNames();
    if (!names.contains(current))
        names.prepend(current);
    m_defaultBox->clear();
    m_defaultBox->addItems(names);
    m_defaultBox->setCurrentIndex(int(names.indexOf(current)));
    m_refreshing = false;
    m_list->setExtraLabels(m_autosave->labelNames());
    if (SegmentationDocument *doc = m_document())
        doc->setDefaultLabel(current.toStdString());
}

void LabelController::defaultLabelEntered()
{
    if (m_refreshing)
        return;
    const QString text = m_defaultBox->currentText().trimmed();
    if (text == m_autosave->defaultLabel())
        return;
    if (!m_autosave->setDefaultLabel(text)) {
        Q_EMIT statusMessage(tr("The label for new objects needs a name."));
        refreshLabels();
        return;
    }
    Q_EMIT statusMessage(tr("New objects are labelled %1.").arg(m_autosave->defaultLabel()));
}

void LabelController::documentShown()
{
    SegmentationDocument *doc = m_document();
    m_list->setExtraLabels(m_autosave->labelNames());
    if (!doc)
        return;
    doc->setDefaultLabel(m_autosave->defaultLabel().toStdString());
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

std::map<std::string, int> LabelController::labelUses() const
{
    // Open documents count as shown (their edits may not be saved yet), the other images as saved.
    std::map<std::string, int> uses;
    std::set<std::string> open;
    const auto store = m_autosave->store();
    for (SegmentationDocument *doc : m_documents->all()) {
        if (store && !doc->imagePath().isEmpty())
            open.insert(store->relativeName(doc->imagePath().toStdString()));
        for (const DocumentObject &o : doc->objects())
            if (!o.suggested)
                ++uses[o.object->label];
    }
    if (store) {
        m_autosave->waitForWrites();
        for (const auto &[label, n] : store->labelCounts(open))
            uses[label] += n;
    }
    return uses;
}

void LabelController::editLabels()
{
    for (SegmentationDocument *doc : m_documents->all())
        m_autosave->learnLabels(doc); // every label in use is listed
    auto *dialog = new LabelEditorDialog(m_autosave->labels(), labelUses(), m_autosave->defaultLabel().toStdString(),
                                         m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { apply(*dialog); });
    dialog->open();
}

void LabelController::apply(const LabelEditorDialog &dialog)
{
    std::map<std::string, std::string> renames = dialog.renames();
    const std::string fallback = dialog.defaultLabel();
    for (auto &[from, to] : renames)
        if (to.empty())
            to = fallback; // a deleted label's objects get the label for new objects
    int changed = 0;
    for (SegmentationDocument *doc : m_documents->all())
        changed += doc->renameLabels(renames);
    m_autosave->relabelSaved(renames); // the images not open, after the writes queued so far
    m_autosave->setLabels(dialog.labels());
    m_autosave->setDefaultLabel(QString::fromStdString(fallback));
    documentShown(); // new colours
    if (!renames.empty())
        Q_EMIT statusMessage(tr("Labels changed on %n object(s) of the open images and in the saved annotations.",
                                nullptr, changed));
}

} // namespace dinosam::ui
