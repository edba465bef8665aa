#pragma once
#include "documentobject.h"

#include <QTreeWidget>

#include <vector>

namespace dinosam::ui {

/**
 * The object list: colour, visibility check box, SAM2 score, DINOv2 confidence,
 * area, label and lock per object (the label is edited in place, the lock check box toggled,
 * for all selected rows at once; the lock column shows a padlock, a click toggles it). Multi-selection (Ctrl+click,
 * Shift+click, Shift+arrows) feeds delete, merge and lock; rows and numbers retranslate with
 * the language. Thread: GUI.
 */
class ObjectListWidget : public QTreeWidget
{
    Q_OBJECT
public:
    explicit ObjectListWidget(QWidget *parent = nullptr);

    void setObjects(const std::vector<DocumentObject> &objects);
    QList<int> selectedRows() const;
    void setCurrentIndex(int index);
    /// Shows the document's selection (does not emit selectionEdited).
    void setSelection(const QList<int> &rows, int current);
    /// The label column (editable).
    static constexpr int kLabelColumn = 4;
    /// The lock column: a closed padlock on locked objects, a faint open one on the others; a
    /// click toggles it.
    static constexpr int kLockColumn = 5;
    /// The closed padlock (the lock column's header and marker, the Lock action's icon).
    static QIcon lockIcon();
    /// Labels offered for completion besides those of the objects shown (e.g. of other images).
    void setExtraLabels(const QStringList &labels);
    QStringList knownLabels() const;
    /// Rows are named by the objects' uid (a video's track ids, which stay the same across
    /// frames) instead of their position.
    void setNumberByUid(bool on);

Q_SIGNALS:
    void visibilityToggled(int index, bool visible);
    /// The user typed @p label for @p rows (the edited row, or the selection it is in).
    void labelEdited(const QList<int> &rows, const QString &label);
    /// The user clicked the padlock of a row: @p rows (the row, or the selection it is in) are to
    /// be @p locked.
    void lockToggled(const QList<int> &rows, bool locked);
    /// The user changed the selection in the list; @p current is the current row.
    void selectionEdited(const QList<int> &rows, int current);

protected:
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool edit(const QModelIndex &index, EditTrigger trigger, QEvent *event) override;

private:
    void retranslate();
    void fillRows();
    std::vector<DocumentObject> m_objects; // as shown (cheap copies), refilled on LanguageChange
    bool m_filling = false;
    bool m_numberByUid = false;
    QStringList m_extraLabels;
};

} // namespace dinosam::ui
