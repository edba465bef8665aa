#pragma once
// Labels ▸ Edit Labels…: the project's labels with colour, key 1-9, name; add, rename, delete.
#include "annotation/labelset.h"

#include <QDialog>

#include <map>
#include <string>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace dinosam::ui {

/**
 * Edits a copy of the project's label set; nothing changes until OK. Clicking a colour swatch
 * opens a QColorDialog; a key taken from another label leaves that one without; a name must be
 * non-empty and unused (else the old name comes back, and the dialog says why). Deleting a label
 * objects use asks first: its objects get the label for new objects, which itself cannot be
 * deleted. labels() and renames() give the result. Thread: GUI.
 */
class LabelEditorDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { ColorColumn, NameColumn, KeyColumn, UsesColumn };

    /// @param uses objects per label name (for the Uses column and the question before deleting).
    LabelEditorDialog(const LabelSet &labels, const std::map<std::string, int> &uses, const std::string &defaultLabel,
                      QWidget *parent = nullptr);

    /// The edited set, in order.
    LabelSet labels() const;
    /// Old name -> new name of every label renamed, old name -> "" of every label deleted.
    std::map<std::string, std::string> renames() const;
    /// The label for new objects after the renames.
    std::string defaultLabel() const;

    QTableWidget *table() const { return m_table; }
    /// Selects row @p row (as a click would).
    void selectRow(int row);
    /// Opens the colour dialog of @p row (what a click on its swatch does).
    void chooseColor(int row);
    /// Deletes the selected label (asking first when objects use it).
    void deleteSelected();
    void addLabel();

private:
    struct Row
    {
        std::string original; ///< empty for a label added here
        Label label;
        int uses = 0;
    };
    void fill();
    void nameEdited(int row);
    void setKey(int row, int key);
    void removeRow(int row);
    void say(const QString &text);

    std::vector<Row> m_rows;
    std::vector<std::string> m_deleted;
    std::string m_defaultOriginal;
    QTableWidget *m_table;
    QLabel *m_message;
    QPushButton *m_delete;
    bool m_filling = false;
};

} // namespace dinosam::ui
