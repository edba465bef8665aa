#pragma once
// Builds image files byte by byte for the loader tests, so that every odd variant
// (gray+alpha PNG, EXIF-rotated JPEG, CMYK JPEG, lying headers) is generated at test time.
#include <QByteArray>
#include <QString>
#include <QtEndian>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifdef DINOSAM_TEST_HAVE_LIBJPEG
#include <cstdio>
#include <jpeglib.h>
#endif

namespace dinosam::test {

inline QByteArray toBytes(const std::vector<unsigned char> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
}

inline QByteArray be32(uint32_t v)
{
    QByteArray b(4, 0);
    qToBigEndian(v, b.data());
    return b;
}

inline uint32_t crc32(const QByteArray &data)
{
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char byte : data) {
        c ^= byte;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

inline QByteArray pngChunk(const char *type, const QByteArray &data)
{
    const QByteArray typed = QByteArray(type, 4) + data;
    return be32(uint32_t(data.size())) + typed + be32(crc32(typed));
}

/// PNG with any colour type: `samples` holds rows of width*channels samples (8 or 16 bit).
/// colorType: 0 gray, 2 RGB, 4 gray+alpha, 6 RGBA.
inline QByteArray makePng(int width, int height, int bitDepth, int colorType, const std::vector<uint16_t> &samples,
                          bool withData = true)
{
    const int channels = colorType == 0 ? 1 : colorType == 2 ? 3 : colorType == 4 ? 2 : 4;
    QByteArray ihdr = be32(uint32_t(width)) + be32(uint32_t(height));
    ihdr.append(char(bitDepth)).append(char(colorType)).append(char(0)).append(char(0)).append(char(0));
    QByteArray raw;
    for (int y = 0; y < height && withData; ++y) {
        raw.append(char(0)); // filter: none
        for (int i = 0; i < width * channels; ++i) {
            const uint16_t v = samples[size_t(y) * width * channels + i];
            if (bitDepth == 16)
                raw.append(char(v >> 8));
            raw.append(char(v & 0xFF));
        }
    }
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png += pngChunk("IHDR", ihdr);
    if (withData)
        png += pngChunk("IDAT", qCompress(raw).mid(4)); // qCompress prefixes the length
    png += pngChunk("IEND", {});
    return png;
}

/// A big-endian TIFF/EXIF block whose IFD0 holds only an Orientation tag.
inline QByteArray exifTiff(int orientation)
{
    QByteArray tiff("MM\0*", 4);
    tiff += be32(8);
    tiff += QByteArray("\x00\x01", 2);                     // one IFD entry
    tiff += QByteArray("\x01\x12\x00\x03", 4) + be32(1);   // Orientation, SHORT, count 1
    tiff += QByteArray(1, 0) + QByteArray(1, char(orientation)) + QByteArray(2, 0);
    tiff += be32(0);                                       // no next IFD
    return tiff;
}

/// Inserts an eXIf chunk with the given orientation right after a PNG's IHDR chunk.
inline QByteArray withPngExifOrientation(const QByteArray &png, int orientation)
{
    const int afterIhdr = 8 + 12 + 13;
    return png.left(afterIhdr) + pngChunk("eXIf", exifTiff(orientation)) + png.mid(afterIhdr);
}

/// Inserts an EXIF APP1 segment with the given orientation right after a JPEG's SOI marker.
inline QByteArray withExifOrientation(const QByteArray &jpeg, int orientation)
{
    const QByteArray payload = QByteArray("Exif\0\0", 6) + exifTiff(orientation);
    const uint16_t length = uint16_t(payload.size() + 2);
    QByteArray app1("\xFF\xE1", 2);
    app1.append(char(length >> 8)).append(char(length & 0xFF));
    app1 += payload;
    return jpeg.left(2) + app1 + jpeg.mid(2);
}

/// A minimal JPEG header (SOI + SOF0) claiming a size; no image data.
inline QByteArray jpegHeaderClaiming(int width, int height)
{
    QByteArray j("\xFF\xD8\xFF\xC0\x00\x11\x08", 7);
    j.append(char(height >> 8)).append(char(height & 0xFF)).append(char(width >> 8)).append(char(width & 0xFF));
    j += QByteArray("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    j += QByteArray("\xFF\xD9", 2);
    return j;
}

#ifdef DINOSAM_TEST_HAVE_LIBJPEG
/// A 4-component (Adobe CMYK) JPEG; `cmyk` holds width*height*4 stored samples.
inline QByteArray makeCmykJpeg(int width, int height, const std::vector<unsigned char> &cmyk)
{
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr jerr{};
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = JDIMENSION(width);
    cinfo.image_height = JDIMENSION(height);
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, JCS_CMYK); // writes the Adobe APP14 marker
    jpeg_set_quality(&cinfo, 95, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<unsigned char *>(cmyk.data()) + size_t(cinfo.next_scanline) * width * 4;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    QByteArray out(reinterpret_cast<const char *>(buffer), qsizetype(size));
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
    return out;
}
#endif

/// Runs `body` as an unprivileged user when the test runs as root (CI containers), where
/// permission bits do not stop reads or writes; returns what `body` returned.
inline std::string runUnprivileged(const std::function<std::string()> &body)
{
    if (::geteuid() != 0)
        return body();
    int fds[2];
    if (::pipe(fds) != 0)
        return "pipe failed";
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string text = "setuid failed";
        if (::setgid(65534) == 0 && ::setuid(65534) == 0) {
            try {
                text = body();
            } catch (...) {
                text = "unexpected exception";
            }
        }
        const ssize_t n = ::write(fds[1], text.data(), text.size());
        (void)n;
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string text;
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
        text.append(buffer, size_t(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return text;
}

} // namespace dinosam::test
