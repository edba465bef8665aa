<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>dinosam::ui::AboutDialog</name>
    <message>
        <source>About DinoSam Studio</source>
        <translation>Über DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Prompt-free object segmentation: DINOv2 finds the salient objects, SAM2 draws their masks.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). It links QCustomPlot, which is licensed under the GPL-3.0, so the application as a whole is distributed under the GPL.&lt;/p&gt;&lt;h3&gt;Third-party components&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2: LGPL-3.0 (The Qt Company and contributors)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;: GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++): BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;: Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The model weights are not part of this program; they are downloaded from Meta&apos;s servers on request.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Objektsegmentierung ohne Eingabeaufforderung: DINOv2 findet die auffälligen Objekte, SAM2 zeichnet ihre Masken.&lt;/p&gt;&lt;h3&gt;Lizenz&lt;/h3&gt;&lt;p&gt;DinoSam Studio ist freie Software: Sie können es unter den Bedingungen der GNU General Public License, wie von der Free Software Foundation veröffentlicht, weitergeben und/oder verändern, entweder gemäß Version 3 der Lizenz oder (nach Ihrer Wahl) jeder späteren Version (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). Es bindet QCustomPlot ein, das unter der GPL-3.0 steht; daher wird die Anwendung als Ganzes unter der GPL verbreitet.&lt;/p&gt;&lt;h3&gt;Komponenten Dritter&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2: LGPL-3.0 (The Qt Company und Mitwirkende)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;: GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++): BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;: Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; Code und Gewichte (Meta AI): Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; Code und Gewichte (Meta AI): Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Die Modellgewichte sind nicht Teil dieses Programms; sie werden auf Wunsch von den Servern von Meta heruntergeladen.&lt;/p&gt;</translation>
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
        <translation>Bitte zuerst ein Bild öffnen.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Export läuft…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 wird exportiert…</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) exported, %1 files written.</source>
        <translation>
            <numerusform>%n Bild exportiert, %1 Dateien geschrieben.</numerusform>
            <numerusform>%n Bilder exportiert, %1 Dateien geschrieben.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Der Export wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) failed:</source>
        <translation>
            <numerusform>%n Bild ist fehlgeschlagen:</numerusform>
            <numerusform>%n Bilder sind fehlgeschlagen:</numerusform>
        </translation>
    </message>
    <message>
        <source>The export stopped: %1</source>
        <translation>Der Export wurde gestoppt: %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportDialog</name>
    <message>
        <source>The image being shown, with its edits</source>
        <translation>Das angezeigte Bild mit seinen Bearbeitungen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Zielordner:</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
    <message numerus="yes">
        <source>All %n images in the browser (each is segmented with the current settings)</source>
        <translation>
            <numerusform>Das %n Bild im Browser (mit den aktuellen Einstellungen segmentiert)</numerusform>
            <numerusform>Alle %n Bilder im Browser (jedes wird mit den aktuellen Einstellungen segmentiert)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::FindSimilarPanel</name>
    <message>
        <source>%1 / 1 image</source>
        <translation>%1 / 1 Bild</translation>
    </message>
    <message>
        <source>%1 / %2 images</source>
        <translation>%1 / %2 Bilder</translation>
    </message>
    <message>
        <source>, about %1 s left</source>
        <translation>, noch etwa %1 s</translation>
    </message>
    <message>
        <source>, about %1 min left</source>
        <translation>, noch etwa %1 min</translation>
    </message>
    <message>
        <source>, about %1 h %2 min left</source>
        <translation>, noch etwa %1 h %2 min</translation>
    </message>
    <message>
        <source>Select an object, then find the objects like it. What is found is a suggestion until you accept it.</source>
        <translation>Wählen Sie ein Objekt aus und finden Sie dann die Objekte, die ihm ähneln. Was gefunden wird, bleibt ein Vorschlag, bis Sie es übernehmen.</translation>
    </message>
    <message>
        <source>&amp;Similarity threshold</source>
        <translation>Ähnlichkeits-&amp;Schwellenwert</translation>
    </message>
    <message>
        <source>How alike (DINOv2 features, 0-1) a region must be to the example.</source>
        <translation>Wie ähnlich (DINOv2-Merkmale, 0-1) eine Region dem Beispiel sein muss.</translation>
    </message>
    <message>
        <source>Maximum &amp;instances per image</source>
        <translation>Höchstzahl an &amp;Instanzen pro Bild</translation>
    </message>
    <message>
        <source>Minimum area (pixels)</source>
        <translation>Mindestfläche (Pixel)</translation>
    </message>
    <message>
        <source>Find in This Image</source>
        <translation>In diesem Bild suchen</translation>
    </message>
    <message>
        <source>Find in All Images</source>
        <translation>In allen Bildern suchen</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Accept All Images</source>
        <translation>In allen Bildern übernehmen</translation>
    </message>
    <message>
        <source>Reject All Images</source>
        <translation>In allen Bildern verwerfen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HelpDialog</name>
    <message>
        <source>Getting Started</source>
        <translation>Erste Schritte</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Getting started&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;Open an image or a folder (File ▸ Open, or drop files on the window).&lt;/li&gt;&lt;li&gt;DinoSam finds the salient objects and draws their masks: the original, the attention heat-map with the regions found, and the masks, side by side.&lt;/li&gt;&lt;li&gt;Tune the detection with the sliders on the right: the attention threshold, the number of objects and the minimum area. The masks follow at once.&lt;/li&gt;&lt;li&gt;Edit the objects: select them in the list or on the masks (Ctrl+click for several), delete or merge them; add a positive or negative point or draw a box to re-segment one (nothing selected: a new object). Every edit can be undone.&lt;/li&gt;&lt;li&gt;Export masks, COCO annotations, cut-outs and overlays with File ▸ Export.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;h2&gt;Erste Schritte&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;Öffnen Sie ein Bild oder einen Ordner (Datei ▸ Öffnen, oder Dateien auf das Fenster ziehen).&lt;/li&gt;&lt;li&gt;DinoSam findet die auffälligen Objekte und zeichnet ihre Masken: das Original, die Aufmerksamkeits-Heatmap mit den gefundenen Regionen und die Masken, nebeneinander.&lt;/li&gt;&lt;li&gt;Stellen Sie die Erkennung mit den Schiebereglern rechts ein: Aufmerksamkeitsschwelle, Anzahl der Objekte und Mindestfläche. Die Masken folgen sofort.&lt;/li&gt;&lt;li&gt;Bearbeiten Sie die Objekte: Wählen Sie sie in der Liste oder auf den Masken aus (Strg+Klick für mehrere), löschen oder vereinen Sie sie; setzen Sie einen positiven oder negativen Punkt oder ziehen Sie einen Rahmen, um eines neu zu segmentieren (nichts ausgewählt: ein neues Objekt). Jede Änderung lässt sich rückgängig machen.&lt;/li&gt;&lt;li&gt;Exportieren Sie Masken, COCO-Annotationen, Ausschnitte und Überlagerungen mit Datei ▸ Exportieren.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keyboard shortcuts&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Tastenkürzel&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Mouse wheel: zoom at the cursor. Drag: pan (navigate tool).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mausrad: Zoom am Mauszeiger. Ziehen: verschieben (Navigationswerkzeug).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;More in the &lt;a href=&quot;%1&quot;&gt;documentation&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mehr in der &lt;a href=&quot;%1&quot;&gt;Dokumentation&lt;/a&gt;.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HistogramPlot</name>
    <message>
        <source>Attention (normalised)</source>
        <translation>Aufmerksamkeit (normiert)</translation>
    </message>
    <message>
        <source>Similarity to the example (cosine)</source>
        <translation>Ähnlichkeit zum Beispiel (Kosinus)</translation>
    </message>
    <message>
        <source>Pixels (%)</source>
        <translation>Pixel (%)</translation>
    </message>
    <message>
        <source>Drag the red line to change the threshold</source>
        <translation>Die rote Linie ziehen, um den Schwellenwert zu ändern</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImageBrowser</name>
    <message>
        <source>GIF is not supported (convert it to PNG; for an animation, export its frames)</source>
        <translation>GIF wird nicht unterstützt (in PNG umwandeln; bei einer Animation die Einzelbilder exportieren)</translation>
    </message>
    <message>
        <source>%1 images are not supported (convert them to PNG or JPEG)</source>
        <translation>%1-Bilder werden nicht unterstützt (in PNG oder JPEG umwandeln)</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1 (übersprungen)</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <source>Show all images</source>
        <translation>Alle Bilder anzeigen</translation>
    </message>
    <message>
        <source>Show images not started</source>
        <translation>Noch nicht begonnene Bilder anzeigen</translation>
    </message>
    <message>
        <source>Show annotated images</source>
        <translation>Annotierte Bilder anzeigen</translation>
    </message>
    <message>
        <source>Show edited images</source>
        <translation>Bearbeitete Bilder anzeigen</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImportController</name>
    <message>
        <source>Open the image folder first: annotations are imported into its project.</source>
        <translation>Öffnen Sie zuerst den Bildordner: Annotationen werden in sein Projekt importiert.</translation>
    </message>
    <message>
        <source>Import Annotations</source>
        <translation>Annotationen importieren</translation>
    </message>
    <message>
        <source>labelme or COCO JSON (*.json);;All files (*)</source>
        <translation>labelme- oder COCO-JSON (*.json);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n object(s)</source>
        <translation>
            <numerusform>Importiert: %n Objekt</numerusform>
            <numerusform>Importiert: %n Objekte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>into %n image(s).</source>
        <translation>
            <numerusform>in %n Bild.</numerusform>
            <numerusform>in %n Bildern.</numerusform>
        </translation>
    </message>
    <message>
        <source>The annotations cannot be written: %1</source>
        <translation>Die Annotationen können nicht geschrieben werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) or file(s) could not be imported (see the details).</source>
        <translation>
            <numerusform>%n Eintrag oder Datei konnte nicht importiert werden (siehe Details).</numerusform>
            <numerusform>%n Einträge oder Dateien konnten nicht importiert werden (siehe Details).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::InferenceWorker</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>frame %1</source>
        <translation>Einzelbild %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelController</name>
    <message>
        <source>Label for &amp;new objects:</source>
        <translation>Label für &amp;neue Objekte:</translation>
    </message>
    <message>
        <source>Automatic objects and objects added with a prompt get this label; type a new name to create a label.</source>
        <translation>Automatische Objekte und mit einem Prompt hinzugefügte Objekte erhalten dieses Label; geben Sie einen neuen Namen ein, um ein Label anzulegen.</translation>
    </message>
    <message>
        <source>The label for new objects needs a name.</source>
        <translation>Das Label für neue Objekte braucht einen Namen.</translation>
    </message>
    <message>
        <source>New objects are labelled %1.</source>
        <translation>Neue Objekte erhalten das Label %1.</translation>
    </message>
    <message>
        <source>No label has the key %1 yet: type a label in the object list first.</source>
        <translation>Noch kein Label hat die Taste %1: Geben Sie zuerst ein Label in der Objektliste ein.</translation>
    </message>
    <message>
        <source>Select objects to label them %1.</source>
        <translation>Wählen Sie Objekte aus, um ihnen das Label %1 zu geben.</translation>
    </message>
    <message numerus="yes">
        <source>Labels changed on %n object(s) of the open images and in the saved annotations.</source>
        <translation>
            <numerusform>Labels an %n Objekt der geöffneten Bilder und in den gespeicherten Annotationen geändert.</numerusform>
            <numerusform>Labels an %n Objekten der geöffneten Bilder und in den gespeicherten Annotationen geändert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelEditorDialog</name>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Edit Labels</source>
        <translation>Labels bearbeiten</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Click a colour to change it; double-click a name to rename the label on every object.</source>
        <translation>Klicken Sie auf eine Farbe, um sie zu ändern; doppelklicken Sie auf einen Namen, um das Label an allen Objekten umzubenennen.</translation>
    </message>
    <message>
        <source>Click to choose the colour</source>
        <translation>Klicken, um die Farbe zu wählen</translation>
    </message>
    <message>
        <source>The label for new objects</source>
        <translation>Das Label für neue Objekte</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>A label needs a name.</source>
        <translation>Ein Label braucht einen Namen.</translation>
    </message>
    <message>
        <source>There is a label %1 already.</source>
        <translation>Es gibt bereits ein Label %1.</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>Farbe von %1</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>Label %1</translation>
    </message>
    <message>
        <source>%1 is the label for new objects: choose another one for new objects before deleting it.</source>
        <translation>%1 ist das Label für neue Objekte: Wählen Sie vor dem Löschen ein anderes Label für neue Objekte.</translation>
    </message>
    <message>
        <source>Delete Label</source>
        <translation>Label löschen</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) are labelled %1. Delete the label? They get the label for new objects, %2.</source>
        <translation>
            <numerusform>%n Objekt hat das Label %1. Das Label löschen? Es erhält das Label für neue Objekte, %2.</numerusform>
            <numerusform>%n Objekte haben das Label %1. Das Label löschen? Sie erhalten das Label für neue Objekte, %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LockController</name>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to delete them (nothing deleted).</source>
        <translation>
            <numerusform>%n ausgewähltes Objekt ist gesperrt: Entsperren Sie es, um es zu löschen (nichts gelöscht).</numerusform>
            <numerusform>%n ausgewählte Objekte sind gesperrt: Entsperren Sie sie, um sie zu löschen (nichts gelöscht).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to merge them.</source>
        <translation>
            <numerusform>%n ausgewähltes Objekt ist gesperrt: Entsperren Sie es, um es zusammenzuführen.</numerusform>
            <numerusform>%n ausgewählte Objekte sind gesperrt: Entsperren Sie sie, um sie zusammenzuführen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select objects to lock them.</source>
        <translation>Wählen Sie Objekte aus, um sie zu sperren.</translation>
    </message>
    <message>
        <source>Select objects to unlock them.</source>
        <translation>Wählen Sie Objekte aus, um sie zu entsperren.</translation>
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
        <translation>Rückgängig (%1)</translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation>Wiederholen (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Attention histogram</source>
        <translation>Aufmerksamkeits-Histogramm</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Bewertungen</translation>
    </message>
    <message>
        <source>Stage times</source>
        <translation>Stufenzeiten</translation>
    </message>
    <message>
        <source>Similarity histogram</source>
        <translation>Ähnlichkeits-Histogramm</translation>
    </message>
    <message>
        <source>Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here.</source>
        <translation>Ein Bild oder einen Ordner öffnen (Strg+O, Strg+Umschalt+O) oder Dateien hierher ziehen.</translation>
    </message>
    <message>
        <source>No images in %1</source>
        <translation>Keine Bilder in %1</translation>
    </message>
    <message>
        <source>Segmenting %1…</source>
        <translation>%1 wird segmentiert…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s)</source>
        <translation>
            <numerusform>%1: %n Objekt</numerusform>
            <numerusform>%1: %n Objekte</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not segment %1:
%2</source>
        <translation>%1 konnte nicht segmentiert werden:
%2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Error in %1: %2</source>
        <translation>Fehler in %1: %2</translation>
    </message>
    <message>
        <source>Cancelled. Change a setting or pick the image again to restart.</source>
        <translation>Abgebrochen. Ändern Sie eine Einstellung oder wählen Sie das Bild erneut, um neu zu starten.</translation>
    </message>
    <message>
        <source>Click to add a point to the selected object (no selection: a new object).</source>
        <translation>Klicken, um dem ausgewählten Objekt einen Punkt hinzuzufügen (ohne Auswahl: ein neues Objekt).</translation>
    </message>
    <message>
        <source>Drag a box around the object to re-segment it (no selection: a new object).</source>
        <translation>Einen Rahmen um das Objekt ziehen, um es neu zu segmentieren (ohne Auswahl: ein neues Objekt).</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Undo %1 (%2)</source>
        <translation>%1 rückgängig machen (%2)</translation>
    </message>
    <message>
        <source>Redo %1 (%2)</source>
        <translation>%1 wiederholen (%2)</translation>
    </message>
    <message>
        <source>Attention histogram (not used by spectral discovery)</source>
        <translation>Aufmerksamkeitshistogramm (von der spektralen Erkennung nicht verwendet)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s), edited</source>
        <translation>
            <numerusform>%1: %n Objekt, bearbeitet</numerusform>
            <numerusform>%1: %n Objekte, bearbeitet</numerusform>
        </translation>
    </message>
    <message>
        <source>A model could not be used, so no image is segmented:
%1
Choose another file in Edit ▸ Settings (Ctrl+,).</source>
        <translation>Ein Modell konnte nicht verwendet werden, daher wird kein Bild segmentiert:
%1
Wählen Sie unter Bearbeiten ▸ Einstellungen (Strg+,) eine andere Datei.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (not a supported image): %1</source>
        <translation>
            <numerusform>%n Datei übersprungen (kein unterstütztes Bild): %1</numerusform>
            <numerusform>%n Dateien übersprungen (keine unterstützten Bilder): %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <source>A model could not be used; see the message above the images.</source>
        <translation>Ein Modell konnte nicht verwendet werden; siehe die Meldung über den Bildern.</translation>
    </message>
    <message>
        <source>%1: spectral discovery (normalised cut) takes a few seconds…</source>
        <translation>%1: Die spektrale Erkennung (Normalized Cut) dauert einige Sekunden…</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, click an object to select it (Ctrl+click: several).</source>
        <translation>Ziehen zum Verschieben, Mausrad zum Zoomen, Klick auf ein Objekt wählt es aus (Strg+Klick: mehrere).</translation>
    </message>
    <message>
        <source>The models are not ready, so images cannot be segmented yet.
%1
Use Help ▸ Set Up Models… to download them, or choose the files in Edit ▸ Settings (Ctrl+,).</source>
        <translation>Die Modelle sind nicht bereit, daher können noch keine Bilder segmentiert werden.
