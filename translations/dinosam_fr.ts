<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>dinosam::ui::AboutDialog</name>
    <message>
        <source>About DinoSam Studio</source>
        <translation>À propos de DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Prompt-free object segmentation: DINOv2 finds the salient objects, SAM2 draws their masks.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). It links QCustomPlot, which is licensed under the GPL-3.0, so the application as a whole is distributed under the GPL.&lt;/p&gt;&lt;h3&gt;Third-party components&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2: LGPL-3.0 (The Qt Company and contributors)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;: GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++): BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;: Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The model weights are not part of this program; they are downloaded from Meta&apos;s servers on request.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Segmentation d’objets sans invite : DINOv2 trouve les objets saillants, SAM2 dessine leurs masques.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio est un logiciel libre : vous pouvez le redistribuer et/ou le modifier selon les termes de la GNU General Public License publiée par la Free Software Foundation, soit la version 3 de la licence, soit (à votre choix) toute version ultérieure (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). Il utilise QCustomPlot, distribué sous GPL-3.0 ; l’application dans son ensemble est donc distribuée sous la GPL.&lt;/p&gt;&lt;h3&gt;Composants tiers&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2 : LGPL-3.0 (The Qt Company et contributeurs)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt; : GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++) : BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt; : Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code et poids (Meta AI) : Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code et poids (Meta AI) : Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Les poids des modèles ne font pas partie de ce programme ; ils sont téléchargés depuis les serveurs de Meta à la demande.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportController</name>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Ouvrez d’abord une image.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportation…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>Exportation de %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) exported, %1 files written.</source>
        <translation>
            <numerusform>%n image exportée, %1 fichiers écrits.</numerusform>
            <numerusform>%n images exportées, %1 fichiers écrits.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>L’exportation a été annulée.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) failed:</source>
        <translation>
            <numerusform>%n image a échoué :</numerusform>
            <numerusform>%n images ont échoué :</numerusform>
        </translation>
    </message>
    <message>
        <source>The export stopped: %1</source>
        <translation>L’exportation s’est arrêtée : %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportDialog</name>
    <message>
        <source>The image being shown, with its edits</source>
        <translation>L’image affichée, avec ses modifications</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Dossier de sortie :</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>Exporter vers un dossier</translation>
    </message>
    <message numerus="yes">
        <source>All %n images in the browser (each is segmented with the current settings)</source>
        <translation>
            <numerusform>L’image du navigateur (%n, segmentée avec les réglages actuels)</numerusform>
            <numerusform>Les %n images du navigateur (chacune segmentée avec les réglages actuels)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::FindSimilarPanel</name>
    <message>
        <source>%1 / 1 image</source>
        <translation>%1 / 1 image</translation>
    </message>
    <message>
        <source>%1 / %2 images</source>
        <translation>%1 / %2 images</translation>
    </message>
    <message>
        <source>, about %1 s left</source>
        <translation>, environ %1 s restantes</translation>
    </message>
    <message>
        <source>, about %1 min left</source>
        <translation>, environ %1 min restantes</translation>
    </message>
    <message>
        <source>, about %1 h %2 min left</source>
        <translation>, environ %1 h %2 min restantes</translation>
    </message>
    <message>
        <source>Select an object, then find the objects like it. What is found is a suggestion until you accept it.</source>
        <translation>Sélectionnez un objet, puis trouvez les objets qui lui ressemblent. Ce qui est trouvé reste une suggestion tant que vous ne l’acceptez pas.</translation>
    </message>
    <message>
        <source>&amp;Similarity threshold</source>
        <translation>&amp;Seuil de similarité</translation>
    </message>
    <message>
        <source>How alike (DINOv2 features, 0-1) a region must be to the example.</source>
        <translation>Degré de ressemblance (caractéristiques DINOv2, 0-1) qu’une région doit avoir avec l’exemple.</translation>
    </message>
    <message>
        <source>Maximum &amp;instances per image</source>
        <translation>Nombre maximal d’&amp;instances par image</translation>
    </message>
    <message>
        <source>Minimum area (pixels)</source>
        <translation>Surface minimale (pixels)</translation>
    </message>
    <message>
        <source>Find in This Image</source>
        <translation>Chercher dans cette image</translation>
    </message>
    <message>
        <source>Find in All Images</source>
        <translation>Chercher dans toutes les images</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message>
        <source>Accept All Images</source>
        <translation>Accepter dans toutes les images</translation>
    </message>
    <message>
        <source>Reject All Images</source>
        <translation>Rejeter dans toutes les images</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HelpDialog</name>
    <message>
        <source>Getting Started</source>
        <translation>Premiers pas</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Getting started&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;Open an image or a folder (File ▸ Open, or drop files on the window).&lt;/li&gt;&lt;li&gt;DinoSam finds the salient objects and draws their masks: the original, the attention heat-map with the regions found, and the masks, side by side.&lt;/li&gt;&lt;li&gt;Tune the detection with the sliders on the right: the attention threshold, the number of objects and the minimum area. The masks follow at once.&lt;/li&gt;&lt;li&gt;Edit the objects: select them in the list or on the masks (Ctrl+click for several), delete or merge them; add a positive or negative point or draw a box to re-segment one (nothing selected: a new object). Every edit can be undone.&lt;/li&gt;&lt;li&gt;Export masks, COCO annotations, cut-outs and overlays with File ▸ Export.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;h2&gt;Premiers pas&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;Ouvrez une image ou un dossier (Fichier ▸ Ouvrir, ou déposez des fichiers sur la fenêtre).&lt;/li&gt;&lt;li&gt;DinoSam trouve les objets saillants et dessine leurs masques : l&apos;original, la carte de chaleur de l&apos;attention avec les régions trouvées et les masques, côte à côte.&lt;/li&gt;&lt;li&gt;Réglez la détection avec les curseurs à droite : le seuil d&apos;attention, le nombre d&apos;objets et l&apos;aire minimale. Les masques suivent aussitôt.&lt;/li&gt;&lt;li&gt;Modifiez les objets : sélectionnez-les dans la liste ou sur les masques (Ctrl+clic pour plusieurs), supprimez-les ou fusionnez-les ; ajoutez un point positif ou négatif ou tracez un cadre pour en resegmenter un (rien de sélectionné : un nouvel objet). Chaque modification peut être annulée.&lt;/li&gt;&lt;li&gt;Exportez masques, annotations COCO, découpes et superpositions avec Fichier ▸ Exporter.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keyboard shortcuts&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Raccourcis clavier&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Mouse wheel: zoom at the cursor. Drag: pan (navigate tool).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Molette : zoom au curseur. Glisser : déplacer (outil de navigation).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;More in the &lt;a href=&quot;%1&quot;&gt;documentation&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Plus d&apos;informations dans la &lt;a href=&quot;%1&quot;&gt;documentation&lt;/a&gt;.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HistogramPlot</name>
    <message>
        <source>Attention (normalised)</source>
        <translation>Attention (normalisée)</translation>
    </message>
    <message>
        <source>Similarity to the example (cosine)</source>
        <translation>Similarité avec l’exemple (cosinus)</translation>
    </message>
    <message>
        <source>Pixels (%)</source>
        <translation>Pixels (%)</translation>
    </message>
    <message>
        <source>Drag the red line to change the threshold</source>
        <translation>Faites glisser la ligne rouge pour changer le seuil</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImageBrowser</name>
    <message>
        <source>GIF is not supported (convert it to PNG; for an animation, export its frames)</source>
        <translation>Le GIF n&apos;est pas pris en charge (convertissez-le en PNG ; pour une animation, exportez ses images)</translation>
    </message>
    <message>
        <source>%1 images are not supported (convert them to PNG or JPEG)</source>
        <translation>Les images %1 ne sont pas prises en charge (convertissez-les en PNG ou JPEG)</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1 (ignoré)</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Ignoré : %1</translation>
    </message>
    <message>
        <source>Show all images</source>
        <translation>Afficher toutes les images</translation>
    </message>
    <message>
        <source>Show images not started</source>
        <translation>Afficher les images non commencées</translation>
    </message>
    <message>
        <source>Show annotated images</source>
        <translation>Afficher les images annotées</translation>
    </message>
    <message>
        <source>Show edited images</source>
        <translation>Afficher les images modifiées</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImportController</name>
    <message>
        <source>Open the image folder first: annotations are imported into its project.</source>
        <translation>Ouvrez d’abord le dossier d’images : les annotations sont importées dans son projet.</translation>
    </message>
    <message>
        <source>Import Annotations</source>
        <translation>Importer des annotations</translation>
    </message>
    <message>
        <source>labelme or COCO JSON (*.json);;All files (*)</source>
        <translation>JSON labelme ou COCO (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n object(s)</source>
        <translation>
            <numerusform>%n objet importé</numerusform>
            <numerusform>%n objets importés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>into %n image(s).</source>
        <translation>
            <numerusform>dans %n image.</numerusform>
            <numerusform>dans %n images.</numerusform>
        </translation>
    </message>
    <message>
        <source>The annotations cannot be written: %1</source>
        <translation>Les annotations ne peuvent pas être écrites : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) or file(s) could not be imported (see the details).</source>
        <translation>
            <numerusform>%n enregistrement ou fichier n’a pas pu être importé (voir les détails).</numerusform>
            <numerusform>%n enregistrements ou fichiers n’ont pas pu être importés (voir les détails).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::InferenceWorker</name>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>frame %1</source>
        <translation>image %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelController</name>
    <message>
        <source>Label for &amp;new objects:</source>
        <translation>Étiquette des &amp;nouveaux objets :</translation>
    </message>
    <message>
        <source>Automatic objects and objects added with a prompt get this label; type a new name to create a label.</source>
        <translation>Les objets automatiques et ceux ajoutés avec une invite reçoivent cette étiquette ; saisissez un nouveau nom pour créer une étiquette.</translation>
    </message>
    <message>
        <source>The label for new objects needs a name.</source>
        <translation>L’étiquette des nouveaux objets doit avoir un nom.</translation>
    </message>
    <message>
        <source>New objects are labelled %1.</source>
        <translation>Les nouveaux objets reçoivent l’étiquette %1.</translation>
    </message>
    <message>
        <source>No label has the key %1 yet: type a label in the object list first.</source>
        <translation>Aucune étiquette n’a encore la touche %1 : saisissez d’abord une étiquette dans la liste des objets.</translation>
    </message>
    <message>
        <source>Select objects to label them %1.</source>
        <translation>Sélectionnez des objets pour leur donner l’étiquette %1.</translation>
    </message>
    <message numerus="yes">
        <source>Labels changed on %n object(s) of the open images and in the saved annotations.</source>
        <translation>
            <numerusform>Étiquettes modifiées sur %n objet des images ouvertes et dans les annotations enregistrées.</numerusform>
            <numerusform>Étiquettes modifiées sur %n objets des images ouvertes et dans les annotations enregistrées.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelEditorDialog</name>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Edit Labels</source>
        <translation>Modifier les étiquettes</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Touche</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objets</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <source>Click a colour to change it; double-click a name to rename the label on every object.</source>
        <translation>Cliquez sur une couleur pour la changer ; double-cliquez sur un nom pour renommer l’étiquette sur tous les objets.</translation>
    </message>
    <message>
        <source>Click to choose the colour</source>
        <translation>Cliquez pour choisir la couleur</translation>
    </message>
    <message>
        <source>The label for new objects</source>
        <translation>L’étiquette des nouveaux objets</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>A label needs a name.</source>
        <translation>Une étiquette doit avoir un nom.</translation>
    </message>
    <message>
        <source>There is a label %1 already.</source>
        <translation>Il existe déjà une étiquette %1.</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>Couleur de %1</translation>
    </message>
    <message>
        <source>label</source>
        <translation>étiquette</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>étiquette %1</translation>
    </message>
    <message>
        <source>%1 is the label for new objects: choose another one for new objects before deleting it.</source>
        <translation>%1 est l’étiquette des nouveaux objets : choisissez-en une autre pour les nouveaux objets avant de la supprimer.</translation>
    </message>
    <message>
        <source>Delete Label</source>
        <translation>Supprimer l’étiquette</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) are labelled %1. Delete the label? They get the label for new objects, %2.</source>
        <translation>
            <numerusform>%n objet porte l’étiquette %1. Supprimer l’étiquette ? Il recevra l’étiquette des nouveaux objets, %2.</numerusform>
            <numerusform>%n objets portent l’étiquette %1. Supprimer l’étiquette ? Ils recevront l’étiquette des nouveaux objets, %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LockController</name>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to delete them (nothing deleted).</source>
        <translation>
            <numerusform>%n objet sélectionné est verrouillé : déverrouillez-le pour le supprimer (rien n’a été supprimé).</numerusform>
            <numerusform>%n objets sélectionnés sont verrouillés : déverrouillez-les pour les supprimer (rien n’a été supprimé).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to merge them.</source>
        <translation>
            <numerusform>%n objet sélectionné est verrouillé : déverrouillez-le pour le fusionner.</numerusform>
            <numerusform>%n objets sélectionnés sont verrouillés : déverrouillez-les pour les fusionner.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select objects to lock them.</source>
        <translation>Sélectionnez des objets pour les verrouiller.</translation>
    </message>
    <message>
        <source>Select objects to unlock them.</source>
        <translation>Sélectionnez des objets pour les déverrouiller.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::MainWindow</name>
    <message>
        <source>DinoSam Studio</source>
        <translation>DinoSam Studio</translation>
    </message>
    <message>
        <source>%1 — DinoSam Studio</source>
        <translation>%1 — DinoSam Studio</translation>
    </message>
    <message>
        <source>Undo (%1)</source>
        <translation>Annuler (%1)</translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation>Rétablir (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Fichiers &amp;récents</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objets</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Attention histogram</source>
        <translation>Histogramme d’attention</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Scores</translation>
    </message>
    <message>
        <source>Stage times</source>
        <translation>Durée des étapes</translation>
    </message>
    <message>
        <source>Similarity histogram</source>
        <translation>Histogramme de similarité</translation>
    </message>
    <message>
        <source>Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here.</source>
        <translation>Ouvrez une image ou un dossier (Ctrl+O, Ctrl+Maj+O) ou déposez des fichiers ici.</translation>
    </message>
    <message>
        <source>No images in %1</source>
        <translation>Aucune image dans %1</translation>
    </message>
    <message>
        <source>Segmenting %1…</source>
        <translation>Segmentation de %1…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s)</source>
        <translation>
            <numerusform>%1 : %n objet</numerusform>
            <numerusform>%1 : %n objets</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not segment %1:
%2</source>
        <translation>Impossible de segmenter %1 :
%2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur : %1</translation>
    </message>
    <message>
        <source>Error in %1: %2</source>
        <translation>Erreur dans %1 : %2</translation>
    </message>
    <message>
        <source>Cancelled. Change a setting or pick the image again to restart.</source>
        <translation>Annulé. Modifiez un réglage ou sélectionnez à nouveau l’image pour relancer.</translation>
    </message>
    <message>
        <source>Click to add a point to the selected object (no selection: a new object).</source>
        <translation>Cliquez pour ajouter un point à l’objet sélectionné (sans sélection : un nouvel objet).</translation>
    </message>
    <message>
        <source>Drag a box around the object to re-segment it (no selection: a new object).</source>
        <translation>Tracez un cadre autour de l’objet pour le resegmenter (sans sélection : un nouvel objet).</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Images (%1)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Ouvrir une image</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Vider la liste</translation>
    </message>
    <message>
        <source>Undo %1 (%2)</source>
        <translation>Annuler %1 (%2)</translation>
    </message>
    <message>
        <source>Redo %1 (%2)</source>
        <translation>Rétablir %1 (%2)</translation>
    </message>
    <message>
        <source>Attention histogram (not used by spectral discovery)</source>
        <translation>Histogramme d&apos;attention (inutilisé par la découverte spectrale)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s), edited</source>
        <translation>
            <numerusform>%1 : %n objet, modifié</numerusform>
            <numerusform>%1 : %n objets, modifiés</numerusform>
        </translation>
    </message>
    <message>
        <source>A model could not be used, so no image is segmented:
