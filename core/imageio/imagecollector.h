#pragma once
// Expands the image arguments of the CLI (and dropped paths in the UI) into a file list.
#include "imageio/imageloaderror.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// A file of a folder or pattern that collectImages() left out: an image DinoSam cannot read.
struct SkippedImage
{
    std::filesystem::path path;
    std::string reason; ///< unsupportedImageReason()
};

/// Options for collectImages().
struct ImageCollectOptions
{
    bool recursive = false; ///< descend into sub-folders of folder arguments
    /// When set, the files of a folder or pattern that are images in a format DinoSam cannot
    /// read (GIF, HEIC, ...: unsupportedImageReason()) are listed here, not left out unsaid.
    std::vector<SkippedImage> *skipped = nullptr;
};

/// Why a file with this extension is not read ("GIF is not supported (convert it to PNG; ...)"),
/// or "" when the extension is not that of a known image format DinoSam cannot read.
std::string unsupportedImageReason(const std::filesystem::path &path);

/// Lower-case extensions (with the dot) that folder listings and globs pick up:
/// .jpg .jpeg .jpe .png .tif .tiff .bmp .dib .webp .pbm .pgm .ppm .pnm
const std::vector<std::string> &supportedImageExtensions();

/// True when the path's extension is one of supportedImageExtensions(), case-insensitively.
bool hasSupportedImageExtension(const std::filesystem::path &path);

/// "Natural" order: digit runs compare by value (img2 < img10), the rest byte-wise.
bool naturalLess(const std::string &a, const std::string &b);

/**
 * Expands arguments into image files, in argument order, duplicates removed (first kept).
 *  - a regular file is taken as it is, whatever its extension (the loader checks the content);
 *  - a folder gives its files with a supported extension (case-insensitive), natural-sorted;
 *  - a pattern with `*` or `?` in its last component (e.g. `shots/img_??.JPG`, `*.png`) gives the
 *    matching files with a supported extension, natural-sorted; wildcards in folder parts are
 *    not supported. Matching is case-sensitive, like a POSIX shell.
 * @throws ImageLoadError naming the argument when it does not exist, a folder holds no image,
 *         a pattern matches no image, or a folder cannot be listed.
 * Thread-safe (reads the file system only).
 */
std::vector<std::filesystem::path> collectImages(const std::vector<std::string> &arguments,
                                                 const ImageCollectOptions &options = {});

/// Wildcard match of a whole name: `*` any run (also empty), `?` one character. Case-sensitive.
bool wildcardMatch(const std::string &pattern, const std::string &name);

} // namespace dinosam
