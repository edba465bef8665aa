#pragma once
// Robust image loading for the pipeline, the CLI and the UI: every file gives
// either an 8-bit RGB image or an ImageLoadError that names the file and says why.
#include "imageio/imageheader.h"
#include "imageio/imageloaderror.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace dinosam {

/// Limits and switches for loadImage().
struct ImageLoadOptions
{
    /// Images with more pixels (width x height, from the header) are refused before decoding.
    /// 100 MP ~ 10000 x 10000: decoding a 16-bit RGBA image that size transiently needs ~0.8 GB,
    /// and the models work at <= 1024 px anyway. 0 disables the check (OpenCV's own 1 Gpx cap remains).
    int64_t maxPixels = 100'000'000;
    /// Files larger than this are refused before they are read (the whole file is read into memory).
    uint64_t maxFileBytes = uint64_t(1) << 30;
    /// Rotate/flip JPEG/PNG images as their EXIF orientation tag says (what every photo viewer does).
    bool applyExifOrientation = true;
};

/// How the file was stored and what loadImage() did to it.
struct ImageLoadInfo
{
    ImageFormat format = ImageFormat::Unknown;
    cv::Size storedSize;          ///< width x height as stored, before EXIF orientation
    int originalDepth = CV_8U;    ///< OpenCV depth of the decoded samples (CV_8U, CV_16U, CV_32F, ...)
    int originalChannels = 3;     ///< 1 gray, 2 gray+alpha, 3 colour, 4 colour+alpha (as decoded)
    int exifOrientation = 1;      ///< tag value found (1 = none)
    bool orientationApplied = false; ///< true when exifOrientation != 1 and it was applied
    bool alphaComposited = false; ///< the file had an alpha channel; it was composited on white
};

/// A decoded image ready for the pipeline.
struct LoadedImage
{
    cv::Mat rgb;        ///< CV_8UC3, RGB channel order (not OpenCV's BGR), continuous, owns its data
    ImageLoadInfo info;
};

/**
 * Loads an image file as 8-bit RGB.
 *
 * - Format is recognised from the content (PNG, JPEG, TIFF, BMP, WebP, PNM); the extension is ignored.
 * - The header is parsed first: images above options.maxPixels are refused before any pixel is decoded.
 * - 16-bit samples are scaled to 8 bits (v * 255 / 65535, rounded); float samples are taken as [0, 1].
 * - Grayscale becomes RGB (R = G = B).
 * - Alpha policy: **composited on white** (out = a * c + (1 - a) * 255). Transparent pixels of
 *   PNGs often hold arbitrary colours; white matches how viewers show them and keeps cut-out
 *   logos/objects separable from the background. info.alphaComposited reports it.
 * - CMYK/YCCK JPEGs are converted by libjpeg/OpenCV (Adobe inverted CMYK).
 * - EXIF orientation (2..8) from a JPEG APP1 segment or a PNG eXIf chunk is applied (OpenCV's
 *   IMREAD_UNCHANGED path would not do it). TIFF/WebP orientation tags are not applied.
 * - Very large images are refused (options.maxPixels), not downscaled: a silent IMREAD_REDUCED
 *   decode would change the coordinates of every exported mask.
 * - 1x1 images load fine; minimum sizes are the pipeline's decision.
 *
 * @throws ImageLoadError (what() = "<path>: <reason>") for missing files, directories, unreadable
 *         files (reason from errno, e.g. "Permission denied"), empty files, unknown content
 *         ("not an image ..."), truncated/corrupt data, too large images, unsupported sample types.
 * Thread-safe: no shared state (OpenCV decoders are reentrant).
 */
LoadedImage loadImage(const std::filesystem::path &path, const ImageLoadOptions &options = {});

/**
 * Reads a whole image file into memory, with loadImage()'s checks (exists, regular file,
 * readable, not empty, at most options.maxFileBytes). For callers that hash the bytes
 * before decoding them with decodeImage().
 * @throws ImageLoadError (Kind::TooLarge for the size limit).
 */
std::vector<unsigned char> readImageFile(const std::filesystem::path &path, const ImageLoadOptions &options = {});

/**
 * Same as loadImage() for an encoded image already in memory (drag-and-drop data, tests).
 * @param nameForErrors  used as ImageLoadError::path().
 */
LoadedImage decodeImage(std::span<const unsigned char> bytes, const std::filesystem::path &nameForErrors,
                        const ImageLoadOptions &options = {});

/// Applies an EXIF orientation (1..8) to an image of any type; returns a new Mat (or the input for 1).
cv::Mat applyExifOrientation(const cv::Mat &image, int orientation);

} // namespace dinosam