%1
Choose another file in Edit ▸ Settings (Ctrl+,).</source>
        <translation>Un modèle n&apos;a pas pu être utilisé ; aucune image n&apos;est segmentée :
%1
Choisissez un autre fichier dans Édition ▸ Paramètres (Ctrl+,).</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (not a supported image): %1</source>
        <translation>
            <numerusform>%n fichier ignoré (image non prise en charge) : %1</numerusform>
            <numerusform>%n fichiers ignorés (images non prises en charge) : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped %1</source>
        <translation>Ignoré : %1</translation>
    </message>
    <message>
        <source>A model could not be used; see the message above the images.</source>
        <translation>Un modèle n&apos;a pas pu être utilisé ; voir le message au-dessus des images.</translation>
    </message>
    <message>
        <source>%1: spectral discovery (normalised cut) takes a few seconds…</source>
        <translation>%1 : la découverte spectrale (coupe normalisée) prend quelques secondes…</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, click an object to select it (Ctrl+click: several).</source>
        <translation>Faites glisser pour déplacer, la molette zoome, un clic sélectionne un objet (Ctrl+clic : plusieurs).</translation>
    </message>
    <message>
        <source>The models are not ready, so images cannot be segmented yet.
%1
Use Help ▸ Set Up Models… to download them, or choose the files in Edit ▸ Settings (Ctrl+,).</source>
        <translation>Les modèles ne sont pas prêts : les images ne peuvent pas encore être segmentées.
