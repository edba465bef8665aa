<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>dinosam::ui::AboutDialog</name>
    <message>
        <source>About DinoSam Studio</source>
        <translation>关于 DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;Prompt-free object segmentation: DINOv2 finds the salient objects, SAM2 draws their masks.&lt;/p&gt;&lt;h3&gt;Licence&lt;/h3&gt;&lt;p&gt;DinoSam Studio is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version (&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;). It links QCustomPlot, which is licensed under the GPL-3.0, so the application as a whole is distributed under the GPL.&lt;/p&gt;&lt;h3&gt;Third-party components&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2: LGPL-3.0 (The Qt Company and contributors)&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;: GPL-3.0 (Emanuel Eichhammer)&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt; (PyTorch C++): BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;: Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; code and weights (Meta AI): Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;The model weights are not part of this program; they are downloaded from Meta&apos;s servers on request.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;DinoSam Studio %1&lt;/h2&gt;&lt;p&gt;无需提示的目标分割：DINOv2 找出显著目标，SAM2 绘制其掩码。&lt;/p&gt;&lt;h3&gt;许可证&lt;/h3&gt;&lt;p&gt;DinoSam Studio 是自由软件：您可以依据自由软件基金会发布的 GNU 通用公共许可证第 3 版或（由您选择）任何更高版本（&lt;b&gt;GPL-3.0-or-later&lt;/b&gt;）的条款重新分发和/或修改它。它链接了采用 GPL-3.0 许可的 QCustomPlot，因此整个应用程序以 GPL 分发。&lt;/p&gt;&lt;h3&gt;第三方组件&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Qt&lt;/b&gt; %2：LGPL-3.0（The Qt Company 及贡献者）&lt;/li&gt;&lt;li&gt;&lt;b&gt;QCustomPlot&lt;/b&gt;：GPL-3.0（Emanuel Eichhammer）&lt;/li&gt;&lt;li&gt;&lt;b&gt;LibTorch&lt;/b&gt;（PyTorch C++）：BSD-3-Clause&lt;/li&gt;&lt;li&gt;&lt;b&gt;OpenCV&lt;/b&gt;：Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;DINOv2&lt;/b&gt; 代码与权重（Meta AI）：Apache-2.0&lt;/li&gt;&lt;li&gt;&lt;b&gt;SAM2&lt;/b&gt; 代码与权重（Meta AI）：Apache-2.0&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;模型权重不属于本程序；它们会按需从 Meta 的服务器下载。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportController</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>请先打开一张图像。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) exported, %1 files written.</source>
        <translation>
            <numerusform>已导出 %n 张图像，写入 %1 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) failed:</source>
        <translation>
            <numerusform>%n 张图像失败：</numerusform>
        </translation>
    </message>
    <message>
        <source>The export stopped: %1</source>
        <translation>导出已停止：%1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ExportDialog</name>
    <message>
        <source>The image being shown, with its edits</source>
        <translation>当前显示的图像（含编辑）</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message numerus="yes">
        <source>All %n images in the browser (each is segmented with the current settings)</source>
        <translation>
            <numerusform>浏览器中的全部 %n 张图像（每张都按当前设置分割）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::FindSimilarPanel</name>
    <message>
        <source>%1 / 1 image</source>
        <translation>%1 / 1 张图像</translation>
    </message>
    <message>
        <source>%1 / %2 images</source>
        <translation>%1 / %2 张图像</translation>
    </message>
    <message>
        <source>, about %1 s left</source>
        <translation>，剩余约 %1 秒</translation>
    </message>
    <message>
        <source>, about %1 min left</source>
        <translation>，剩余约 %1 分钟</translation>
    </message>
    <message>
        <source>, about %1 h %2 min left</source>
        <translation>，剩余约 %1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Select an object, then find the objects like it. What is found is a suggestion until you accept it.</source>
        <translation>选择一个对象，然后查找与之相似的对象。找到的结果在您接受之前都只是建议。</translation>
    </message>
    <message>
        <source>&amp;Similarity threshold</source>
        <translation>相似度阈值(&amp;S)</translation>
    </message>
    <message>
        <source>How alike (DINOv2 features, 0-1) a region must be to the example.</source>
        <translation>区域与示例需达到的相似程度（DINOv2 特征，0-1）。</translation>
    </message>
    <message>
        <source>Maximum &amp;instances per image</source>
        <translation>每张图像的最大实例数(&amp;I)</translation>
    </message>
    <message>
        <source>Minimum area (pixels)</source>
        <translation>最小面积（像素）</translation>
    </message>
    <message>
        <source>Find in This Image</source>
        <translation>在此图像中查找</translation>
    </message>
    <message>
        <source>Find in All Images</source>
        <translation>在所有图像中查找</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Accept All Images</source>
        <translation>接受所有图像中的建议</translation>
    </message>
    <message>
        <source>Reject All Images</source>
        <translation>拒绝所有图像中的建议</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HelpDialog</name>
    <message>
        <source>Getting Started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Getting started&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;Open an image or a folder (File ▸ Open, or drop files on the window).&lt;/li&gt;&lt;li&gt;DinoSam finds the salient objects and draws their masks: the original, the attention heat-map with the regions found, and the masks, side by side.&lt;/li&gt;&lt;li&gt;Tune the detection with the sliders on the right: the attention threshold, the number of objects and the minimum area. The masks follow at once.&lt;/li&gt;&lt;li&gt;Edit the objects: select them in the list or on the masks (Ctrl+click for several), delete or merge them; add a positive or negative point or draw a box to re-segment one (nothing selected: a new object). Every edit can be undone.&lt;/li&gt;&lt;li&gt;Export masks, COCO annotations, cut-outs and overlays with File ▸ Export.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;h2&gt;入门&lt;/h2&gt;&lt;ol&gt;&lt;li&gt;打开一张图像或一个文件夹（文件 ▸ 打开，或将文件拖到窗口上）。&lt;/li&gt;&lt;li&gt;DinoSam 找到显著对象并绘制其掩码：原图、带检测区域的注意力热图和掩码并排显示。&lt;/li&gt;&lt;li&gt;用右侧的滑块调整检测：注意力阈值、对象数量和最小面积。掩码会立即更新。&lt;/li&gt;&lt;li&gt;编辑对象：在列表或掩码上选择（Ctrl+单击可多选），删除或合并；添加正点或负点，或画框重新分割某个对象（未选择时：新建对象）。每次编辑都可以撤销。&lt;/li&gt;&lt;li&gt;通过 文件 ▸ 导出 导出掩码、COCO 标注、抠图和叠加图。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keyboard shortcuts&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;键盘快捷键&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Mouse wheel: zoom at the cursor. Drag: pan (navigate tool).&lt;/p&gt;</source>
        <translation>&lt;p&gt;鼠标滚轮：以光标为中心缩放。拖动：平移（导航工具）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;More in the &lt;a href=&quot;%1&quot;&gt;documentation&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;更多内容见&lt;a href=&quot;%1&quot;&gt;文档&lt;/a&gt;。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::HistogramPlot</name>
    <message>
        <source>Attention (normalised)</source>
        <translation>注意力（归一化）</translation>
    </message>
    <message>
        <source>Similarity to the example (cosine)</source>
        <translation>与示例的相似度（余弦）</translation>
    </message>
    <message>
        <source>Pixels (%)</source>
        <translation>像素 (%)</translation>
    </message>
    <message>
        <source>Drag the red line to change the threshold</source>
        <translation>拖动红线以更改阈值</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImageBrowser</name>
    <message>
        <source>GIF is not supported (convert it to PNG; for an animation, export its frames)</source>
        <translation>不支持 GIF（请转换为 PNG；动画请导出其各帧）</translation>
    </message>
    <message>
        <source>%1 images are not supported (convert them to PNG or JPEG)</source>
        <translation>不支持 %1 图像（请转换为 PNG 或 JPEG）</translation>
    </message>
    <message>
        <source>%1 (skipped)</source>
        <translation>%1（已跳过）</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <source>Show all images</source>
        <translation>显示所有图像</translation>
    </message>
    <message>
        <source>Show images not started</source>
        <translation>显示尚未开始的图像</translation>
    </message>
    <message>
        <source>Show annotated images</source>
        <translation>显示已标注的图像</translation>
    </message>
    <message>
        <source>Show edited images</source>
        <translation>显示已编辑的图像</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ImportController</name>
    <message>
        <source>Open the image folder first: annotations are imported into its project.</source>
        <translation>请先打开图像文件夹：标注会导入到它的项目中。</translation>
    </message>
    <message>
        <source>Import Annotations</source>
        <translation>导入标注</translation>
    </message>
    <message>
        <source>labelme or COCO JSON (*.json);;All files (*)</source>
        <translation>labelme 或 COCO JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n object(s)</source>
        <translation>
            <numerusform>已导入 %n 个对象，</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>into %n image(s).</source>
        <translation>
            <numerusform>分布在 %n 张图像中。</numerusform>
        </translation>
    </message>
    <message>
        <source>The annotations cannot be written: %1</source>
        <translation>无法写入标注：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) or file(s) could not be imported (see the details).</source>
        <translation>
            <numerusform>%n 条记录或文件无法导入（见详细信息）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::InferenceWorker</name>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>frame %1</source>
        <translation>第 %1 帧</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelController</name>
    <message>
        <source>Label for &amp;new objects:</source>
        <translation>新对象的标签(&amp;N)：</translation>
    </message>
    <message>
        <source>Automatic objects and objects added with a prompt get this label; type a new name to create a label.</source>
        <translation>自动对象和通过提示添加的对象会获得此标签；输入新名称即可创建标签。</translation>
    </message>
    <message>
        <source>The label for new objects needs a name.</source>
        <translation>新对象的标签需要一个名称。</translation>
    </message>
    <message>
        <source>New objects are labelled %1.</source>
        <translation>新对象的标签为 %1。</translation>
    </message>
    <message>
        <source>No label has the key %1 yet: type a label in the object list first.</source>
        <translation>还没有标签使用按键 %1：请先在对象列表中输入标签。</translation>
    </message>
    <message>
        <source>Select objects to label them %1.</source>
        <translation>请选择对象，为其添加标签 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Labels changed on %n object(s) of the open images and in the saved annotations.</source>
        <translation>
            <numerusform>已更改打开图像中 %n 个对象及已保存标注中的标签。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LabelEditorDialog</name>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Edit Labels</source>
        <translation>编辑标签</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Click a colour to change it; double-click a name to rename the label on every object.</source>
        <translation>单击颜色可更改颜色；双击名称可在所有对象上重命名该标签。</translation>
    </message>
    <message>
        <source>Click to choose the colour</source>
        <translation>单击以选择颜色</translation>
    </message>
    <message>
        <source>The label for new objects</source>
        <translation>新对象的标签</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A label needs a name.</source>
        <translation>标签需要一个名称。</translation>
    </message>
    <message>
        <source>There is a label %1 already.</source>
        <translation>已存在标签 %1。</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>%1 的颜色</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>%1 is the label for new objects: choose another one for new objects before deleting it.</source>
        <translation>%1 是新对象的标签：删除前请先为新对象选择其他标签。</translation>
    </message>
    <message>
        <source>Delete Label</source>
        <translation>删除标签</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) are labelled %1. Delete the label? They get the label for new objects, %2.</source>
        <translation>
            <numerusform>有 %n 个对象的标签为 %1。删除该标签吗？这些对象将改用新对象的标签 %2。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::LockController</name>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to delete them (nothing deleted).</source>
        <translation>
            <numerusform>所选对象中有 %n 个已锁定：请先解锁再删除（未删除任何对象）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected object(s) locked: unlock them to merge them.</source>
        <translation>
            <numerusform>所选对象中有 %n 个已锁定：请先解锁再合并。</numerusform>
        </translation>
    </message>
    <message>
        <source>Select objects to lock them.</source>
        <translation>请选择要锁定的对象。</translation>
    </message>
    <message>
        <source>Select objects to unlock them.</source>
        <translation>请选择要解锁的对象。</translation>
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
        <translation>撤销 (%1)</translation>
    </message>
    <message>
        <source>Redo (%1)</source>
        <translation>重做 (%1)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Attention histogram</source>
        <translation>注意力直方图</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Stage times</source>
        <translation>各阶段耗时</translation>
    </message>
    <message>
        <source>Similarity histogram</source>
        <translation>相似度直方图</translation>
    </message>
    <message>
        <source>Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here.</source>
        <translation>打开图像或文件夹（Ctrl+O、Ctrl+Shift+O），或将文件拖放到此处。</translation>
    </message>
    <message>
        <source>No images in %1</source>
        <translation>%1 中没有图像</translation>
    </message>
    <message>
        <source>Segmenting %1…</source>
        <translation>正在分割 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s)</source>
        <translation>
            <numerusform>%1：%n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not segment %1:
