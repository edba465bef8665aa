#include "export/maskrle.h"

#include <stdexcept>

namespace dinosam {

std::vector<uint32_t> encodeMaskRle(const cv::Mat &mask)
{
    CV_Assert(mask.type() == CV_8UC1);
    // Column-major walk: transposing makes each column a contiguous row.
    cv::Mat columns;
    cv::transpose(mask, columns);
    std::vector<uint32_t> counts;
    uchar current = 0;
    uint32_t run = 0;
    for (int r = 0; r < columns.rows; ++r) {
        const uchar *p = columns.ptr<uchar>(r);
        for (int c = 0; c < columns.cols; ++c) {
            const uchar v = p[c] ? 1 : 0;
            if (v != current) {
                counts.push_back(run);
                run = 0;
                current = v;
            }
            ++run;
        }
    }
    counts.push_back(run);
    return counts;
}

cv::Mat decodeMaskRle(const std::vector<uint32_t> &counts, cv::Size size)
{
    uint64_t total = 0;
    for (uint32_t c : counts)
        total += c;
    if (total != uint64_t(size.area()))
        throw std::invalid_argument("RLE counts sum to " + std::to_string(total) + ", expected " +
                                    std::to_string(size.area()));
    cv::Mat columns(size.width, size.height, CV_8UC1); // transposed
    uchar *p = columns.ptr<uchar>(0);
    uchar v = 0;
    for (uint32_t c : counts) {
        std::fill(p, p + c, v);
        p += c;
        v = v ? 0 : 255;
    }
    cv::Mat mask;
    cv::transpose(columns, mask);
    return mask;
}

std::string rleCountsToString(const std::vector<uint32_t> &counts)
{
    std::string s;
    for (size_t i = 0; i < counts.size(); ++i) {
        int64_t x = counts[i];
        if (i > 2)
            x -= int64_t(counts[i - 2]);
        bool more = true;
        while (more) {
            char c = char(x & 0x1f);
            x >>= 5; // arithmetic shift, as in pycocotools
            more = (c & 0x10) ? x != -1 : x != 0;
            if (more)
                c |= 0x20;
            s.push_back(char(c + 48));
        }
    }
    return s;
}

std::vector<uint32_t> rleCountsFromString(const std::string &text)
{
    std::vector<uint32_t> counts;
    size_t p = 0;
    while (p < text.size()) {
        int64_t x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= text.size() || k > 12)
                throw std::invalid_argument("malformed RLE string");
            const int c = int(text[p]) - 48;
            if (c < 0 || c > 63)
                throw std::invalid_argument("malformed RLE string (bad character)");
            x |= int64_t(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10))
                x |= -(int64_t(1) << (5 * k));
        }
        if (counts.size() > 2)
            x += int64_t(counts[counts.size() - 2]);
        if (x < 0 || x > int64_t(UINT32_MAX))
            throw std::invalid_argument("malformed RLE string (negative run)");
        counts.push_back(uint32_t(x));
    }
    return counts;
}

} // namespace dinosam
