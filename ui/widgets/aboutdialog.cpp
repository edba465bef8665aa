#include "aboutdialog.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace dinosam::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About DinoSam Studio"));
    auto *text = new QTextBrowser(this);
    text->setOpenExternalLinks(true);
    text->setHtml(aboutHtml());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(620, 560);
}

QString AboutDialog::aboutHtml()
{
    return tr("<h2>DinoSam Studio %1</h2>"
              "<p>Prompt-free object segmentation: DINOv2 finds the salient objects, "
              "SAM2 draws their masks.</p>"
              "<h3>Licence</h3>"
              "<p>DinoSam Studio is free software: you can redistribute it and/or modify it under the "
              "terms of the GNU General Public License as published by the Free Software Foundation, "
              "either version 3 of the License, or (at your option) any later version "
              "(<b>GPL-3.0-or-later</b>). It links QCustomPlot, which is licensed under the GPL-3.0, "
              "so the application as a whole is distributed under the GPL.</p>"
              "<h3>Third-party components</h3>"
              "<ul>"
              "<li><b>Qt</b> %2: LGPL-3.0 (The Qt Company and contributors)</li>"
              "<li><b>QCustomPlot</b>: GPL-3.0 (Emanuel Eichhammer)</li>"
              "<li><b>LibTorch</b> (PyTorch C++): BSD-3-Clause</li>"
              "<li><b>OpenCV</b>: Apache-2.0</li>"
              "<li><b>DINOv2</b> code and weights (Meta AI): Apache-2.0</li>"
              "<li><b>SAM2</b> code and weights (Meta AI): Apache-2.0</li>"
              "</ul>"
              "<p>The model weights are not part of this program; they are downloaded from Meta's "
              "servers on request.</p>")
        .arg(QStringLiteral(DINOSAM_VERSION), QString::fromLatin1(qVersion()));
}

} // namespace dinosam::ui