%1
Aide ▸ Installer les modèles… les télécharge ; vous pouvez aussi choisir les fichiers dans Édition ▸ Paramètres (Ctrl+,).</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotations</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ModelFileRow</name>
    <message>
        <source>%1: %2.</source>
        <translation>%1 : %2.</translation>
    </message>
    <message>
        <source>%1 is a %2 checkpoint, %3, not %4: choose it as the %2 model.</source>
        <translation>%1 est un checkpoint %2, %3, et non %4 : choisissez-le comme modèle %2.</translation>
    </message>
    <message>
        <source>%1 is %2, not %3.</source>
        <translation>%1 est %2, et non %3.</translation>
    </message>
    <message>
        <source>Use as %1</source>
        <translation>Utiliser comme %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>%1 in the model folder</source>
        <translation>%1 dans le dossier des modèles</translation>
    </message>
    <message>
        <source>Found: %1 (%2 MB)</source>
        <translation>Trouvé : %1 (%2 Mo)</translation>
    </message>
    <message>
        <source>Missing: %1. Download it, or choose the file with Browse.</source>
        <translation>Manquant : %1. Téléchargez-le ou choisissez le fichier avec « Parcourir ».</translation>
    </message>
    <message>
        <source>Checkpoint for %1</source>
        <translation>Checkpoint pour %1</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>Checkpoints PyTorch (*.pt *.pth);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Téléchargement de %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>%1 is installed.
SHA-256: %2
%3</source>
        <translation>%1 est installé.
SHA-256 : %2
%3</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>Échec du téléchargement</translation>
    </message>
    <message>
        <source>The SHA-256 differs from the published one (%1).</source>
        <translation>Le SHA-256 diffère de celui publié (%1).</translation>
    </message>
    <message>
        <source>Matches the published SHA-256.</source>
        <translation>Correspond au SHA-256 publié.</translation>
    </message>
    <message>
        <source>No published SHA-256 to compare with.</source>
        <translation>Aucun SHA-256 publié pour comparer.</translation>
    </message>
    <message>
        <source>%1
SHA-256: %2
%3</source>
        <translation>%1
