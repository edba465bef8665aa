#include "export/palettepng.h"

#include <zlib.h>

#include <stdexcept>
#include <string>

namespace dinosam {
namespace {

void put32(std::vector<unsigned char> &out, uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back((unsigned char)((v >> shift) & 0xff));
}

void chunk(std::vector<unsigned char> &out, const char type[4], const std::vector<unsigned char> &data)
{
    put32(out, uint32_t(data.size()));
    const size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    const uLong crc = crc32(0L, out.data() + start, uInt(out.size() - start));
    put32(out, uint32_t(crc));
}

} // namespace

std::vector<cv::Vec3b> vocPalette()
{
    std::vector<cv::Vec3b> palette(256);
    for (int i = 0; i < 256; ++i) {
        int r = 0, g = 0, b = 0, c = i;
        for (int j = 0; j < 8; ++j) {
            r |= ((c >> 0) & 1) << (7 - j);
            g |= ((c >> 1) & 1) << (7 - j);
            b |= ((c >> 2) & 1) << (7 - j);
            c >>= 3;
        }
        palette[i] = cv::Vec3b(uchar(r), uchar(g), uchar(b));
    }
    return palette;
}

std::vector<unsigned char> encodeIndexedPng(const cv::Mat &indices, const std::vector<cv::Vec3b> &palette)
{
    if (indices.type() != CV_8UC1 || indices.empty())
        throw std::invalid_argument("indexed PNG needs a non-empty 8-bit single-channel image");
    if (palette.empty() || palette.size() > 256)
        throw std::invalid_argument("indexed PNG needs 1 to 256 palette entries");
    std::vector<unsigned char> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<unsigned char> header;
    put32(header, uint32_t(indices.cols));
    put32(header, uint32_t(indices.rows));
    header.insert(header.end(), {8, 3, 0, 0, 0}); // depth 8, palette, deflate, adaptive filter, no interlace
    chunk(out, "IHDR", header);
    std::vector<unsigned char> plte;
    for (const cv::Vec3b &c : palette)
        plte.insert(plte.end(), {c[0], c[1], c[2]});
    chunk(out, "PLTE", plte);

    // Filter type 0 (none) on every row: label maps compress well without prediction.
    std::vector<unsigned char> raw;
    raw.reserve(size_t(indices.rows) * size_t(indices.cols + 1));
    for (int r = 0; r < indices.rows; ++r) {
        raw.push_back(0);
        const uchar *p = indices.ptr<uchar>(r);
        raw.insert(raw.end(), p, p + indices.cols);
    }
    uLongf size = compressBound(uLong(raw.size()));
    std::vector<unsigned char> deflated(size);
    const int rc = compress2(deflated.data(), &size, raw.data(), uLong(raw.size()), 6);
    if (rc != Z_OK)
        throw std::runtime_error("zlib compress2 failed (" + std::to_string(rc) + ")");
    deflated.resize(size);
    chunk(out, "IDAT", deflated);
    chunk(out, "IEND", {});
    return out;
}

} // namespace dinosam
