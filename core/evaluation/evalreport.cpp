#include "evaluation/evalreport.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace dinosam::evaluation {
namespace {

/// Locale-independent parse of a whole string as a finite number.
bool parseNumber(const std::string &s, double &out)
{
    if (s.empty())
        return false;
    std::istringstream in(s);
    in.imbue(std::locale::classic());
    in >> out;
    return in && in.peek() == std::char_traits<char>::eof() && std::isfinite(out);
}

std::string number(double v, int digits)
{
    if (std::isnan(v))
        return {};
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << v;
    return out.str();
}

std::string percent(double v) { return std::isnan(v) ? "n/a" : number(100.0 * v, 1); }

std::string pad(const std::string &s, size_t width, bool left = false)
{
    if (s.size() >= width)
        return s;
    return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

} // namespace

SweepSpec parseSweep(const std::string &text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos)
        throw std::invalid_argument("--sweep needs NAME=FROM:TO:STEP, e.g. threshold=0.3:0.9:0.05; got '" + text + "'");
    SweepSpec spec;
    spec.parameter = text.substr(0, eq);
    if (spec.parameter != "threshold")
        throw std::invalid_argument("--sweep: only 'threshold' can be swept, got '" + spec.parameter + "'");
    const std::string range = text.substr(eq + 1);
    const auto c1 = range.find(':');
    const auto c2 = c1 == std::string::npos ? std::string::npos : range.find(':', c1 + 1);
    double from = 0, to = 0, step = 0;
    if (c2 == std::string::npos || range.find(':', c2 + 1) != std::string::npos ||
        !parseNumber(range.substr(0, c1), from) || !parseNumber(range.substr(c1 + 1, c2 - c1 - 1), to) ||
        !parseNumber(range.substr(c2 + 1), step))
        throw std::invalid_argument("--sweep: the range must be three numbers FROM:TO:STEP, got '" + range + "'");
    if (step <= 0)
        throw std::invalid_argument("--sweep: STEP must be positive");
    if (to < from)
        throw std::invalid_argument("--sweep: TO must not be smaller than FROM");
    if (from < 0 || to > 1)
        throw std::invalid_argument("--sweep: threshold values must lie in [0, 1]");
    const double n = std::floor((to - from) / step + 1e-9) + 1;
    if (n > 1000)
        throw std::invalid_argument("--sweep: more than 1000 values");
    for (int i = 0; i < int(n); ++i)
        spec.values.push_back(std::round((from + i * step) * 1e9) / 1e9);
    return spec;
}

std::string formatTable(const std::vector<EvalRow> &rows)
{
    const std::vector<std::pair<std::string, size_t>> cols = {
        {"method", 10}, {"thresh", 7}, {"images", 7}, {"GT", 5},     {"CorLoc%", 8}, {"R@.5%", 7},
        {"R@.75%", 7},  {"bestIoU%", 9}, {"P@.5%", 7}, {"obj/img", 8}, {"s/img", 7},  {"1shot mIoU%", 12}};
    std::string out;
    for (size_t i = 0; i < cols.size(); ++i)
        out += pad(cols[i].first, cols[i].second, i == 0) + (i + 1 < cols.size() ? " " : "\n");
    for (const auto &r : rows) {
        const DiscoveryMetrics &m = r.metrics;
        const std::vector<std::string> cells = {
            r.method, number(r.threshold, 2), std::to_string(m.images), std::to_string(m.gtObjects),
            percent(m.corloc), percent(m.recall50), percent(m.recall75), percent(m.meanBestIou),
            percent(m.precision50), std::isnan(m.objectsPerImage) ? "n/a" : number(m.objectsPerImage, 2),
            std::isnan(m.secondsPerImage) ? "n/a" : number(m.secondsPerImage, 3),
            r.method == "similar" ? percent(r.oneShotMiou) : "-"};
        for (size_t i = 0; i < cols.size(); ++i)
            out += pad(cells[i], cols[i].second, i == 0) + (i + 1 < cols.size() ? " " : "\n");
    }
    return out;
}

std::string formatCsv(const std::vector<EvalRow> &rows)
{
    std::string out = "method,threshold,images,images_with_gt,gt_objects,predictions,corloc,recall_50,recall_75,"
                      "mean_best_iou,precision_50,objects_per_image,seconds_per_image,one_shot_miou,one_shot_episodes\n";
    for (const auto &r : rows) {
        const DiscoveryMetrics &m = r.metrics;
        out += r.method + "," + number(r.threshold, 4) + "," + std::to_string(m.images) + "," +
               std::to_string(m.imagesWithGt) + "," + std::to_string(m.gtObjects) + "," +
               std::to_string(m.predictions) + "," + number(m.corloc, 6) + "," + number(m.recall50, 6) + "," +
               number(m.recall75, 6) + "," + number(m.meanBestIou, 6) + "," + number(m.precision50, 6) + "," +
               number(m.objectsPerImage, 4) + "," + number(m.secondsPerImage, 4) + "," +
               (r.method == "similar" ? number(r.oneShotMiou, 6) : std::string()) + "," +
               std::to_string(r.oneShotEpisodes) + "\n";
    }
    return out;
}

const std::vector<ReferenceCorLoc> &referenceCorLoc()
{
    // From the papers (CorLoc %, single object discovery): DINO (Caron et al. 2021) CLS attention
    // boxes as reported by LOST; LOST (Simeoni et al. 2021); TokenCut (Wang et al. 2022);
    // LOST on DINOv2 without / with registers (Darcet et al. 2024, "Vision Transformers Need Registers").
    static const std::vector<ReferenceCorLoc> table = {
        {"CLS attention boxes", "DINO ViT-S/16", 45.8, 46.2, 42.1},
        {"LOST", "DINO ViT-S/16", 61.9, 64.0, 50.7},
        {"TokenCut", "DINO ViT-S/16", 68.8, 72.1, 58.8},
        {"LOST", "DINOv2", 35.3, 40.2, 26.9},
        {"LOST", "DINOv2 + registers", 55.4, 60.0, 42.0},
    };
    return table;
}

std::string formatReferenceTable()
{
    std::string out = "Reference CorLoc (%) from the papers, on other data sets (VOC07 / VOC12 / COCO20k):\n";
    for (const auto &r : referenceCorLoc())
        out += "  " + pad(r.method, 20, true) + " " + pad(r.backbone, 28, true) + " " + pad(number(r.voc07, 1), 5) +
               " / " + pad(number(r.voc12, 1), 5) + " / " + pad(number(r.coco20k, 1), 5) + "\n";
    out += "One-shot mIoU on COCO-20i (Matcher, ICLR 2024): Matcher 52.7, PerSAM 23.0.\n";
    return out;
}

} // namespace dinosam::evaluation