%2</source>
        <translation>无法分割 %1：
%2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Error in %1: %2</source>
        <translation>%1 出错：%2</translation>
    </message>
    <message>
        <source>Cancelled. Change a setting or pick the image again to restart.</source>
        <translation>已取消。更改设置或重新选择图像即可重新开始。</translation>
    </message>
    <message>
        <source>Click to add a point to the selected object (no selection: a new object).</source>
        <translation>单击为所选对象添加点（未选择时：新建对象）。</translation>
    </message>
    <message>
        <source>Drag a box around the object to re-segment it (no selection: a new object).</source>
        <translation>在对象周围拖出一个框以重新分割（未选择时：新建对象）。</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>Undo %1 (%2)</source>
        <translation>撤销 %1 (%2)</translation>
    </message>
    <message>
        <source>Redo %1 (%2)</source>
        <translation>重做 %1 (%2)</translation>
    </message>
    <message>
        <source>Attention histogram (not used by spectral discovery)</source>
        <translation>注意力直方图（谱方法发现不使用）</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s), edited</source>
        <translation>
            <numerusform>%1：%n 个对象，已编辑</numerusform>
        </translation>
    </message>
    <message>
        <source>A model could not be used, so no image is segmented:
%1
Choose another file in Edit ▸ Settings (Ctrl+,).</source>
        <translation>有一个模型无法使用，因此不分割任何图像：
