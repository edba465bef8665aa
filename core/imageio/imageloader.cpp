#include "imageio/imageloader.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

namespace dinosam {
namespace {

std::string sizeText(int64_t w, int64_t h)
{
    return std::to_string(w) + "x" + std::to_string(h);
}

} // namespace

std::vector<unsigned char> readImageFile(const std::filesystem::path &path, const ImageLoadOptions &options)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            throw ImageLoadError(path, "cannot access file: " + ec.message());
        throw ImageLoadError(path, "file does not exist");
    }
    if (fs::is_directory(st))
        throw ImageLoadError(path, "is a directory, not an image file");
    if (!fs::is_regular_file(st))
        throw ImageLoadError(path, "not a regular file");

#ifdef _WIN32
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(_wfopen(path.c_str(), L"rb"), &std::fclose);
#else
    std::unique_ptr<std::FILE, int (*)(std::FILE *)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
#endif
    if (!file) {
        const int err = errno;
        throw ImageLoadError(path, std::string("cannot open file: ") + std::strerror(err));
    }
    const uintmax_t size = fs::file_size(path, ec);
    if (ec)
        throw ImageLoadError(path, "cannot read file size: " + ec.message());
    if (size == 0)
        throw ImageLoadError(path, "file is empty (0 bytes)");
    if (options.maxFileBytes && size > options.maxFileBytes)
        throw ImageLoadError(path,
                             "file is too large (" + std::to_string(size) + " bytes, limit " +
                                 std::to_string(options.maxFileBytes) + ")",
                             ImageLoadError::Kind::TooLarge);
    std::vector<unsigned char> bytes(static_cast<size_t>(size));
    const size_t got = std::fread(bytes.data(), 1, bytes.size(), file.get());
    if (got != bytes.size()) {
        const int err = errno;
        throw ImageLoadError(path, std::string("read error: ") +
                                       (std::ferror(file.get()) ? std::strerror(err) : "file shrank while reading"));
    }
    return bytes;
}

namespace {

// A JPEG whose entropy-coded data has no end-of-image marker was cut off; libjpeg
// would "decode" it anyway, padding the missing rows with grey.
bool jpegHasEndMarker(std::span<const unsigned char> b)
{
    for (size_t i = b.size(); i >= 2; --i) {
        if (b[i - 2] == 0xFF && b[i - 1] == 0xD9)
            return true;
    }
    return false;
}

// Reads sample c of a pixel as a value in [0, 1].
template <typename T>
float unit(T v)
{
    if constexpr (std::is_same_v<T, uchar>)
        return v * (1.0f / 255.0f);
    else if constexpr (std::is_same_v<T, ushort>)
        return v * (1.0f / 65535.0f);
    else
        return std::clamp(float(v), 0.0f, 1.0f);
}

// Generic conversion to 8-bit RGB for 2/4-channel (alpha composited on white) and float input.
template <typename T>
cv::Mat toRgb8Generic(const cv::Mat &src)
{
    const int cn = src.channels();
    cv::Mat out(src.size(), CV_8UC3);
    for (int y = 0; y < src.rows; ++y) {
        const T *s = src.ptr<T>(y);
        uchar *d = out.ptr<uchar>(y);
        for (int x = 0; x < src.cols; ++x, s += cn, d += 3) {
            float r, g, b, a = 1.0f;
            if (cn <= 2) {
                r = g = b = unit(s[0]);
                if (cn == 2)
                    a = unit(s[1]);
            } else {
                b = unit(s[0]); // OpenCV decodes to BGR(A)
                g = unit(s[1]);
                r = unit(s[2]);
                if (cn == 4)
                    a = unit(s[3]);
            }
            const float white = 1.0f - a;
            d[0] = cv::saturate_cast<uchar>((r * a + white) * 255.0f);
            d[1] = cv::saturate_cast<uchar>((g * a + white) * 255.0f);
            d[2] = cv::saturate_cast<uchar>((b * a + white) * 255.0f);
        }
    }
    return out;
}

cv::Mat toRgb8(const cv::Mat &decoded, const std::filesystem::path &name)
{
    const int depth = decoded.depth();
    const int cn = decoded.channels();
    if (depth != CV_8U && depth != CV_16U && depth != CV_32F && depth != CV_64F)
        throw ImageLoadError(name, "unsupported sample type (only 8/16-bit integer and float images)");
    if (cn < 1 || cn > 4)
        throw ImageLoadError(name, "unsupported number of channels (" + std::to_string(cn) + ")");

    cv::Mat out;
    if ((cn == 1 || cn == 3) && (depth == CV_8U || depth == CV_16U)) {
        cv::Mat eight = decoded;
        if (depth == CV_16U)
            decoded.convertTo(eight, CV_8U, 255.0 / 65535.0); // rounds, 65535 -> 255
        cv::cvtColor(eight, out, cn == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
        return out;
    }
    switch (depth) {
    case CV_8U: return toRgb8Generic<uchar>(decoded);
    case CV_16U: return toRgb8Generic<ushort>(decoded);
    case CV_32F: return toRgb8Generic<float>(decoded);
    default: return toRgb8Generic<double>(decoded);
    }
}

} // namespace

cv::Mat applyExifOrientation(const cv::Mat &image, int orientation)
{
    cv::Mat out;
    switch (orientation) {
    case 2: cv::flip(image, out, 1); break;   // mirror horizontal
    case 3: cv::flip(image, out, -1); break;  // rotate 180
    case 4: cv::flip(image, out, 0); break;   // mirror vertical
    case 5: cv::transpose(image, out); break; // mirror horizontal + rotate 270 CW
    case 6: cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE); break;
    case 7: // mirror horizontal + rotate 90 CW
        cv::transpose(image, out);
        cv::flip(out, out, -1);
        break;
    case 8: cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return image;
    }
    return out;
}

