#pragma once
#include "documentobject.h"

#include <QTreeWidget>

#include <vector>

namespace dinosam::ui {

/**
 * The object list: colour, visibility check box, SAM2 score, DINOv2 confidence and
 * area per object. Multi-selection feeds delete and merge. Thread: GUI.
 */
class ObjectListWidget : public QTreeWidget
{
    Q_OBJECT
public:
    explicit ObjectListWidget(QWidget *parent = nullptr);

    void setObjects(const std::vector<DocumentObject> &objects);
    QList<int> selectedRows() const;
    void setCurrentIndex(int index);

Q_SIGNALS:
    void visibilityToggled(int index, bool visible);
    void currentObjectChanged(int index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    bool m_filling = false;
};

} // namespace dinosam::ui