%1
请在 编辑 ▸ 设置 (Ctrl+,) 中选择其他文件。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (not a supported image): %1</source>
        <translation>
            <numerusform>已跳过 %n 个文件（不支持的图像）：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped %1</source>
        <translation>已跳过 %1</translation>
    </message>
    <message>
        <source>A model could not be used; see the message above the images.</source>
        <translation>有一个模型无法使用；请查看图像上方的提示。</translation>
    </message>
    <message>
        <source>%1: spectral discovery (normalised cut) takes a few seconds…</source>
        <translation>%1：谱方法发现（归一化割）需要几秒钟…</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, click an object to select it (Ctrl+click: several).</source>
        <translation>拖动以平移，滚轮缩放，单击对象将其选中（Ctrl+单击：多选）。</translation>
    </message>
    <message>
        <source>The models are not ready, so images cannot be segmented yet.
%1
Use Help ▸ Set Up Models… to download them, or choose the files in Edit ▸ Settings (Ctrl+,).</source>
        <translation>模型尚未就绪，暂时无法分割图像。
%1
请通过 帮助 ▸ 设置模型… 下载模型，或在 编辑 ▸ 设置 (Ctrl+,) 中选择文件。</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>标注</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ModelFileRow</name>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <source>%1 is a %2 checkpoint, %3, not %4: choose it as the %2 model.</source>
        <translation>%1 是 %2 检查点：%3，不是 %4。请将它选为 %2 模型。</translation>
    </message>
    <message>
        <source>%1 is %2, not %3.</source>
        <translation>%1 是 %2，不是 %3。</translation>
    </message>
    <message>
        <source>Use as %1</source>
        <translation>用作 %1</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>%1 in the model folder</source>
        <translation>模型文件夹中的 %1</translation>
    </message>
    <message>
        <source>Found: %1 (%2 MB)</source>
        <translation>已找到：%1（%2 MB）</translation>
    </message>
    <message>
        <source>Missing: %1. Download it, or choose the file with Browse.</source>
        <translation>缺失：%1。请下载，或用“浏览”选择文件。</translation>
    </message>
    <message>
        <source>Checkpoint for %1</source>
        <translation>%1 的检查点</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>正在下载 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 is installed.
