#include "imageio/imagecollector.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <system_error>

namespace dinosam {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

void sortNatural(std::vector<fs::path> &files)
{
    std::sort(files.begin(), files.end(),
              [](const fs::path &a, const fs::path &b) { return naturalLess(a.generic_string(), b.generic_string()); });
}

/// Notes `file` in options.skipped when it is an image of an unsupported format.
void noteSkipped(const fs::path &file, const ImageCollectOptions &options)
{
    if (!options.skipped)
        return;
    if (std::string reason = unsupportedImageReason(file); !reason.empty())
        options.skipped->push_back({file, std::move(reason)});
}

std::vector<fs::path> listFolder(const fs::path &dir, const ImageCollectOptions &options, const std::string &argument)
{
    const bool recursive = options.recursive;
    std::vector<fs::path> files;
    std::error_code ec;
    auto take = [&](const fs::directory_entry &entry) {
        std::error_code fileEc;
        if (!entry.is_regular_file(fileEc))
            return;
        if (hasSupportedImageExtension(entry.path()))
            files.push_back(entry.path());
        else
            noteSkipped(entry.path(), options);
    };
    if (recursive) {
        for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec))
            take(*it);
    } else {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            take(*it);
    }
    if (ec)
        throw ImageLoadError(argument, "cannot list folder: " + ec.message());
    sortNatural(files);
    return files;
}

} // namespace

const std::vector<std::string> &supportedImageExtensions()
{
    static const std::vector<std::string> extensions = {".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".bmp",
                                                        ".dib", ".webp", ".pbm", ".pgm", ".ppm", ".pnm"};
    return extensions;
}

std::string unsupportedImageReason(const fs::path &path)
{
    const std::string ext = lower(path.extension().string());
    if (ext == ".gif")
        return "GIF is not supported (convert it to PNG; for an animation, export its frames)";
    static const std::set<std::string> others = {".heic", ".heif", ".avif", ".svg", ".ico", ".jp2",
                                                 ".psd",  ".cr2",  ".nef",  ".dng", ".raw", ".jxl"};
    if (!others.count(ext))
        return {};
    std::string format = ext.substr(1);
    std::transform(format.begin(), format.end(), format.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return format + " images are not supported (convert them to PNG or JPEG)";
}

bool hasSupportedImageExtension(const fs::path &path)
{
    const std::string ext = lower(path.extension().string());
    const auto &all = supportedImageExtensions();
    return std::find(all.begin(), all.end(), ext) != all.end();
}

bool naturalLess(const std::string &a, const std::string &b)
{
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie])))
                ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je])))
                ++je;
            // Compare by value: strip leading zeros, then length, then digits.
            size_t iz = i, jz = j;
            while (iz + 1 < ie && a[iz] == '0')
                ++iz;
            while (jz + 1 < je && b[jz] == '0')
                ++jz;
            if (ie - iz != je - jz)
                return ie - iz < je - jz;
            const int c = a.compare(iz, ie - iz, b, jz, je - jz);
            if (c != 0)
                return c < 0;
            if (ie - i != je - j) // "01" vs "1": fewer leading zeros first, for a total order
                return ie - i < je - j;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j])
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

bool wildcardMatch(const std::string &pattern, const std::string &name)
{
    // Iterative matcher with single-star backtracking: O(n * m) worst case, no recursion.
    size_t p = 0, n = 0, starP = std::string::npos, starN = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starN = n;
        } else if (starP != std::string::npos) {
            p = starP + 1;
            n = ++starN;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

std::vector<fs::path> collectImages(const std::vector<std::string> &arguments, const ImageCollectOptions &options)
{
    std::vector<fs::path> result;
    std::set<fs::path> seen;
    auto add = [&](const fs::path &p) {
        std::error_code ec;
        fs::path key = fs::absolute(p, ec).lexically_normal();
        if (ec)
            key = p.lexically_normal();
        if (seen.insert(key).second)
            result.push_back(p);
    };

    for (const std::string &arg : arguments) {
        const fs::path path(arg);
        const std::string name = path.filename().string();
        std::error_code existsEc;
        const bool literal = fs::exists(path, existsEc); // a file may really be called "a*.png"
        if (!literal && arg.find_first_of("*?") != std::string::npos) {
            const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
            if (dir.string().find_first_of("*?") != std::string::npos)
                throw ImageLoadError(arg, "wildcards are supported only in the file name, not in folder names");
            std::error_code ec;
            if (!fs::is_directory(dir, ec))
                throw ImageLoadError(arg, "folder " + dir.string() + " does not exist");
            std::vector<fs::path> matches;
            for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
                std::error_code fileEc;
                const std::string entryName = it->path().filename().string();
                if (!it->is_regular_file(fileEc) || !wildcardMatch(name, entryName))
                    continue;
                const fs::path match = path.has_parent_path() ? dir / entryName : fs::path(entryName);
                if (hasSupportedImageExtension(it->path()))
                    matches.push_back(match);
                else
                    noteSkipped(match, options);
            }
            if (ec)
                throw ImageLoadError(arg, "cannot list folder: " + ec.message());
            if (matches.empty())
                throw ImageLoadError(arg, "no image files match this pattern");
            sortNatural(matches);
            for (const auto &m : matches)
                add(m);
            continue;
        }

        std::error_code ec;
        const fs::file_status st = fs::status(path, ec);
        if (!fs::exists(st)) {
            throw ImageLoadError(arg, ec && ec != std::errc::no_such_file_or_directory
                                          ? "cannot access: " + ec.message()
                                          : std::string("no such file or folder"));
        }
        if (fs::is_directory(st)) {
            const std::vector<fs::path> files = listFolder(path, options, arg);
            if (files.empty())
                throw ImageLoadError(arg, "folder contains no images with a supported extension");
            for (const auto &f : files)
                add(f);
        } else {
            add(path);
        }
    }
    return result;
}

} // namespace dinosam
