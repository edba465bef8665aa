#pragma once
#include <QDialog>

class QTextBrowser;

namespace dinosam::ui {

/// Version, purpose and the licences of DinoSam Studio and what it is built on.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    /// The HTML shown (tests check that every licence is named).
    static QString aboutHtml();
};

} // namespace dinosam::ui
