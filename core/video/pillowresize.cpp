// Port of Pillow's libImaging/Resample.c (8 bits per channel path; HPND licence).
#include "video/pillowresize.h"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace dinosam {

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

double bilinearFilter(double x)
{
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return 1.0 - x;
    return 0.0;
}

struct Coeffs
{
    int ksize = 0;
    std::vector<int> bounds;   // xmin, count per output pixel
    std::vector<int32_t> kk;   // fixed-point coefficients, outSize x ksize
};

/// precompute_coeffs + normalize_coeffs_8bpc.
Coeffs precompute(int inSize, double in0, double in1, int outSize, PillowFilter filter)
{
    const double filterSupport = filter == PillowFilter::Bicubic ? 2.0 : 1.0;
    double (*fn)(double) = filter == PillowFilter::Bicubic ? bicubicFilter : bilinearFilter;
    const double scale = (in1 - in0) / outSize;
    const double filterscale = scale < 1.0 ? 1.0 : scale;
    const double support = filterSupport * filterscale;
    Coeffs c;
    c.ksize = int(std::ceil(support)) * 2 + 1;
    c.bounds.resize(size_t(outSize) * 2);
    std::vector<double> kk(size_t(outSize) * size_t(c.ksize), 0.0);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = in0 + (xx + 0.5) * scale;
        double ww = 0.0;
        const double ss = 1.0 / filterscale;
        int xmin = int(center - support + 0.5);
        if (xmin < 0)
            xmin = 0;
        int xmax = int(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax -= xmin;
        double *k = &kk[size_t(xx) * size_t(c.ksize)];
        for (int x = 0; x < xmax; ++x) {
            const double w = fn((x + xmin - center + 0.5) * ss);
            k[x] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x)
            if (ww != 0.0)
                k[x] /= ww;
        c.bounds[size_t(xx) * 2] = xmin;
        c.bounds[size_t(xx) * 2 + 1] = xmax;
    }
    c.kk.resize(kk.size());
    for (size_t i = 0; i < kk.size(); ++i)
        c.kk[i] = kk[i] < 0 ? int32_t(-0.5 + kk[i] * (1 << kPrecisionBits))
                            : int32_t(0.5 + kk[i] * (1 << kPrecisionBits));
    return c;
}

inline uint8_t clip8(int32_t in)
{
    const int32_t v = in >> kPrecisionBits; // arithmetic shift, as Pillow's lookup table
    return uint8_t(v < 0 ? 0 : (v > 255 ? 255 : v));
}

} // namespace

cv::Mat pillowResize(const cv::Mat &src, cv::Size size, PillowFilter filter)
{
    if (src.empty() || src.depth() != CV_8U)
        throw std::invalid_argument("pillowResize: expects a non-empty 8-bit image");
    if (size.width < 1 || size.height < 1)
        throw std::invalid_argument("pillowResize: the output size must be positive");
    const int channels = src.channels();
    const int inW = src.cols, inH = src.rows;
    const bool needH = size.width != inW;
    const bool needV = size.height != inH;
    const Coeffs ch = precompute(inW, 0.0, double(inW), size.width, filter);
    Coeffs cv = precompute(inH, 0.0, double(inH), size.height, filter);

    cv::Mat image = src;
    if (needH) {
        // Only the rows the vertical pass reads.
        const int yFirst = cv.bounds[0];
        const int yLast = cv.bounds[size_t(size.height) * 2 - 2] + cv.bounds[size_t(size.height) * 2 - 1];
        for (int i = 0; i < size.height; ++i)
            cv.bounds[size_t(i) * 2] -= yFirst;
        cv::Mat temp(yLast - yFirst, size.width, src.type());
        for (int yy = 0; yy < temp.rows; ++yy) {
            const uint8_t *in = src.ptr<uint8_t>(yy + yFirst);
            uint8_t *out = temp.ptr<uint8_t>(yy);
            for (int xx = 0; xx < size.width; ++xx) {
                const int xmin = ch.bounds[size_t(xx) * 2], xmax = ch.bounds[size_t(xx) * 2 + 1];
                const int32_t *k = &ch.kk[size_t(xx) * size_t(ch.ksize)];
                for (int c = 0; c < channels; ++c) {
                    int32_t ss = 1 << (kPrecisionBits - 1);
                    for (int x = 0; x < xmax; ++x)
                        ss += int32_t(in[(x + xmin) * channels + c]) * k[x];
                    out[xx * channels + c] = clip8(ss);
                }
            }
        }
        image = temp;
    }
    // Without a horizontal pass the vertical one reads the source rows (bounds unshifted).
    if (!needV)
        return needH ? image : src.clone();
    cv::Mat out(size.height, image.cols, src.type());
    for (int yy = 0; yy < size.height; ++yy) {
        const int ymin = cv.bounds[size_t(yy) * 2], ymax = cv.bounds[size_t(yy) * 2 + 1];
        const int32_t *k = &cv.kk[size_t(yy) * size_t(cv.ksize)];
        uint8_t *o = out.ptr<uint8_t>(yy);
        for (int xx = 0; xx < image.cols * channels; ++xx) {
            int32_t ss = 1 << (kPrecisionBits - 1);
            for (int y = 0; y < ymax; ++y)
                ss += int32_t(image.ptr<uint8_t>(y + ymin)[xx]) * k[y];
            o[xx] = clip8(ss);
        }
    }
    return out;
}

} // namespace dinosam