%1
Über Hilfe ▸ Modelle einrichten… laden Sie sie herunter, oder wählen Sie die Dateien unter Bearbeiten ▸ Einstellungen (Strg+,).</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ModelFileRow</name>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>%1 is a %2 checkpoint, %3, not %4: choose it as the %2 model.</source>
        <translation>%1 ist ein %2-Checkpoint, %3, nicht %4: als %2-Modell wählen.</translation>
    </message>
    <message>
        <source>%1 is %2, not %3.</source>
        <translation>%1 ist %2, nicht %3.</translation>
    </message>
    <message>
        <source>Use as %1</source>
        <translation>Als %1 verwenden</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>%1 in the model folder</source>
        <translation>%1 im Modellordner</translation>
    </message>
    <message>
        <source>Found: %1 (%2 MB)</source>
        <translation>Gefunden: %1 (%2 MB)</translation>
    </message>
    <message>
        <source>Missing: %1. Download it, or choose the file with Browse.</source>
        <translation>Fehlt: %1. Laden Sie sie herunter oder wählen Sie die Datei mit „Durchsuchen“.</translation>
    </message>
    <message>
        <source>Checkpoint for %1</source>
        <translation>Checkpoint für %1</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch-Checkpoints (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 is installed.
SHA-256: %2
%3</source>
        <translation>%1 ist installiert.
SHA-256: %2
%3</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>Herunterladen fehlgeschlagen</translation>
    </message>
    <message>
        <source>The SHA-256 differs from the published one (%1).</source>
        <translation>Die SHA-256-Prüfsumme weicht von der veröffentlichten ab (%1).</translation>
    </message>
    <message>
        <source>Matches the published SHA-256.</source>
        <translation>Stimmt mit der veröffentlichten SHA-256-Prüfsumme überein.</translation>
    </message>
    <message>
        <source>No published SHA-256 to compare with.</source>
        <translation>Keine veröffentlichte SHA-256-Prüfsumme zum Vergleich.</translation>
    </message>
    <message>
        <source>%1
SHA-256: %2
%3</source>
        <translation>%1
SHA-256: %2
%3</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ObjectListWidget</name>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>SAM2-Bewertung</translation>
    </message>
    <message>
        <source>DINOv2 conf.</source>
        <translation>DINOv2-Konf.</translation>
    </message>
    <message>
        <source>Area (px)</source>
        <translation>Fläche (px)</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>Objekt %1</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Lock: a locked object is kept when the parameters change and cannot be deleted, merged or re-segmented until unlocked.</source>
        <translation>Sperre: Ein gesperrtes Objekt bleibt erhalten, wenn sich die Parameter ändern, und kann erst nach dem Entsperren gelöscht, zusammengeführt oder neu segmentiert werden.</translation>
    </message>
    <message>
        <source>Suggestion %1</source>
        <translation>Vorschlag %1</translation>
    </message>
    <message>
        <source>Double-click or press F2 to label; with several rows selected, the label goes to all of them.</source>
        <translation>Doppelklicken oder F2 drücken, um ein Label zu vergeben; sind mehrere Zeilen ausgewählt, erhalten alle das Label.</translation>
    </message>
    <message>
        <source>Locked: kept, and not deleted, merged or re-segmented. Click to unlock.</source>
        <translation>Gesperrt: bleibt erhalten und wird weder gelöscht noch zusammengeführt oder neu segmentiert. Klicken zum Entsperren.</translation>
    </message>
    <message>
        <source>Click to lock.</source>
        <translation>Klicken zum Sperren.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ParameterPanel</name>
    <message>
        <source>Attention &amp;threshold</source>
        <translation>Aufmerksamkeits-&amp;Schwellenwert</translation>
    </message>
    <message>
        <source>Attention values above this fraction of the maximum form regions</source>
        <translation>Aufmerksamkeitswerte über diesem Anteil des Maximums bilden Regionen</translation>
    </message>
    <message>
        <source>&amp;Number of objects</source>
        <translation>&amp;Anzahl der Objekte</translation>
    </message>
    <message>
        <source>Keep at most this many objects</source>
        <translation>Höchstens so viele Objekte behalten</translation>
    </message>
    <message>
        <source>&amp;Minimum area (pixels)</source>
        <translation>&amp;Mindestfläche (Pixel)</translation>
    </message>
    <message>
        <source>Drop regions and masks smaller than this</source>
        <translation>Regionen und Masken, die kleiner sind, verwerfen</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>Rahmen</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>Box and point</source>
        <translation>Rahmen und Punkt</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Aufmerksamkeit</translation>
    </message>
    <message>
        <source>Spectral (normalised cut)</source>
        <translation>Spektral (Normalized Cut)</translation>
    </message>
    <message>
        <source>&amp;Prompt type</source>
        <translation>&amp;Prompt-Typ</translation>
    </message>
    <message>
        <source>&amp;Discovery</source>
        <translation>&amp;Erkennung</translation>
    </message>
    <message>
        <source>DINOv2 model</source>
        <translation>DINOv2-Modell</translation>
    </message>
    <message>
        <source>SAM2 model</source>
        <translation>SAM2-Modell</translation>
    </message>
    <message>
        <source>Remove small holes and specks</source>
        <translation>Kleine Löcher und Sprenkel entfernen</translation>
    </message>
    <message>
        <source>Attention threshold (not used by spectral discovery)</source>
        <translation>Aufmerksamkeitsschwelle (von der spektralen Erkennung nicht verwendet)</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ProjectAutosave</name>
    <message>
        <source>%1 cannot be created or written.</source>
        <translation>%1 kann nicht angelegt oder geschrieben werden.</translation>
    </message>
    <message>
        <source>The saved annotation of %1 cannot be read (kept as %2); the image is segmented again.</source>
        <translation>Die gespeicherte Annotation von %1 kann nicht gelesen werden (aufbewahrt als %2); das Bild wird neu segmentiert.</translation>
    </message>
    <message>
        <source>Annotations cannot be saved in %1: %2. Your work stays open and is saved as soon as it can be.</source>
        <translation>Annotationen können nicht in %1 gespeichert werden: %2. Ihre Arbeit bleibt geöffnet und wird gespeichert, sobald es möglich ist.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::PromptEditor</name>
    <message>
        <source>Re-segmenting with SAM2…</source>
        <translation>Neu-Segmentierung mit SAM2…</translation>
    </message>
    <message>
        <source>Object updated (score %1).</source>
        <translation>Objekt aktualisiert (Bewertung %1).</translation>
    </message>
    <message>
        <source>Object %1 is locked: unlock it to re-segment it (with nothing selected, a prompt adds a new object).</source>
        <translation>Objekt %1 ist gesperrt: Entsperren Sie es, um es neu zu segmentieren (ohne Auswahl fügt ein Prompt ein neues Objekt hinzu).</translation>
    </message>
    <message>
        <source>The object was locked meanwhile: it is kept as it was.</source>
        <translation>Das Objekt wurde inzwischen gesperrt: Es bleibt, wie es war.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ScorePlot</name>
    <message>
        <source>DINOv2 confidence</source>
        <translation>DINOv2-Konfidenz</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>SAM2-Bewertung</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SegmentationDocument</name>
    <message>
        <source>Delete object</source>
        <translation>Objekt löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n objects</source>
        <translation>
            <numerusform>%n Objekt löschen</numerusform>
            <numerusform>%n Objekte löschen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merge %n objects</source>
        <translation>
            <numerusform>%n Objekt zusammenführen</numerusform>
            <numerusform>%n Objekte zusammenführen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show object</source>
        <translation>Objekt einblenden</translation>
    </message>
    <message>
        <source>Hide object</source>
        <translation>Objekt ausblenden</translation>
    </message>
    <message>
        <source>Refine object</source>
        <translation>Objekt verfeinern</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>Objekt hinzufügen</translation>
    </message>
    <message>
        <source>New automatic objects</source>
        <translation>Neue automatische Objekte</translation>
    </message>
    <message numerus="yes">
        <source>Lock %n object(s)</source>
        <translation>
            <numerusform>%n Objekt sperren</numerusform>
            <numerusform>%n Objekte sperren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlock %n object(s)</source>
        <translation>
            <numerusform>%n Objekt entsperren</numerusform>
            <numerusform>%n Objekte entsperren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rename labels of %n object(s)</source>
        <translation>
            <numerusform>Labels von %n Objekt umbenennen</numerusform>
            <numerusform>Labels von %n Objekten umbenennen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Label %n object(s) %1</source>
        <translation>
            <numerusform>%n Objekt das Label %1 geben</numerusform>
            <numerusform>%n Objekten das Label %1 geben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Find similar: %n suggestion(s)</source>
        <translation>
            <numerusform>Ähnliche finden: %n Vorschlag</numerusform>
            <numerusform>Ähnliche finden: %n Vorschläge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>%n Vorschlag übernehmen</numerusform>
            <numerusform>%n Vorschläge übernehmen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation>
            <numerusform>%n Vorschlag verwerfen</numerusform>
            <numerusform>%n Vorschläge verwerfen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SettingsDialog</name>
    <message>
        <source>The installed models of this kind; the one chosen is used for every image</source>
        <translation>Die installierten Modelle dieser Art; das gewählte wird für jedes Bild verwendet</translation>
    </message>
    <message>
        <source>DINOv2 model:</source>
        <translation>DINOv2-Modell:</translation>
    </message>
    <message>
        <source>SAM2 model:</source>
        <translation>SAM2-Modell:</translation>
    </message>
    <message>
        <source>%1, not installed</source>
        <translation>%1, nicht installiert</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>Modelldateien</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <source>The official checkpoints are downloaded from Meta&apos;s servers (dl.fbaipublicfiles.com) and checked before use.</source>
        <translation>Die offiziellen Checkpoints werden von den Servern von Meta (dl.fbaipublicfiles.com) heruntergeladen und vor der Verwendung geprüft.</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Computation</source>
        <translation>Berechnung</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Cache size:</source>
        <translation>Cache-Größe:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA, where LibTorch has it)</source>
        <translation>GPU (CUDA, sofern LibTorch es unterstützt)</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>The shorter side of the image DINOv2 sees (a multiple of 14): larger finds smaller objects, slower</source>
        <translation>Die kürzere Seite des Bildes, das DINOv2 sieht (ein Vielfaches von 14): größer findet kleinere Objekte, ist aber langsamer</translation>
    </message>
    <message>
        <source>DINOv2 input size:</source>
        <translation>DINOv2-Eingabegröße:</translation>
    </message>
    <message>
        <source>A mask overlapping a better one by more than this IoU is dropped as a duplicate</source>
        <translation>Eine Maske, die eine bessere um mehr als diese IoU überlappt, wird als Duplikat verworfen</translation>
    </message>
    <message>
        <source>Duplicate overlap (IoU):</source>
        <translation>Duplikat-Überlappung (IoU):</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>RLE counts (exact, default)</source>
        <translation>RLE-Zählwerte (exakt, Standard)</translation>
    </message>
    <message>
        <source>RLE string (exact, compact, pycocotools)</source>
        <translation>RLE-Zeichenkette (exakt, kompakt, pycocotools)</translation>
    </message>
    <message>
        <source>Polygons (outlines; holes are lost)</source>
        <translation>Polygone (Umrisse; Löcher gehen verloren)</translation>
    </message>
    <message>
        <source>COCO shapes:</source>
        <translation>COCO-Formen:</translation>
    </message>
    <message>
        <source>Polygon tolerance:</source>
        <translation>Polygontoleranz:</translation>
    </message>
    <message>
        <source>JPEG quality:</source>
        <translation>JPEG-Qualität:</translation>
    </message>
    <message>
        <source>Keep image features on disk (reopened images need no encoder run)</source>
        <translation>Bildmerkmale auf der Festplatte behalten (erneut geöffnete Bilder brauchen keinen Encoder-Lauf)</translation>
    </message>
    <message>
        <source>Default: ~/.cache/dinosam/features (as the command line)</source>
        <translation>Standard: ~/.cache/dinosam/features (wie auf der Kommandozeile)</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Feature Cache Folder</source>
        <translation>Ordner des Merkmal-Caches</translation>
    </message>
    <message>
        <source>Disk cache:</source>
        <translation>Festplatten-Cache:</translation>
    </message>
    <message>
        <source>Disk Cache</source>
        <translation>Festplatten-Cache</translation>
    </message>
    <message>
        <source>The feature cache folder %1 cannot be created. Choose another folder or turn the disk cache off.</source>
        <translation>Der Ordner des Merkmal-Caches %1 kann nicht angelegt werden. Wählen Sie einen anderen Ordner oder schalten Sie den Festplatten-Cache aus.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SimilarController</name>
    <message>
        <source>Find similar failed: %1</source>
        <translation>Die Suche nach ähnlichen Objekten ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation>Ähnliche finden</translation>
    </message>
    <message>
        <source>Select the example object first (click it, or pick it in the object list).</source>
        <translation>Wählen Sie zuerst das Beispielobjekt aus (anklicken oder in der Objektliste wählen).</translation>
    </message>
    <message numerus="yes">
        <source>Searching %n image(s)…</source>
        <translation>
            <numerusform>%n Bild wird durchsucht…</numerusform>
            <numerusform>%n Bilder werden durchsucht…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n suggestion(s) so far.</source>
        <translation>
            <numerusform>Abgebrochen: bisher %n Vorschlag.</numerusform>
            <numerusform>Abgebrochen: bisher %n Vorschläge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s); %1 image(s) failed, e.g. %2: %3</source>
        <translation>
            <numerusform>%n Vorschlag; %1 Bild(er) fehlgeschlagen, z. B. %2: %3</numerusform>
            <numerusform>%n Vorschläge; %1 Bild(er) fehlgeschlagen, z. B. %2: %3</numerusform>
        </translation>
    </message>
    <message>
        <source>No suggestions open.</source>
        <translation>Keine offenen Vorschläge.</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s) in this image</source>
        <translation>
            <numerusform>%n Vorschlag in diesem Bild</numerusform>
            <numerusform>%n Vorschläge in diesem Bild</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n in %1 other image(s)</source>
        <translation>
            <numerusform>, %n in %1 anderen Bild(ern)</numerusform>
            <numerusform>, %n in %1 anderen Bild(ern)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StoreFolderController</name>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Choose another folder for this folder&apos;s annotations, or close this message and export your work.</source>
        <translation>Wählen Sie einen anderen Ordner für die Annotationen dieses Ordners, oder schließen Sie diese Meldung und exportieren Sie Ihre Arbeit.</translation>
    </message>
    <message>
        <source>Choose Another Folder…</source>
        <translation>Anderen Ordner wählen…</translation>
    </message>
    <message>
        <source>Folder for the Annotations</source>
        <translation>Ordner für die Annotationen</translation>
    </message>
    <message>
        <source>Annotations of this folder are now saved in %1.</source>
        <translation>Die Annotationen dieses Ordners werden jetzt in %1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioActions</name>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Select &amp;All Objects</source>
        <translation>&amp;Alle Objekte auswählen</translation>
    </message>
    <message>
        <source>&amp;Delete Object</source>
        <translation>Objekt &amp;löschen</translation>
    </message>
    <message>
        <source>&amp;Merge Objects</source>
        <translation>Objekte &amp;zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Cancel Computation</source>
        <translation>Berechnung &amp;abbrechen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Pixels (100 %)</source>
        <translation>&amp;Originalpixel (100 %)</translation>
    </message>
    <message>
        <source>&amp;Getting Started and Shortcuts</source>
        <translation>&amp;Erste Schritte und Tastenkürzel</translation>
    </message>
    <message>
        <source>Set Up &amp;Models…</source>
        <translation>&amp;Modelle einrichten…</translation>
    </message>
    <message>
        <source>&amp;About DinoSam Studio</source>
        <translation>Ü&amp;ber DinoSam Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Navigate and Select</source>
        <translation>&amp;Navigieren und auswählen</translation>
    </message>
    <message>
        <source>Add &amp;Positive Point</source>
        <translation>&amp;Positiven Punkt hinzufügen</translation>
    </message>
    <message>
        <source>Add N&amp;egative Point</source>
        <translation>N&amp;egativen Punkt hinzufügen</translation>
    </message>
    <message>
        <source>Draw &amp;Box</source>
        <translation>&amp;Rahmen zeichnen</translation>
    </message>
    <message>
        <source>Open &amp;Video…</source>
        <translation>&amp;Video öffnen…</translation>
    </message>
    <message>
        <source>Open Frame Folder as Vi&amp;deo…</source>
        <translation>Ordner mit Einzelbildern als Vi&amp;deo öffnen…</translation>
    </message>
    <message>
        <source>&amp;Import Annotations…</source>
        <translation>Annotationen &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Lock Objects</source>
        <translation>Objekte &amp;sperren</translation>
    </message>
    <message>
        <source>U&amp;nlock Objects</source>
        <translation>Objekte en&amp;tsperren</translation>
    </message>
    <message>
        <source>Edit &amp;Labels…</source>
        <translation>Labels &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>Wiedergabe / &amp;Pause</translation>
    </message>
    <message>
        <source>P&amp;revious Frame</source>
        <translation>&amp;Vorheriges Einzelbild</translation>
    </message>
    <message>
        <source>N&amp;ext Frame</source>
        <translation>&amp;Nächstes Einzelbild</translation>
    </message>
    <message>
        <source>&amp;Discover on This Frame</source>
        <translation>In diesem Einzelbild &amp;erkennen</translation>
    </message>
    <message>
        <source>Propagate &amp;Backward</source>
        <translation>&amp;Rückwärts propagieren</translation>
    </message>
    <message>
        <source>Propagate &amp;Forward</source>
        <translation>Vor&amp;wärts propagieren</translation>
    </message>
    <message>
        <source>E&amp;xport Tracks…</source>
        <translation>Spuren e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Colour Masks by &amp;Label</source>
        <translation>Masken nach &amp;Label einfärben</translation>
    </message>
    <message>
        <source>Label the Selection with Label %1</source>
        <translation>Auswahl mit Label %1 versehen</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioStatusBar</name>
    <message>
        <source>decoding the image</source>
        <translation>Bild wird dekodiert</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>SAM2-Encoder</translation>
    </message>
    <message>
        <source>discovery</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>SAM2-Decoder</translation>
    </message>
    <message>
        <source>post-processing</source>
        <translation>Nachbearbeitung</translation>
    </message>
    <message>
        <source>DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms</source>
        <translation>DINOv2 %1 ms · SAM2-Enc. %2 ms · Erkennung %3 ms · SAM2-Dec. %4 ms · gesamt %5 ms</translation>
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
        <translation>Erkennungskarte</translation>
    </message>
    <message>
        <source>Similarity map</source>
        <translation>Ähnlichkeitskarte</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>Masken</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::TimingPlot</name>
    <message>
        <source>Decode</source>
        <translation>Dekodieren</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>SAM2-Encoder</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>Erkennung</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>SAM2-Decoder</translation>
    </message>
    <message>
        <source>Post-process</source>
        <translation>Nachbearbeitung</translation>
    </message>
    <message>
        <source>Milliseconds (0 = cached)</source>
        <translation>Millisekunden (0 = zwischengespeichert)</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoController</name>
    <message>
        <source>&amp;Video</source>
        <translation>&amp;Video</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Einzelbild %1 / %2</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>The models are not ready:
%1</source>
        <translation>Die Modelle sind nicht bereit:
%1</translation>
    </message>
    <message>
        <source>Open Frame Folder as Video</source>
        <translation>Ordner mit Einzelbildern als Video öffnen</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;All files (*)</source>
        <translation>Videos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Video</source>
        <translation>Video öffnen</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>%1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n frame(s). Discover objects on a frame (Ctrl+D), then propagate (Ctrl+→).</source>
        <translation>
            <numerusform>%1: %n Einzelbild. Erkennen Sie Objekte in einem Einzelbild (Strg+D) und propagieren Sie sie dann (Strg+→).</numerusform>
            <numerusform>%1: %n Einzelbilder. Erkennen Sie Objekte in einem Einzelbild (Strg+D) und propagieren Sie sie dann (Strg+→).</numerusform>
        </translation>
    </message>
    <message>
        <source>Discovering objects on frame %1…</source>
        <translation>Objekte in Einzelbild %1 werden erkannt…</translation>
    </message>
    <message>
        <source>Tracking backward from frame %1…</source>
        <translation>Rückwärtsverfolgung ab Einzelbild %1…</translation>
    </message>
    <message>
        <source>Tracking forward from frame %1…</source>
        <translation>Vorwärtsverfolgung ab Einzelbild %1…</translation>
    </message>
    <message>
        <source>Adding the object… click again when it is shown.</source>
        <translation>Das Objekt wird hinzugefügt… Klicken Sie erneut, sobald es angezeigt wird.</translation>
    </message>
    <message>
        <source>Correcting object %1 on frame %2, then tracking again from there…</source>
        <translation>Objekt %1 wird in Einzelbild %2 korrigiert und von dort aus erneut verfolgt…</translation>
    </message>
    <message>
        <source>Adding an object on frame %1, then tracking it from there…</source>
        <translation>Ein Objekt wird in Einzelbild %1 hinzugefügt und von dort aus verfolgt…</translation>
    </message>
    <message>
        <source>Exporting the tracks to %1…</source>
        <translation>Spuren werden nach %1 exportiert…</translation>
    </message>
    <message>
        <source>Export Tracks To</source>
        <translation>Spuren exportieren nach</translation>
    </message>
    <message>
        <source>Cancelled; the frames tracked so far are kept.</source>
        <translation>Abgebrochen; die bisher verfolgten Einzelbilder bleiben erhalten.</translation>
    </message>
    <message numerus="yes">
        <source>Discovery: %n object(s) found, %1 new track(s). Propagate to track them.</source>
        <translation>
            <numerusform>Erkennung: %n Objekt gefunden, %1 neue Spur(en). Propagieren Sie, um sie zu verfolgen.</numerusform>
            <numerusform>Erkennung: %n Objekte gefunden, %1 neue Spur(en). Propagieren Sie, um sie zu verfolgen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n frame(s); they are kept.</source>
        <translation>
            <numerusform>Nach %n Einzelbild angehalten; es bleibt erhalten.</numerusform>
            <numerusform>Nach %n Einzelbildern angehalten; sie bleiben erhalten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s).</source>
        <translation>
            <numerusform>%n Einzelbild verfolgt.</numerusform>
            <numerusform>%n Einzelbilder verfolgt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s), then stopped: %1</source>
        <translation>
            <numerusform>%n Einzelbild verfolgt, dann angehalten: %1</numerusform>
            <numerusform>%n Einzelbilder verfolgt, dann angehalten: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported the tracks of %n object(s): %1</source>
        <translation>
            <numerusform>Spuren von %n Objekt exportiert: %1</numerusform>
            <numerusform>Spuren von %n Objekten exportiert: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Could not open the video for tracking:
%1</source>
        <translation>Das Video konnte nicht zum Verfolgen geöffnet werden:
%1</translation>
    </message>
    <message>
        <source>Frame %1 cannot be read:
%2</source>
        <translation>Einzelbild %1 kann nicht gelesen werden:
%2</translation>
    </message>
    <message>
        <source>Frame %1 (no discovery yet)</source>
        <translation>Einzelbild %1 (noch keine Erkennung)</translation>
    </message>
    <message>
        <source>Discovery map of frame %1</source>
        <translation>Erkennungskarte von Einzelbild %1</translation>
    </message>
    <message>
        <source>Tracked masks of frame %1</source>
        <translation>Verfolgte Masken von Einzelbild %1</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>Objekt %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Click or drag to go to a frame. Coloured bars: where each object is tracked; grey: frames tracked; marks: frames discovery ran on.</source>
        <translation>Klicken oder ziehen, um zu einem Einzelbild zu springen. Farbige Balken: wo jedes Objekt verfolgt wird; grau: verfolgte Einzelbilder; Markierungen: Einzelbilder, in denen die Erkennung lief.</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::WelcomeDialog</name>
    <message>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <source>Welcome to DinoSam Studio</source>
        <translation>Willkommen bei DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam finds the objects in your images without being told where they are. It needs two model files from Meta: &lt;b&gt;DINOv2&lt;/b&gt; finds the objects, &lt;b&gt;SAM2&lt;/b&gt; draws their masks. They are downloaded once into your model folder and checked before use.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Willkommen bei DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam findet die Objekte in Ihren Bildern, ohne dass Sie sagen müssen, wo sie sind. Dafür braucht es zwei Modelldateien von Meta: &lt;b&gt;DINOv2&lt;/b&gt; findet die Objekte, &lt;b&gt;SAM2&lt;/b&gt; zeichnet ihre Masken. Sie werden einmal in Ihren Modellordner heruntergeladen und vor der Verwendung geprüft.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>I have the files…</source>
        <translation>Ich habe die Dateien…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installiert</translation>
    </message>
    <message>
        <source>&lt;p&gt;Recommended for a start (fast on any computer):&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Empfohlen für den Anfang (schnell auf jedem Rechner):&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Download (%1)</source>
        <translation>Herunterladen (%1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No internet on this computer?&lt;/b&gt; Download these files elsewhere:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Then copy them into &lt;code&gt;%2&lt;/code&gt;, or choose them with “I have the files…”. On the command line: &lt;code&gt;dinosam models install FILE&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Kein Internet auf diesem Rechner?&lt;/b&gt; Laden Sie diese Dateien anderswo herunter:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Kopieren Sie sie dann nach &lt;code&gt;%2&lt;/code&gt; oder wählen Sie sie mit „Ich habe die Dateien…“. Auf der Kommandozeile: &lt;code&gt;dinosam models install DATEI&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Both models are installed. Click Start.</source>
        <translation>Beide Modelle sind installiert. Klicken Sie auf Starten.</translation>
    </message>
    <message>
        <source>The download could not start: %1</source>
        <translation>Der Download konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>The download of %1 failed: %2
Without internet, see below what to do.</source>
        <translation>Der Download von %1 ist fehlgeschlagen: %2
Ohne Internet: siehe unten, was zu tun ist.</translation>
    </message>
    <message>
        <source>Choose the model files</source>
        <translation>Modelldateien wählen</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch-Checkpoints (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1: installed as %2</source>
        <translation>%1: als %2 installiert</translation>
    </message>
    <message>
        <source>%1: not installed: %2</source>
        <translation>%1: nicht installiert: %2</translation>
    </message>
</context>
</TS>