SHA-256: %2
%3</source>
        <translation>%1 已安装。
SHA-256：%2
%3</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <source>The SHA-256 differs from the published one (%1).</source>
        <translation>SHA-256 与发布值不一致（%1）。</translation>
    </message>
    <message>
        <source>Matches the published SHA-256.</source>
        <translation>与发布的 SHA-256 一致。</translation>
    </message>
    <message>
        <source>No published SHA-256 to compare with.</source>
        <translation>没有可供比较的已发布 SHA-256。</translation>
    </message>
    <message>
        <source>%1
SHA-256: %2
%3</source>
        <translation>%1
SHA-256：%2
%3</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ObjectListWidget</name>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>SAM2 得分</translation>
    </message>
    <message>
        <source>DINOv2 conf.</source>
        <translation>DINOv2 置信度</translation>
    </message>
    <message>
        <source>Area (px)</source>
        <translation>面积（像素）</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>对象 %1</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Lock: a locked object is kept when the parameters change and cannot be deleted, merged or re-segmented until unlocked.</source>
        <translation>锁定：参数更改时保留锁定的对象；解锁前不能删除、合并或重新分割。</translation>
    </message>
    <message>
        <source>Suggestion %1</source>
        <translation>建议 %1</translation>
    </message>
    <message>
        <source>Double-click or press F2 to label; with several rows selected, the label goes to all of them.</source>
        <translation>双击或按 F2 添加标签；选中多行时，标签应用于所有选中的行。</translation>
    </message>
    <message>
        <source>Locked: kept, and not deleted, merged or re-segmented. Click to unlock.</source>
        <translation>已锁定：保留，且不会被删除、合并或重新分割。单击以解锁。</translation>
    </message>
    <message>
        <source>Click to lock.</source>
        <translation>单击以锁定。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ParameterPanel</name>
    <message>
        <source>Attention &amp;threshold</source>
        <translation>注意力阈值(&amp;T)</translation>
    </message>
    <message>
        <source>Attention values above this fraction of the maximum form regions</source>
        <translation>高于最大值此比例的注意力值构成区域</translation>
    </message>
    <message>
        <source>&amp;Number of objects</source>
        <translation>对象数量(&amp;N)</translation>
    </message>
    <message>
        <source>Keep at most this many objects</source>
        <translation>最多保留这么多对象</translation>
    </message>
    <message>
        <source>&amp;Minimum area (pixels)</source>
        <translation>最小面积（像素）(&amp;M)</translation>
    </message>
    <message>
        <source>Drop regions and masks smaller than this</source>
        <translation>丢弃小于此值的区域和掩码</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>框</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Box and point</source>
        <translation>框和点</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Spectral (normalised cut)</source>
        <translation>谱方法（归一化割）</translation>
    </message>
    <message>
        <source>&amp;Prompt type</source>
        <translation>提示类型(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Discovery</source>
        <translation>发现方法(&amp;D)</translation>
    </message>
    <message>
        <source>DINOv2 model</source>
        <translation>DINOv2 模型</translation>
    </message>
    <message>
        <source>SAM2 model</source>
        <translation>SAM2 模型</translation>
    </message>
    <message>
        <source>Remove small holes and specks</source>
        <translation>去除小孔和斑点</translation>
    </message>
    <message>
        <source>Attention threshold (not used by spectral discovery)</source>
        <translation>注意力阈值（谱方法发现不使用）</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ProjectAutosave</name>
    <message>
        <source>%1 cannot be created or written.</source>
        <translation>无法创建或写入 %1。</translation>
    </message>
    <message>
        <source>The saved annotation of %1 cannot be read (kept as %2); the image is segmented again.</source>
        <translation>无法读取 %1 的已保存标注（已保留为 %2）；将重新分割该图像。</translation>
    </message>
    <message>
        <source>Annotations cannot be saved in %1: %2. Your work stays open and is saved as soon as it can be.</source>
        <translation>无法在 %1 中保存标注：%2。您的工作仍保持打开，并会在可以保存时立即保存。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::PromptEditor</name>
    <message>
        <source>Re-segmenting with SAM2…</source>
        <translation>正在用 SAM2 重新分割…</translation>
    </message>
    <message>
        <source>Object updated (score %1).</source>
        <translation>对象已更新（得分 %1）。</translation>
    </message>
    <message>
        <source>Object %1 is locked: unlock it to re-segment it (with nothing selected, a prompt adds a new object).</source>
        <translation>对象 %1 已锁定：请先解锁再重新分割（未选择对象时，提示会添加新对象）。</translation>
    </message>
    <message>
        <source>The object was locked meanwhile: it is kept as it was.</source>
        <translation>该对象在此期间已被锁定：保持原样。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ScorePlot</name>
    <message>
        <source>DINOv2 confidence</source>
        <translation>DINOv2 置信度</translation>
    </message>
    <message>
        <source>SAM2 score</source>
        <translation>SAM2 得分</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SegmentationDocument</name>
    <message>
        <source>Delete object</source>
        <translation>删除对象</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n objects</source>
        <translation>
            <numerusform>删除 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merge %n objects</source>
        <translation>
            <numerusform>合并 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>Show object</source>
        <translation>显示对象</translation>
    </message>
    <message>
        <source>Hide object</source>
        <translation>隐藏对象</translation>
    </message>
    <message>
        <source>Refine object</source>
        <translation>细化对象</translation>
    </message>
    <message>
        <source>Add object</source>
        <translation>添加对象</translation>
    </message>
    <message>
        <source>New automatic objects</source>
        <translation>新的自动对象</translation>
    </message>
    <message numerus="yes">
        <source>Lock %n object(s)</source>
        <translation>
            <numerusform>锁定 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlock %n object(s)</source>
        <translation>
            <numerusform>解锁 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rename labels of %n object(s)</source>
        <translation>
            <numerusform>重命名 %n 个对象的标签</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Label %n object(s) %1</source>
        <translation>
            <numerusform>将 %n 个对象标为 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Find similar: %n suggestion(s)</source>
        <translation>
            <numerusform>查找相似：%n 条建议</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n suggestion(s)</source>
        <translation>
            <numerusform>接受 %n 条建议</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation>
            <numerusform>拒绝 %n 条建议</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SettingsDialog</name>
    <message>
        <source>The installed models of this kind; the one chosen is used for every image</source>
        <translation>此类已安装的模型；所选模型用于每张图像</translation>
    </message>
    <message>
        <source>DINOv2 model:</source>
        <translation>DINOv2 模型：</translation>
    </message>
    <message>
        <source>SAM2 model:</source>
        <translation>SAM2 模型：</translation>
    </message>
    <message>
        <source>%1, not installed</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Model files</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>模型文件夹：</translation>
    </message>
    <message>
        <source>The official checkpoints are downloaded from Meta&apos;s servers (dl.fbaipublicfiles.com) and checked before use.</source>
        <translation>官方检查点从 Meta 的服务器（dl.fbaipublicfiles.com）下载，并在使用前校验。</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Computation</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Cache size:</source>
        <translation>缓存大小：</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA, where LibTorch has it)</source>
        <translation>GPU（CUDA，需 LibTorch 支持）</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>The shorter side of the image DINOv2 sees (a multiple of 14): larger finds smaller objects, slower</source>
        <translation>DINOv2 所见图像的短边（14 的倍数）：越大越能发现小物体，但更慢</translation>
    </message>
    <message>
        <source>DINOv2 input size:</source>
        <translation>DINOv2 输入尺寸：</translation>
    </message>
    <message>
        <source>A mask overlapping a better one by more than this IoU is dropped as a duplicate</source>
        <translation>与更好的掩码重叠超过此 IoU 的掩码将作为重复项丢弃</translation>
    </message>
    <message>
        <source>Duplicate overlap (IoU):</source>
        <translation>重复重叠 (IoU)：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>RLE counts (exact, default)</source>
        <translation>RLE 计数（精确，默认）</translation>
    </message>
    <message>
        <source>RLE string (exact, compact, pycocotools)</source>
        <translation>RLE 字符串（精确，紧凑，pycocotools）</translation>
    </message>
    <message>
        <source>Polygons (outlines; holes are lost)</source>
        <translation>多边形（轮廓；孔洞会丢失）</translation>
    </message>
    <message>
        <source>COCO shapes:</source>
        <translation>COCO 形状：</translation>
    </message>
    <message>
        <source>Polygon tolerance:</source>
        <translation>多边形容差：</translation>
    </message>
    <message>
        <source>JPEG quality:</source>
        <translation>JPEG 质量：</translation>
    </message>
    <message>
        <source>Keep image features on disk (reopened images need no encoder run)</source>
        <translation>将图像特征保存在磁盘上（重新打开的图像无需再运行编码器）</translation>
    </message>
    <message>
        <source>Default: ~/.cache/dinosam/features (as the command line)</source>
        <translation>默认：~/.cache/dinosam/features（与命令行相同）</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Feature Cache Folder</source>
        <translation>特征缓存文件夹</translation>
    </message>
    <message>
        <source>Disk cache:</source>
        <translation>磁盘缓存：</translation>
    </message>
    <message>
        <source>Disk Cache</source>
        <translation>磁盘缓存</translation>
    </message>
    <message>
        <source>The feature cache folder %1 cannot be created. Choose another folder or turn the disk cache off.</source>
        <translation>无法创建特征缓存文件夹 %1。请选择其他文件夹，或关闭磁盘缓存。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::SimilarController</name>
    <message>
        <source>Find similar failed: %1</source>
        <translation>查找相似失败：%1</translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation>查找相似</translation>
    </message>
    <message>
        <source>Select the example object first (click it, or pick it in the object list).</source>
        <translation>请先选择示例对象（单击它，或在对象列表中选取）。</translation>
    </message>
    <message numerus="yes">
        <source>Searching %n image(s)…</source>
        <translation>
            <numerusform>正在搜索 %n 张图像…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n suggestion(s) so far.</source>
        <translation>
            <numerusform>已取消：目前共有 %n 条建议。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s); %1 image(s) failed, e.g. %2: %3</source>
        <translation>
            <numerusform>%n 条建议；%1 张图像失败，例如 %2：%3</numerusform>
        </translation>
    </message>
    <message>
        <source>No suggestions open.</source>
        <translation>没有待处理的建议。</translation>
    </message>
    <message numerus="yes">
        <source>%n suggestion(s) in this image</source>
        <translation>
            <numerusform>此图像中有 %n 条建议</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n in %1 other image(s)</source>
        <translation>
            <numerusform>，其他 %1 张图像中有 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StoreFolderController</name>
    <message>
        <source>Annotations</source>
        <translation>标注</translation>
    </message>
    <message>
        <source>Choose another folder for this folder&apos;s annotations, or close this message and export your work.</source>
        <translation>请为此文件夹的标注选择另一个文件夹，或关闭此消息并导出您的工作。</translation>
    </message>
    <message>
        <source>Choose Another Folder…</source>
        <translation>选择其他文件夹…</translation>
    </message>
    <message>
        <source>Folder for the Annotations</source>
        <translation>标注文件夹</translation>
    </message>
    <message>
        <source>Annotations of this folder are now saved in %1.</source>
        <translation>此文件夹的标注现在保存在 %1 中。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioActions</name>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Next Image</source>
        <translation>下一张图像(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Image</source>
        <translation>上一张图像(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Select &amp;All Objects</source>
        <translation>选择全部对象(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete Object</source>
        <translation>删除对象(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Merge Objects</source>
        <translation>合并对象(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Cancel Computation</source>
        <translation>取消计算(&amp;C)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Pixels (100 %)</source>
        <translation>实际像素 (100 %)(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Getting Started and Shortcuts</source>
        <translation>入门与快捷键(&amp;G)</translation>
    </message>
    <message>
        <source>Set Up &amp;Models…</source>
        <translation>设置模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;About DinoSam Studio</source>
        <translation>关于 DinoSam Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Navigate and Select</source>
        <translation>浏览和选择(&amp;N)</translation>
    </message>
    <message>
        <source>Add &amp;Positive Point</source>
        <translation>添加正向点(&amp;P)</translation>
    </message>
    <message>
        <source>Add N&amp;egative Point</source>
        <translation>添加负向点(&amp;E)</translation>
    </message>
    <message>
        <source>Draw &amp;Box</source>
        <translation>绘制框(&amp;B)</translation>
    </message>
    <message>
        <source>Open &amp;Video…</source>
        <translation>打开视频(&amp;V)…</translation>
    </message>
    <message>
        <source>Open Frame Folder as Vi&amp;deo…</source>
        <translation>将帧文件夹作为视频打开(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Import Annotations…</source>
        <translation>导入标注(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Lock Objects</source>
        <translation>锁定对象(&amp;L)</translation>
    </message>
    <message>
        <source>U&amp;nlock Objects</source>
        <translation>解锁对象(&amp;N)</translation>
    </message>
    <message>
        <source>Edit &amp;Labels…</source>
        <translation>编辑标签(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Play / Pause</source>
        <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;revious Frame</source>
        <translation>上一帧(&amp;R)</translation>
    </message>
    <message>
        <source>N&amp;ext Frame</source>
        <translation>下一帧(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Discover on This Frame</source>
        <translation>在此帧上发现(&amp;D)</translation>
    </message>
    <message>
        <source>Propagate &amp;Backward</source>
        <translation>反向传播(&amp;B)</translation>
    </message>
    <message>
        <source>Propagate &amp;Forward</source>
        <translation>正向传播(&amp;F)</translation>
    </message>
    <message>
        <source>E&amp;xport Tracks…</source>
        <translation>导出轨迹(&amp;X)…</translation>
    </message>
    <message>
        <source>Colour Masks by &amp;Label</source>
        <translation>按标签为掩码着色(&amp;L)</translation>
    </message>
    <message>
        <source>Label the Selection with Label %1</source>
        <translation>为所选对象添加标签 %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::StudioStatusBar</name>
    <message>
        <source>decoding the image</source>
        <translation>解码图像</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>SAM2 编码器</translation>
    </message>
    <message>
        <source>discovery</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>SAM2 解码器</translation>
    </message>
    <message>
        <source>post-processing</source>
        <translation>后处理</translation>
    </message>
    <message>
        <source>DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms</source>
        <translation>DINOv2 %1 毫秒 · SAM2 编码 %2 毫秒 · 发现 %3 毫秒 · SAM2 解码 %4 毫秒 · 总计 %5 毫秒</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::ThreePanelView</name>
    <message>
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <source>Discovery map</source>
        <translation>发现图</translation>
    </message>
    <message>
        <source>Similarity map</source>
        <translation>相似度图</translation>
    </message>
    <message>
        <source>Masks</source>
        <translation>掩码</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::TimingPlot</name>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>DINOv2</source>
        <translation>DINOv2</translation>
    </message>
    <message>
        <source>SAM2 encoder</source>
        <translation>SAM2 编码器</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>SAM2 decoder</source>
        <translation>SAM2 解码器</translation>
    </message>
    <message>
        <source>Post-process</source>
        <translation>后处理</translation>
    </message>
    <message>
        <source>Milliseconds (0 = cached)</source>
        <translation>毫秒（0 = 已缓存）</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoController</name>
    <message>
        <source>&amp;Video</source>
        <translation>视频(&amp;V)</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>帧 %1 / %2</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>The models are not ready:
%1</source>
        <translation>模型尚未就绪：
%1</translation>
    </message>
    <message>
        <source>Open Frame Folder as Video</source>
        <translation>将帧文件夹作为视频打开</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;All files (*)</source>
        <translation>视频 (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n frame(s). Discover objects on a frame (Ctrl+D), then propagate (Ctrl+→).</source>
        <translation>
            <numerusform>%1：%n 帧。先在某一帧上发现对象（Ctrl+D），再进行传播（Ctrl+→）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Discovering objects on frame %1…</source>
        <translation>正在第 %1 帧上发现对象…</translation>
    </message>
    <message>
        <source>Tracking backward from frame %1…</source>
        <translation>正在从第 %1 帧反向跟踪…</translation>
    </message>
    <message>
        <source>Tracking forward from frame %1…</source>
        <translation>正在从第 %1 帧正向跟踪…</translation>
    </message>
    <message>
        <source>Adding the object… click again when it is shown.</source>
        <translation>正在添加对象… 显示后请再次单击。</translation>
    </message>
    <message>
        <source>Correcting object %1 on frame %2, then tracking again from there…</source>
        <translation>正在第 %2 帧上修正对象 %1，然后从该帧重新跟踪…</translation>
    </message>
    <message>
        <source>Adding an object on frame %1, then tracking it from there…</source>
        <translation>正在第 %1 帧上添加对象，然后从该帧开始跟踪…</translation>
    </message>
    <message>
        <source>Exporting the tracks to %1…</source>
        <translation>正在将轨迹导出到 %1…</translation>
    </message>
    <message>
        <source>Export Tracks To</source>
        <translation>导出轨迹到</translation>
    </message>
    <message>
        <source>Cancelled; the frames tracked so far are kept.</source>
        <translation>已取消；已跟踪的帧会保留。</translation>
    </message>
    <message numerus="yes">
        <source>Discovery: %n object(s) found, %1 new track(s). Propagate to track them.</source>
        <translation>
            <numerusform>发现：找到 %n 个对象，%1 条新轨迹。进行传播即可跟踪它们。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n frame(s); they are kept.</source>
        <translation>
            <numerusform>在 %n 帧后停止；这些帧会保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s).</source>
        <translation>
            <numerusform>已跟踪 %n 帧。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tracked %n frame(s), then stopped: %1</source>
        <translation>
            <numerusform>已跟踪 %n 帧，随后停止：%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported the tracks of %n object(s): %1</source>
        <translation>
            <numerusform>已导出 %n 个对象的轨迹：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Could not open the video for tracking:
%1</source>
        <translation>无法打开视频进行跟踪：
%1</translation>
    </message>
    <message>
        <source>Frame %1 cannot be read:
%2</source>
        <translation>无法读取第 %1 帧：
%2</translation>
    </message>
    <message>
        <source>Frame %1 (no discovery yet)</source>
        <translation>第 %1 帧（尚未发现）</translation>
    </message>
    <message>
        <source>Discovery map of frame %1</source>
        <translation>第 %1 帧的发现图</translation>
    </message>
    <message>
        <source>Tracked masks of frame %1</source>
        <translation>第 %1 帧的跟踪掩码</translation>
    </message>
    <message>
        <source>Object %1</source>
        <translation>对象 %1</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::VideoPanel</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Click or drag to go to a frame. Coloured bars: where each object is tracked; grey: frames tracked; marks: frames discovery ran on.</source>
        <translation>单击或拖动以跳转到某一帧。彩色条：各对象被跟踪的位置；灰色：已跟踪的帧；标记：运行过发现的帧。</translation>
    </message>
</context>
<context>
    <name>dinosam::ui::WelcomeDialog</name>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>Welcome to DinoSam Studio</source>
        <translation>欢迎使用 DinoSam Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome to DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam finds the objects in your images without being told where they are. It needs two model files from Meta: &lt;b&gt;DINOv2&lt;/b&gt; finds the objects, &lt;b&gt;SAM2&lt;/b&gt; draws their masks. They are downloaded once into your model folder and checked before use.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 DinoSam Studio&lt;/h2&gt;&lt;p&gt;DinoSam 无需告知位置即可找到图像中的对象。它需要 Meta 的两个模型文件：&lt;b&gt;DINOv2&lt;/b&gt; 负责找到对象，&lt;b&gt;SAM2&lt;/b&gt; 负责绘制掩码。它们只需下载一次到模型文件夹，并在使用前校验。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>I have the files…</source>
        <translation>我已有这些文件…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>&lt;p&gt;Recommended for a start (fast on any computer):&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</source>
        <translation>&lt;p&gt;推荐入门组合（在任何电脑上都很快）：&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Cancel Download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download (%1)</source>
        <translation>下载 (%1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No internet on this computer?&lt;/b&gt; Download these files elsewhere:&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;Then copy them into &lt;code&gt;%2&lt;/code&gt;, or choose them with “I have the files…”. On the command line: &lt;code&gt;dinosam models install FILE&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;这台电脑无法联网？&lt;/b&gt;请在别处下载这些文件：&lt;/p&gt;&lt;ul&gt;%1&lt;/ul&gt;&lt;p&gt;然后将其复制到 &lt;code&gt;%2&lt;/code&gt;，或通过“我已有这些文件…”选择。命令行：&lt;code&gt;dinosam models install 文件&lt;/code&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Both models are installed. Click Start.</source>
        <translation>两个模型均已安装。请点击“开始”。</translation>
    </message>
    <message>
        <source>The download could not start: %1</source>
        <translation>下载无法开始：%1</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>正在下载 %1…</translation>
    </message>
    <message>
        <source>The download of %1 failed: %2
Without internet, see below what to do.</source>
        <translation>%1 下载失败：%2
如无法联网，请参阅下方说明。</translation>
    </message>
    <message>
        <source>Choose the model files</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1: installed as %2</source>
        <translation>%1：已安装为 %2</translation>
    </message>
    <message>
        <source>%1: not installed: %2</source>
        <translation>%1：未安装：%2</translation>
    </message>
</context>
</TS>
