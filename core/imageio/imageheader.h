#pragma once
// Reads an image's format and size from its first bytes, without decoding
// pixels, so that huge or bogus files are refused before OpenCV allocates.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace dinosam {

/// Container formats the loader accepts (what Debian's OpenCV 4.6 decodes).
enum class ImageFormat { Unknown, Png, Jpeg, Tiff, Bmp, WebP, Pnm };

/// What the file header says. Produced by probeImageHeader().
struct ImageHeader
{
    ImageFormat format = ImageFormat::Unknown;
    int64_t width = 0;
    int64_t height = 0;
    /// EXIF orientation 1..8 (JPEG APP1 or PNG eXIf chunk); 1 = none or absent.
    int exifOrientation = 1;
    /// JPEG with 4 components (CMYK or YCCK), reported for information.
    bool jpegFourComponents = false;
};

/// Human-readable format name ("PNG", "JPEG", ...).
const char *imageFormatName(ImageFormat format);

/**
 * Parses the header of an encoded image held in memory.
 * Recognises the format by its signature (never by the file extension).
 * @returns format and size; format Unknown when the signature is not one we decode.
 * @throws std::runtime_error with a short reason ("truncated PNG header", ...) when
 *         the signature is known but the header is broken or incomplete.
 * Thread-safe (pure function).
 */
ImageHeader probeImageHeader(std::span<const unsigned char> bytes);

/**
 * EXIF orientation (1..8) from a TIFF-structured EXIF block (the bytes after
 * "Exif\0\0" in a JPEG APP1 segment). Returns 1 when absent or malformed.
 */
int exifOrientationFromTiff(std::span<const unsigned char> tiff);

} // namespace dinosam