SHA-256 : %2
%3</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ObjectListWidget</name>
    <message>
        <source>Object</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>Score SAM2</translation>
    </message>
    <message>
        <source>DINOv2 conf.</source>
        <translation>Conf. DINOv2</translation>
    </message>
    <message>
        <source>Area (px)</source>
        <translation>Surface (px)</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>Objet %1</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Étiquette</translation>
    </message>
    <message>
        <source>Lock: a locked object is kept when the parameters change and cannot be deleted, merged or re-segmented until unlocked.</source>
        <translation>Verrou : un objet verrouillé est conservé quand les paramètres changent et ne peut être ni supprimé, ni fusionné, ni resegmenté tant qu’il n’est pas déverrouillé.</translation>
    </message>
    <message>
        <source>Suggestion %1</source>
        <translation>Suggestion %1</translation>
    </message>
    <message>
        <source>Double-click or press F2 to label; with several rows selected, the label goes to all of them.</source>
        <translation>Double-cliquez ou appuyez sur F2 pour étiqueter ; si plusieurs lignes sont sélectionnées, l’étiquette s’applique à toutes.</translation>
    </message>
    <message>
        <source>Locked: kept, and not deleted, merged or re-segmented. Click to unlock.</source>
        <translation>Verrouillé : conservé, et ni supprimé, ni fusionné, ni resegmenté. Cliquez pour déverrouiller.</translation>
    </message>
    <message>
        <source>Click to lock.</source>
        <translation>Cliquez pour verrouiller.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ParameterPanel</name>
    <message>
        <source>Attention &amp;threshold</source>
        <translation>&amp;Seuil d’attention</translation>
    </message>
    <message>
        <source>Attention values above this fraction of the maximum form regions</source>
        <translation>Les valeurs d’attention au-dessus de cette fraction du maximum forment les régions</translation>
    </message>
    <message>
        <source>&amp;Number of objects</source>
        <translation>&amp;Nombre d’objets</translation>
    </message>
    <message>
        <source>Keep at most this many objects</source>
        <translation>Conserver au plus ce nombre d’objets</translation>
    </message>
    <message>
        <source>&amp;Minimum area (pixels)</source>
        <translation>Surface &amp;minimale (pixels)</translation>
    </message>
    <message>
        <source>Drop regions and masks smaller than this</source>
        <translation>Ignorer les régions et masques plus petits</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Point</translation>
    </message>
    <message>
        <source>Box and point</source>
        <translation>Cadre et point</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>Spectral (normalised cut)</source>
        <translation>Spectrale (coupe normalisée)</translation>
    </message>
    <message>
        <source>&amp;Prompt type</source>
        <translation>Type d’&amp;invite</translation>
    </message>
    <message>
        <source>&amp;Discovery</source>
        <translation>&amp;Découverte</translation>
    </message>
    <message>
        <source>DINOv2 model</source>
        <translation>Modèle DINOv2</translation>
    </message>
    <message>
        <source>SAM2 model</source>
        <translation>Modèle SAM2</translation>
    </message>
    <message>
        <source>Remove small holes and specks</source>
        <translation>Supprimer les petits trous et taches</translation>
    </message>
    <message>
        <source>Attention threshold (not used by spectral discovery)</source>
        <translation>Seuil d&apos;attention (inutilisé par la découverte spectrale)</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ProjectAutosave</name>
    <message>
        <source>%1 cannot be created or written.</source>
        <translation>%1 ne peut être ni créé ni écrit.</translation>
    </message>
    <message>
        <source>The saved annotation of %1 cannot be read (kept as %2); the image is segmented again.</source>
        <translation>L’annotation enregistrée de %1 est illisible (conservée sous %2) ; l’image est segmentée à nouveau.</translation>
    </message>
    <message>
        <source>Annotations cannot be saved in %1: %2. Your work stays open and is saved as soon as it can be.</source>
        <translation>Les annotations ne peuvent pas être enregistrées dans %1 : %2. Votre travail reste ouvert et sera enregistré dès que possible.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::PromptEditor</name>
    <message>
        <source>Re-segmenting with SAM2…</source>
        <translation>Resegmentation avec SAM2…</translation>
    </message>
    <message>
        <source>Object updated (score %1).</source>
        <translation>Objet mis à jour (score %1).</translation>
    </message>
    <message>
        <source>Object %1 is locked: unlock it to re-segment it (with nothing selected, a prompt adds a new object).</source>
        <translation>L’objet %1 est verrouillé : déverrouillez-le pour le resegmenter (sans sélection, une invite ajoute un nouvel objet).</translation>
    </message>
    <message>
        <source>The object was locked meanwhile: it is kept as it was.</source>
        <translation>L’objet a été verrouillé entre-temps : il est conservé tel quel.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ScorePlot</name>
    <message>
        <source>DINOv2 confidence</source>
        <translation>Confiance DINOv2</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>Score SAM2</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SegmentationDocument</name>
    <message>
        <source>Delete object</source>
        <translation>Supprimer l’objet</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n objects</source>
        <translation>
            <numerusform>Supprimer %n objet</numerusform>
            <numerusform>Supprimer %n objets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merge %n objects</source>
        <translation>
            <numerusform>Fusionner %n objet</numerusform>
            <numerusform>Fusionner %n objets</numerusform>
        </translation>
    </message>
    <message>
        <source>Show object</source>
        <translation>Afficher l’objet</translation>
    </message>
    <message>
        <source>Hide object</source>
        <translation>Masquer l’objet</translation>
    </message>
    <message>
        <source>Refine object</source>
        <translation>Affiner l’objet</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>Ajouter un objet</translation>
    </message>
    <message>
        <source>New automatic objects</source>
        <translation>Nouveaux objets automatiques</translation>
    </message>
    <message numerus="yes">
        <source>Lock %n object(s)</source>
        <translation>
            <numerusform>Verrouiller %n objet</numerusform>
            <numerusform>Verrouiller %n objets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlock %n object(s)</source>
        <translation>
            <numerusform>Déverrouiller %n objet</numerusform>
            <numerusform>Déverrouiller %n objets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rename labels of %n object(s)</source>
        <translation>
            <numerusform>Renommer les étiquettes de %n objet</numerusform>
            <numerusform>Renommer les étiquettes de %n objets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Label %n object(s) %1</source>
        <translation>
            <numerusform>Donner l’étiquette %1 à %n objet</numerusform>
            <numerusform>Donner l’étiquette %1 à %n objets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Find similar: %n suggestion(s)</source>
        <translation>
            <numerusform>Objets similaires : %n suggestion</numerusform>
            <numerusform>Objets similaires : %n suggestions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>Accepter %n suggestion</numerusform>
            <numerusform>Accepter %n suggestions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation>
            <numerusform>Rejeter %n suggestion</numerusform>
            <numerusform>Rejeter %n suggestions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SettingsDialog</name>
    <message>
        <source>The installed models of this kind; the one chosen is used for every image</source>
        <translation>Les modèles installés de ce type ; celui choisi sert pour chaque image</translation>
    </message>
    <message>
        <source>DINOv2 model:</source>
        <translation>Modèle DINOv2 :</translation>
    </message>
    <message>
        <source>SAM2 model:</source>
        <translation>Modèle SAM2 :</translation>
    </message>
    <message>
        <source>%1, not installed</source>
        <translation>%1, non installé</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>Fichiers de modèle</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Dossier des modèles :</translation>
    </message>
    <message>
        <source>The official checkpoints are downloaded from Meta&apos;s servers (dl.fbaipublicfiles.com) and checked before use.</source>
        <translation>Les checkpoints officiels sont téléchargés depuis les serveurs de Meta (dl.fbaipublicfiles.com) et vérifiés avant utilisation.</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Dossier des modèles</translation>
    </message>
    <message>
        <source>Computation</source>
        <translation>Calcul</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads :</translation>
    </message>
    <message>
        <source>Cache size:</source>
        <translation>Taille du cache :</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA, where LibTorch has it)</source>
        <translation>GPU (CUDA, si LibTorch le prend en charge)</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Appareil :</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>The shorter side of the image DINOv2 sees (a multiple of 14): larger finds smaller objects, slower</source>
        <translation>Le petit côté de l&apos;image vue par DINOv2 (multiple de 14) : plus grand trouve des objets plus petits, plus lentement</translation>
    </message>
    <message>
        <source>DINOv2 input size:</source>
        <translation>Taille d&apos;entrée DINOv2 :</translation>
    </message>
    <message>
        <source>A mask overlapping a better one by more than this IoU is dropped as a duplicate</source>
        <translation>Un masque qui chevauche un meilleur au-delà de cet IoU est écarté comme doublon</translation>
    </message>
    <message>
        <source>Duplicate overlap (IoU):</source>
        <translation>Chevauchement des doublons (IoU) :</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>RLE counts (exact, default)</source>
        <translation>Comptes RLE (exact, par défaut)</translation>
    </message>
    <message>
        <source>RLE string (exact, compact, pycocotools)</source>
        <translation>Chaîne RLE (exacte, compacte, pycocotools)</translation>
    </message>
    <message>
        <source>Polygons (outlines; holes are lost)</source>
        <translation>Polygones (contours ; les trous sont perdus)</translation>
    </message>
    <message>
        <source>COCO shapes:</source>
        <translation>Formes COCO :</translation>
    </message>
    <message>
        <source>Polygon tolerance:</source>
        <translation>Tolérance des polygones :</translation>
    </message>
    <message>
        <source>JPEG quality:</source>
        <translation>Qualité JPEG :</translation>
    </message>
    <message>
        <source>Keep image features on disk (reopened images need no encoder run)</source>
        <translation>Conserver les caractéristiques des images sur le disque (les images rouvertes n’ont pas à repasser par l’encodeur)</translation>
    </message>
    <message>
        <source>Default: ~/.cache/dinosam/features (as the command line)</source>
        <translation>Par défaut : ~/.cache/dinosam/features (comme en ligne de commande)</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> Go</translation>
    </message>
    <message>
        <source>Feature Cache Folder</source>
        <translation>Dossier du cache de caractéristiques</translation>
    </message>
    <message>
        <source>Disk cache:</source>
        <translation>Cache disque :</translation>
    </message>
    <message>
        <source>Disk Cache</source>
        <translation>Cache disque</translation>
    </message>
    <message>
        <source>The feature cache folder %1 cannot be created. Choose another folder or turn the disk cache off.</source>
        <translation>Le dossier du cache de caractéristiques %1 ne peut pas être créé. Choisissez un autre dossier ou désactivez le cache disque.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SimilarController</name>
    <message>
        <source>Find similar failed: %1</source>
        <translation>La recherche d’objets similaires a échoué : %1</translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation>Objets similaires</translation>
    </message>
    <message>
        <source>Select the example object first (click it, or pick it in the object list).</source>
        <translation>Sélectionnez d’abord l’objet exemple (cliquez dessus ou choisissez-le dans la liste des objets).</translation>
    </message>
    <message numerus="yes">
        <source>Searching %n image(s)…</source>
        <translation>
            <numerusform>Recherche dans %n image…</numerusform>
            <numerusform>Recherche dans %n images…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n suggestion(s) so far.</source>
        <translation>
            <numerusform>Annulé : %n suggestion jusqu’ici.</numerusform>
            <numerusform>Annulé : %n suggestions jusqu’ici.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s); %1 image(s) failed, e.g. %2: %3</source>
        <translation>
            <numerusform>%n suggestion ; %1 image(s) en échec, par ex. %2 : %3</numerusform>
            <numerusform>%n suggestions ; %1 image(s) en échec, par ex. %2 : %3</numerusform>
        </translation>
    </message>
    <message>
        <source>No suggestions open.</source>
        <translation>Aucune suggestion en attente.</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s) in this image</source>
        <translation>
            <numerusform>%n suggestion dans cette image</numerusform>
            <numerusform>%n suggestions dans cette image</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n in %1 other image(s)</source>
        <translation>
            <numerusform>, %n dans %1 autre(s) image(s)</numerusform>
            <numerusform>, %n dans %1 autre(s) image(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StoreFolderController</name>
    <message>
        <source>Annotations</source>
        <translation>Annotations</translation>
    </message>
    <message>
        <source>Choose another folder for this folder&apos;s annotations, or close this message and export your work.</source>
        <translation>Choisissez un autre dossier pour les annotations de ce dossier, ou fermez ce message et exportez votre travail.</translation>
    </message>
    <message>
        <source>Choose Another Folder…</source>
        <translation>Choisir un autre dossier…</translation>
    </message>
    <message>
        <source>Folder for the Annotations</source>
        <translation>Dossier des annotations</translation>
    </message>
    <message>
        <source>Annotations of this folder are now saved in %1.</source>
        <translation>Les annotations de ce dossier sont désormais enregistrées dans %1.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioActions</name>
    <message>
        <source>&amp;Open Image…</source>
        <translation>&amp;Ouvrir une image…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Ouvrir un &amp;dossier…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>Image &amp;suivante</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>Image &amp;précédente</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>Select &amp;All Objects</source>
        <translation>Sélectionner &amp;tous les objets</translation>
    </message>
    <message>
        <source>&amp;Delete Object</source>
        <translation>&amp;Supprimer l’objet</translation>
    </message>
    <message>
        <source>&amp;Merge Objects</source>
        <translation>&amp;Fusionner les objets</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Cancel Computation</source>
        <translation>&amp;Annuler le calcul</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom &amp;avant</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Ajuster à la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Actual Pixels (100 %)</source>
        <translation>&amp;Pixels réels (100 %)</translation>
    </message>
    <message>
        <source>&amp;Getting Started and Shortcuts</source>
        <translation>&amp;Premiers pas et raccourcis</translation>
    </message>
    <message>
        <source>Set Up &amp;Models…</source>
        <translation>Installer les &amp;modèles…</translation>
    </message>
    <message>
        <source>&amp;About DinoSam Studio</source>
        <translation>À &amp;propos de DinoSam Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Navigate and Select</source>
        <translation>&amp;Naviguer et sélectionner</translation>
    </message>
    <message>
        <source>Add &amp;Positive Point</source>
        <translation>Ajouter un point &amp;positif</translation>
    </message>
    <message>
        <source>Add N&amp;egative Point</source>
        <translation>Ajouter un point &amp;négatif</translation>
    </message>
    <message>
        <source>Draw &amp;Box</source>
        <translation>Dessiner un &amp;cadre</translation>
    </message>
    <message>
        <source>Open &amp;Video…</source>
        <translation>Ouvrir une &amp;vidéo…</translation>
    </message>
    <message>
        <source>Open Frame Folder as Vi&amp;deo…</source>
        <translation>Ouvrir un dossier d’ima&amp;ges comme vidéo…</translation>
    </message>
    <message>
        <source>&amp;Import Annotations…</source>
        <translation>&amp;Importer des annotations…</translation>
    </message>
    <message>
        <source>&amp;Lock Objects</source>
        <translation>&amp;Verrouiller les objets</translation>
    </message>
    <message>
        <source>U&amp;nlock Objects</source>
        <translation>&amp;Déverrouiller les objets</translation>
    </message>
    <message>
        <source>Edit &amp;Labels…</source>
        <translation>&amp;Modifier les étiquettes…</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>&amp;Lecture / Pause</translation>
    </message>
    <message>
        <source>P&amp;revious Frame</source>
        <translation>Image &amp;précédente</translation>
    </message>
    <message>
        <source>N&amp;ext Frame</source>
        <translation>Image &amp;suivante</translation>
    </message>
    <message>
        <source>&amp;Discover on This Frame</source>
        <translation>&amp;Découvrir sur cette image</translation>
    </message>
    <message>
        <source>Propagate &amp;Backward</source>
        <translation>Propager vers l’&amp;arrière</translation>
    </message>
    <message>
        <source>Propagate &amp;Forward</source>
        <translation>Propager vers l’a&amp;vant</translation>
    </message>
    <message>
        <source>E&amp;xport Tracks…</source>
        <translation>E&amp;xporter les pistes…</translation>
    </message>
    <message>
        <source>Colour Masks by &amp;Label</source>
        <translation>Colorer les masques par é&amp;tiquette</translation>
    </message>
    <message>
        <source>Label the Selection with Label %1</source>
        <translation>Donner l’étiquette %1 à la sélection</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioStatusBar</name>
    <message>
        <source>decoding the image</source>
        <translation>décodage de l&apos;image</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>encodeur SAM2</translation>
    </message>
    <message>
        <source>discovery</source>
        <translation>découverte</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>décodeur SAM2</translation>
    </message>
    <message>
        <source>post-processing</source>
        <translation>post-traitement</translation>
    </message>
    <message>
        <source>DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms</source>
        <translation>DINOv2 %1 ms · enc. SAM2 %2 ms · découverte %3 ms · déc. SAM2 %4 ms · total %5 ms</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ThreePanelView</name>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Discovery map</source>
        <translation>Carte de découverte</translation>
    </message>
    <message>
        <source>Similarity map</source>
        <translation>Carte de similarité</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>Masques</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::TimingPlot</name>
    <message>
        <source>Decode</source>
        <translation>Décodage</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>Encodeur SAM2</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>Découverte</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>Décodeur SAM2</translation>
    </message>
    <message>
        <source>Post-process</source>
        <translation>Post-traitement</translation>
    </message>
    <message>
        <source>Milliseconds (0 = cached)</source>
        <translation>Millisecondes (0 = en cache)</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoController</name>
    <message>
        <source>&amp;Video</source>
        <translation>&amp;Vidéo</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Image %1 / %2</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>The models are not ready:
%1</source>
        <translation>Les modèles ne sont pas prêts :
%1</translation>
    </message>
    <message>
        <source>Open Frame Folder as Video</source>
        <translation>Ouvrir un dossier d’images comme vidéo</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;All files (*)</source>
        <translation>Vidéos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Open Video</source>
        <translation>Ouvrir une vidéo</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>Impossible d’ouvrir %1 :
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n frame(s). Discover objects on a frame (Ctrl+D), then propagate (Ctrl+→).</source>
        <translation>
            <numerusform>%1 : %n image. Découvrez les objets sur une image (Ctrl+D), puis propagez-les (Ctrl+→).</numerusform>
            <numerusform>%1 : %n images. Découvrez les objets sur une image (Ctrl+D), puis propagez-les (Ctrl+→).</numerusform>
        </translation>
    </message>
    <message>
        <source>Discovering objects on frame %1…</source>
        <translation>Découverte des objets sur l’image %1…</translation>
    </message>
    <message>
        <source>Tracking backward from frame %1…</source>
        <translation>Suivi vers l’arrière depuis l’image %1…</translation>
    </message>
    <message>
        <source>Tracking forward from frame %1…</source>
        <translation>Suivi vers l’avant depuis l’image %1…</translation>
    </message>
    <message>
        <source>Adding the object… click again when it is shown.</source>
        <translation>Ajout de l’objet… cliquez à nouveau quand il s’affiche.</translation>
    </message>
    <message>
        <source>Correcting object %1 on frame %2, then tracking again from there…</source>
        <translation>Correction de l’objet %1 sur l’image %2, puis nouveau suivi à partir de là…</translation>
    </message>
    <message>
        <source>Adding an object on frame %1, then tracking it from there…</source>
        <translation>Ajout d’un objet sur l’image %1, puis suivi à partir de là…</translation>
    </message>
    <message>
        <source>Exporting the tracks to %1…</source>
        <translation>Exportation des pistes vers %1…</translation>
    </message>
    <message>
        <source>Export Tracks To</source>
        <translation>Exporter les pistes vers</translation>
    </message>
    <message>
        <source>Cancelled; the frames tracked so far are kept.</source>
        <translation>Annulé ; les images suivies jusqu’ici sont conservées.</translation>
    </message>
    <message numerus="yes">
        <source>Discovery: %n object(s) found, %1 new track(s). Propagate to track them.</source>
        <translation>
            <numerusform>Découverte : %n objet trouvé, %1 nouvelle(s) piste(s). Propagez pour les suivre.</numerusform>
            <numerusform>Découverte : %n objets trouvés, %1 nouvelle(s) piste(s). Propagez pour les suivre.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n frame(s); they are kept.</source>
        <translation>
            <numerusform>Arrêté après %n image ; elle est conservée.</numerusform>
            <numerusform>Arrêté après %n images ; elles sont conservées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s).</source>
        <translation>
            <numerusform>%n image suivie.</numerusform>
            <numerusform>%n images suivies.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s), then stopped: %1</source>
        <translation>
            <numerusform>%n image suivie, puis arrêt : %1</numerusform>
            <numerusform>%n images suivies, puis arrêt : %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported the tracks of %n object(s): %1</source>
        <translation>
            <numerusform>Pistes de %n objet exportées : %1</numerusform>
            <numerusform>Pistes de %n objets exportées : %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Could not open the video for tracking:
%1</source>
        <translation>Impossible d’ouvrir la vidéo pour le suivi :
%1</translation>
    </message>
    <message>
        <source>Frame %1 cannot be read:
%2</source>
        <translation>L’image %1 ne peut pas être lue :
%2</translation>
    </message>
    <message>
        <source>Frame %1 (no discovery yet)</source>
        <translation>Image %1 (pas encore de découverte)</translation>
    </message>
    <message>
        <source>Discovery map of frame %1</source>
        <translation>Carte de découverte de l’image %1</translation>
    </message>
    <message>
        <source>Tracked masks of frame %1</source>
        <translation>Masques suivis de l’image %1</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>Objet %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Click or drag to go to a frame. Coloured bars: where each object is tracked; grey: frames tracked; marks: frames discovery ran on.</source>
        <translation>Cliquez ou faites glisser pour aller à une image. Barres colorées : où chaque objet est suivi ; gris : images suivies ; repères : images où la découverte a été lancée.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::WelcomeDialog</name>
    <message>
        <source>size unknown</source>
        <translation>taille inconnue</translation>
    </message>
    <message>
        <source>Welcome to DinoSam Studio</source>
        <translation>Bienvenue dans DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam finds the objects in your images without being told where they are. It needs two model files from Meta: &lt;b&gt;DINOv2&lt;/b&gt; finds the objects, &lt;b&gt;SAM2&lt;/b&gt; draws their masks. They are downloaded once into your model folder and checked before use.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bienvenue dans DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam trouve les objets de vos images sans qu&apos;on lui dise où ils sont. Il lui faut deux fichiers de modèle de Meta : &lt;b&gt;DINOv2&lt;/b&gt; trouve les objets, &lt;b&gt;SAM2&lt;/b&gt; dessine leurs masques. Ils sont téléchargés une fois dans votre dossier de modèles et vérifiés avant usage.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>I have the files…</source>
        <translation>J&apos;ai les fichiers…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Commencer</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installé</translation>
    </message>
    <message>
        <source>&lt;p&gt;Recommended for a start (fast on any computer):&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Recommandés pour commencer (rapides sur tout ordinateur) :&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>Annuler le téléchargement</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <source>Download (%1)</source>
        <translation>Télécharger (%1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No internet on this computer?&lt;/b&gt; Download these files elsewhere:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Then copy them into &lt;code&gt;%2&lt;/code&gt;, or choose them with “I have the files…”. On the command line: &lt;code&gt;dinosam models install FILE&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Pas d&apos;internet sur cet ordinateur ?&lt;/b&gt; Téléchargez ces fichiers ailleurs :&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Copiez-les ensuite dans &lt;code&gt;%2&lt;/code&gt;, ou choisissez-les avec « J&apos;ai les fichiers… ». En ligne de commande : &lt;code&gt;dinosam models install FICHIER&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Both models are installed. Click Start.</source>
        <translation>Les deux modèles sont installés. Cliquez sur Commencer.</translation>
    </message>
    <message>
        <source>The download could not start: %1</source>
        <translation>Le téléchargement n&apos;a pas pu démarrer : %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Téléchargement de %1…</translation>
    </message>
    <message>
        <source>The download of %1 failed: %2
Without internet, see below what to do.</source>
        <translation>Le téléchargement de %1 a échoué : %2
Sans internet, voyez ci-dessous que faire.</translation>
    </message>
    <message>
        <source>Choose the model files</source>
        <translation>Choisir les fichiers de modèle</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>Checkpoints PyTorch (*.pt *.pth);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1: installed as %2</source>
        <translation>%1 : installé comme %2</translation>
    </message>
    <message>
        <source>%1: not installed: %2</source>
        <translation>%1 : non installé : %2</translation>
    </message>
</context>
</TS>
