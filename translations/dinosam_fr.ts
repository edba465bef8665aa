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
        <source>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Prompt-free object segmentation: DINOv2 finds the salient objects, SAM2 draws their masks.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). It links QCustomPlot, which is licensed under the GPL-3.0, so the application as a whole is distributed under the GPL.&lt;/p&gt;&lt;h3&gt;Third-party components&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2: LGPL-3.0 (The Qt Company and contributors)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;: GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++): BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;: Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The model weights are not part of this program; they are downloaded from Meta's servers on request.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Segmentation d’objets sans invite : DINOv2 trouve les objets saillants, SAM2 dessine leurs masques.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio est un logiciel libre : vous pouvez le redistribuer et/ou le modifier selon les termes de la GNU General Public License publiée par la Free Software Foundation, soit la version 3 de la licence, soit (à votre choix) toute version ultérieure (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). Il utilise QCustomPlot, distribué sous GPL-3.0 ; l’application dans son ensemble est donc distribuée sous la GPL.&lt;/p&gt;&lt;h3&gt;Composants tiers&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2 : LGPL-3.0 (The Qt Company et contributeurs)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt; : GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++) : BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt; : Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code et poids (Meta AI) : Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code et poids (Meta AI) : Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Les poids des modèles ne font pas partie de ce programme ; ils sont téléchargés depuis les serveurs de Meta à la demande.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportDialog</name>
    <message>
        <source>&amp;Masks (PNG, one per object)</source>
        <translation>&amp;Masques (PNG, un par objet)</translation>
    </message>
    <message>
        <source>Mask &amp;overlay image</source>
        <translation>Image de &amp;superposition des masques</translation>
    </message>
    <message>
        <source>&amp;COCO annotations (JSON)</source>
        <translation>Annotations &amp;COCO (JSON)</translation>
    </message>
    <message>
        <source>C&amp;ut-outs (transparent PNG per object)</source>
        <translation>&amp;Découpes (PNG transparent par objet)</translation>
    </message>
    <message>
        <source>Original &amp;layout (three-panel image and summary text)</source>
        <translation>&amp;Disposition d’origine (image à trois panneaux et résumé)</translation>
    </message>
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
        <translation><numerusform>L’image du navigateur (%n, segmentée avec les réglages actuels)</numerusform><numerusform>Les %n images du navigateur (chacune segmentée avec les réglages actuels)</numerusform></translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HistogramPlot</name>
    <message>
        <source>Attention (normalised)</source>
        <translation>Attention (normalisée)</translation>
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
    <name>dinosam::ui::InferenceWorker</name>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
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
        <source>Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here.</source>
        <translation>Ouvrez une image ou un dossier (Ctrl+O, Ctrl+Maj+O) ou déposez des fichiers ici.</translation>
    </message>
    <message>
        <source>The models are not ready, so images cannot be segmented yet.
%1
Open Edit ▸ Settings (Ctrl+,) to download the models or choose the files.</source>
        <translation>Les modèles ne sont pas prêts : les images ne peuvent pas encore être segmentées.
%1
Ouvrez Édition ▸ Paramètres (Ctrl+,) pour télécharger les modèles ou choisir les fichiers.</translation>
    </message>
    <message>
        <source>No images in %1</source>
        <translation>Aucune image dans %1</translation>
    </message>
    <message>
        <source>Segmenting %1…</source>
        <translation>Segmentation de %1…</translation>
    </message>
    <message>
        <source>DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms</source>
        <translation>DINOv2 %1 ms · enc. SAM2 %2 ms · découverte %3 ms · déc. SAM2 %4 ms · total %5 ms</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s)</source>
        <translation><numerusform>%1 : %n objet</numerusform><numerusform>%1 : %n objets</numerusform></translation>
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
        <source>Exporting %1…</source>
        <translation>Exportation de %1…</translation>
    </message>
    <message>
        <source>Cancelled. Change a setting or pick the image again to restart.</source>
        <translation>Annulé. Modifiez un réglage ou sélectionnez à nouveau l’image pour relancer.</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, click an object to select it.</source>
        <translation>Faites glisser pour déplacer, utilisez la molette pour zoomer, cliquez sur un objet pour le sélectionner.</translation>
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
        <source>Re-segmenting with SAM2…</source>
        <translation>Resegmentation avec SAM2…</translation>
    </message>
    <message>
        <source>Object updated (score %1).</source>
        <translation>Objet mis à jour (score %1).</translation>
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
        <source>Export</source>
        <translation>Exporter</translation>
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
    <message numerus="yes">
        <source>%n image(s) exported, %1 files written.</source>
        <translation><numerusform>%n image exportée, %1 fichiers écrits.</numerusform><numerusform>%n images exportées, %1 fichiers écrits.</numerusform></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>L’exportation a été annulée.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) failed:</source>
        <translation><numerusform>%n image a échoué :</numerusform><numerusform>%n images ont échoué :</numerusform></translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ModelFileRow</name>
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
        <translation><numerusform>Supprimer %n objet</numerusform><numerusform>Supprimer %n objets</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Merge %n objects</source>
        <translation><numerusform>Fusionner %n objet</numerusform><numerusform>Fusionner %n objets</numerusform></translation>
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
</context>
<context>
    <name>dinosam::ui::SettingsDialog</name>
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
        <source>The official checkpoints are downloaded from Meta's servers (dl.fbaipublicfiles.com) and checked before use.</source>
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
</context>
<context>
    <name>dinosam::ui::ThreePanelView</name>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Attention heat-map and regions</source>
        <translation>Carte de chaleur d’attention et régions</translation>
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
</TS>
