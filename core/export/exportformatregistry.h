#pragma once
// The list of export formats. The CLI's --format and the studio's export dialog are built from it.
#include "export/exportformat.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dinosam {

/// What the registry knows about a format without creating it.
struct ExportFormatInfo
{
    std::string id;
    std::string displayName;
    std::string filesDescription;
    unsigned capabilities = 0;
    bool defaultOn = false; ///< chosen when the user chooses nothing (CLI default, dialog's first use)
};

/**
 * The built-in formats, in the order the user sees them:
 *   seed     <name>_masks/, <name>_summary.txt, <name>_visualization.jpg (the original tool's layout)
 *   coco     coco.json for the whole batch (+ <name>_coco.json each with cocoPerImage)
 *   yolo     labels/<name>.txt, data.yaml, classes.txt
 *   labelme  <name>.json per image
 *   voc      SegmentationClass/<name>.png, SegmentationObject/<name>.png, labels.txt
 *   cutouts  <name>_cutouts/object_NNN.png
 *   overlay  <name>_overlay.png
 * Thread-safe (the list is immutable after start-up).
 */
class ExportFormatRegistry
{
public:
    using Factory = std::function<std::unique_ptr<ExportFormat>()>;

    /// The registry with the built-in formats.
    static const ExportFormatRegistry &instance();

    const std::vector<ExportFormatInfo> &formats() const { return m_infos; }
    std::vector<std::string> ids() const;
    bool contains(const std::string &id) const;
    /// A fresh instance (per-batch state), or nullptr for an unknown id.
    std::unique_ptr<ExportFormat> create(const std::string &id) const;
    /// The ids of the default formats.
    std::vector<std::string> defaultIds() const;

    /**
     * Parses a comma-separated list ("seed,coco", "all"; case-insensitive, spaces ignored,
     * "original" is an alias of "seed"). Duplicates are removed; the result follows registry order.
     * @throws std::invalid_argument naming the unknown entry and the known ids; also for an empty list.
     */
    std::vector<std::string> parseList(const std::string &list) const;

    /// Adds a format (e.g. from a plugin or a test). Not thread-safe: call before use.
    void add(ExportFormatInfo info, Factory factory);

private:
    ExportFormatRegistry();
    std::vector<ExportFormatInfo> m_infos;
    std::vector<Factory> m_factories;
};

} // namespace dinosam