LoadedImage decodeImage(std::span<const unsigned char> bytes, const std::filesystem::path &name,
                        const ImageLoadOptions &options)
{
    if (bytes.empty())
        throw ImageLoadError(name, "file is empty (0 bytes)");

    ImageHeader header;
    try {
        header = probeImageHeader(bytes);
    } catch (const std::exception &e) {
        throw ImageLoadError(name, std::string("corrupt or truncated image: ") + e.what());
    }
    if (header.format == ImageFormat::Unknown) {
        // A GIF is a real image of a format DinoSam does not read, not a corrupt file: say that.
        if (bytes.size() >= 6 && (std::memcmp(bytes.data(), "GIF87a", 6) == 0 || std::memcmp(bytes.data(), "GIF89a", 6) == 0))
            throw ImageLoadError(name, "GIF is not supported (convert it to PNG; for an animation, export its frames)");
        std::string reason = "not an image in a supported format (content is not PNG, JPEG, TIFF, BMP, WebP or PNM)";
        if (name.has_extension())
            reason += " despite the extension " + name.extension().string();
        throw ImageLoadError(name, reason);
    }
    const std::string fmt = imageFormatName(header.format);
    if (header.width <= 0 || header.height <= 0)
        throw ImageLoadError(name, "corrupt " + fmt + " header (size " + sizeText(header.width, header.height) + ")");
    const int64_t pixels = header.width * header.height;
    if (options.maxPixels > 0 && pixels > options.maxPixels)
        throw ImageLoadError(name,
                             "image is too large: " + sizeText(header.width, header.height) + " = " +
                                 std::to_string(pixels / 1'000'000) + " megapixels, the limit is " +
                                 std::to_string(options.maxPixels / 1'000'000) + " megapixels",
                             ImageLoadError::Kind::TooLarge);
    if (header.format == ImageFormat::Jpeg && !jpegHasEndMarker(bytes))
        throw ImageLoadError(name, "truncated JPEG (no end-of-image marker)");

    cv::Mat decoded;
    try {
        // A Mat header over the caller's bytes: no copy.
        const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<unsigned char *>(bytes.data()));
        // IMREAD_UNCHANGED keeps 16-bit depth and alpha; it also skips EXIF orientation,
        // which is applied below from our own header parse.
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception &e) {
        throw ImageLoadError(name, "cannot decode " + fmt + ": " + e.err);
    }
    if (decoded.empty())
        throw ImageLoadError(name, "cannot decode " + fmt + " data (corrupt or truncated file, or an unsupported variant)");
    if (decoded.cols != header.width || decoded.rows != header.height)
        throw ImageLoadError(name, "corrupt " + fmt + ": decoded size " + sizeText(decoded.cols, decoded.rows) +
                                       " differs from header size " + sizeText(header.width, header.height));

    LoadedImage result;
    ImageLoadInfo &info = result.info;
    info.format = header.format;
    info.storedSize = decoded.size();
    info.originalDepth = decoded.depth();
    info.originalChannels = decoded.channels();
    info.exifOrientation = header.exifOrientation;
    info.alphaComposited = decoded.channels() == 2 || decoded.channels() == 4;

    cv::Mat rgb = toRgb8(decoded, name);
    decoded.release();
    if (options.applyExifOrientation && header.exifOrientation != 1) {
        rgb = applyExifOrientation(rgb, header.exifOrientation);
        info.orientationApplied = true;
    }
    if (!rgb.isContinuous())
        rgb = rgb.clone();
    result.rgb = rgb;
    return result;
}

LoadedImage loadImage(const std::filesystem::path &path, const ImageLoadOptions &options)
{
    const std::vector<unsigned char> bytes = readImageFile(path, options);
    return decodeImage(bytes, path, options);
}

} // namespace dinosam
