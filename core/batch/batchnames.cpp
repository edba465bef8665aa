#include "batch/batchnames.h"

#include "imageio/imagecollector.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace dinosam {
namespace {

std::string folded(const std::string &s)
{
    std::string out = s;
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string stemOf(const std::filesystem::path &file)
{
    const std::string stem = file.filename().stem().string();
    return stem.empty() ? std::string("image") : stem;
}

} // namespace

void sortForBatch(std::vector<std::filesystem::path> &files)
{
    std::stable_sort(files.begin(), files.end(), [](const std::filesystem::path &a, const std::filesystem::path &b) {
        return naturalLess(a.generic_string(), b.generic_string());
    });
}

std::vector<std::string> uniqueBaseNames(const std::vector<std::filesystem::path> &files)
{
    std::unordered_set<std::string> natural;
    for (const auto &f : files)
        natural.insert(folded(stemOf(f)));
    std::unordered_set<std::string> taken;
    std::vector<std::string> names;
    names.reserve(files.size());
    for (const auto &f : files) {
        const std::string stem = stemOf(f);
        std::string name = stem;
        if (taken.count(folded(name))) {
            for (size_t n = 2;; ++n) {
                name = stem + "_" + std::to_string(n);
                const std::string key = folded(name);
                if (!taken.count(key) && !natural.count(key))
                    break;
            }
        }
        taken.insert(folded(name));
        names.push_back(std::move(name));
    }
    return names;
}

} // namespace dinosam
