#include "batch/donemarker.h"

#include "export/atomicfile.h"
#include "export/exporterror.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

namespace dinosam::donemarker {
namespace fs = std::filesystem;

namespace {

constexpr const char *kMagic = "dinosam-done 1";
constexpr uintmax_t kMaxMarkerBytes = 1 << 20;

int64_t modificationNs(const fs::path &file, std::error_code &ec)
{
    const auto t = fs::last_write_time(file, ec);
    return ec ? 0 : int64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

std::string sourceKey(const fs::path &source)
{
    std::error_code ec;
    const fs::path abs = fs::absolute(source, ec);
    return (ec ? source : abs).lexically_normal().generic_string();
}

/// `file` relative to saveDir, or empty when it is not inside it.
std::string insideRelative(const fs::path &saveDir, const fs::path &file)
{
    std::error_code ec;
    const fs::path base = fs::absolute(saveDir, ec).lexically_normal();
    const fs::path abs = fs::absolute(file, ec).lexically_normal();
    const fs::path rel = abs.lexically_relative(base);
    if (rel.empty() || rel.is_absolute() || *rel.begin() == "..")
        return {};
    return rel.generic_string();
}

bool safeRelative(const std::string &rel)
{
    if (rel.empty() || rel.front() == '/' || rel.find('\\') != std::string::npos ||
        rel.find(':') != std::string::npos)
        return false;
    for (const auto &part : fs::path(rel))
        if (part == ".." || part == ".")
            return false;
    return true;
}

bool startsWith(const std::string &s, const std::string &prefix) { return s.rfind(prefix, 0) == 0; }

} // namespace

fs::path path(const fs::path &saveDir, const std::string &baseName)
{
    return saveDir / ".dinosam-done" / (baseName + ".done");
}

std::string fingerprint(const std::string &settings)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : settings) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void write(const fs::path &saveDir, const std::string &baseName, const fs::path &source, const std::string &settings,
           const std::vector<fs::path> &outputs)
{
    const fs::path marker = path(saveDir, baseName);
    std::error_code ec;
    const std::string src = sourceKey(source);
    if (src.find('\n') != std::string::npos)
        throw ExportError(marker, "the image path contains a line break");
    const uintmax_t size = fs::file_size(source, ec);
    if (ec)
        throw ExportError(source, "cannot read the size: " + ec.message());
    const int64_t mtime = modificationNs(source, ec);
    if (ec)
        throw ExportError(source, "cannot read the modification time: " + ec.message());
    std::ostringstream text;
    text << kMagic << "\nsource " << src << "\nsource-size " << size << "\nsource-mtime-ns " << mtime
         << "\nsettings " << fingerprint(settings) << "\n";
    for (const auto &out : outputs) {
        const std::string rel = insideRelative(saveDir, out);
        if (rel.empty() || rel.find('\n') != std::string::npos)
            throw ExportError(out, "output is not inside the save folder " + saveDir.string());
        const uintmax_t outSize = fs::file_size(out, ec);
        if (ec)
            throw ExportError(out, "cannot read the size of a file just written: " + ec.message());
        text << "output " << outSize << " " << rel << "\n";
    }
    text << "end\n";
    fs::create_directories(marker.parent_path(), ec);
    if (ec)
        throw ExportError(marker.parent_path(), "cannot create the folder: " + ec.message());
    AtomicFile::write(marker, text.str());
}

DoneCheck check(const fs::path &saveDir, const std::string &baseName, const fs::path &source,
                const std::string &settings)
{
    const fs::path marker = path(saveDir, baseName);
    std::error_code ec;
    const auto status = fs::status(marker, ec);
    if (ec || !fs::exists(status))
        return {};
    auto stale = [](std::string why) { return DoneCheck{DoneCheck::State::Stale, std::move(why)}; };
    if (!fs::is_regular_file(status))
        return stale("the done-marker is not a file");
    const uintmax_t markerSize = fs::file_size(marker, ec);
    if (ec || markerSize > kMaxMarkerBytes)
        return stale("the done-marker is unreadable or too large");
    std::ifstream in(marker, std::ios::binary);
    std::string line;
    if (!std::getline(in, line) || line != kMagic)
        return stale("the done-marker has an unknown format");

    std::string src, srcSize, srcMtime, fp;
    std::vector<std::pair<uintmax_t, std::string>> outputs;
    bool ended = false;
    while (std::getline(in, line)) {
        if (ended)
            return stale("the done-marker has text after its end");
        if (line == "end")
            ended = true;
        else if (startsWith(line, "source "))
            src = line.substr(7);
        else if (startsWith(line, "source-size "))
            srcSize = line.substr(12);
        else if (startsWith(line, "source-mtime-ns "))
            srcMtime = line.substr(16);
        else if (startsWith(line, "settings "))
            fp = line.substr(9);
        else if (startsWith(line, "output ")) {
            const auto space = line.find(' ', 7);
            if (space == std::string::npos)
                return stale("the done-marker has a malformed output line");
            const std::string number = line.substr(7, space - 7);
            if (number.empty() || number.size() > 19 || number.find_first_not_of("0123456789") != std::string::npos)
                return stale("the done-marker has a malformed output size");
            const std::string rel = line.substr(space + 1);
            if (!safeRelative(rel))
                return stale("the done-marker names a file outside the save folder");
            outputs.emplace_back(std::stoull(number), rel);
        } else
            return stale("the done-marker has an unknown line");
    }
    if (!ended)
        return stale("the done-marker is truncated");
    if (src != sourceKey(source))
        return stale("the done-marker is for another image (" + src + ")");
    const uintmax_t size = fs::file_size(source, ec);
    const int64_t mtime = ec ? 0 : modificationNs(source, ec);
    if (ec || srcSize != std::to_string(size) || srcMtime != std::to_string(mtime))
        return stale("the image changed since it was segmented");
    if (fp != fingerprint(settings))
        return stale("the settings differ from the run that wrote the outputs");
    if (outputs.empty())
        return stale("the done-marker lists no output");
    for (const auto &[expected, rel] : outputs) {
        const fs::path file = saveDir / fs::path(rel);
        const uintmax_t actual = fs::file_size(file, ec);
        if (ec)
            return stale("output " + rel + " is missing");
        if (actual != expected)
            return stale("output " + rel + " has " + std::to_string(actual) + " bytes, " + std::to_string(expected) +
                         " were written");
    }
    return {DoneCheck::State::Complete, {}};
}

void remove(const fs::path &saveDir, const std::string &baseName) noexcept
{
    std::error_code ec;
    fs::remove(path(saveDir, baseName), ec);
}

int removeInterruptedTemporaries(const fs::path &saveDir, const std::string &baseName) noexcept
{
    int removed = 0;
    auto sweep = [&](const fs::path &dir, auto belongs) {
        std::error_code ec;
        fs::directory_iterator it(dir, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            const auto tmp = name.rfind(".tmp-");
            if (name.size() < 2 || name[0] != '.' || tmp == std::string::npos || tmp + 11 != name.size())
                continue;
            if (!belongs(name.substr(1, tmp - 1)))
                continue;
            std::error_code rec;
            if (fs::is_regular_file(it->symlink_status(rec)) && fs::remove(it->path(), rec))
                ++removed;
        }
    };
    try {
        sweep(saveDir, [&](const std::string &target) {
            for (const char *suffix : {"_summary.txt", "_coco.json", "_visualization.jpg"})
                if (target == baseName + suffix)
                    return true;
            return false;
        });
        for (const char *sub : {"_masks", "_cutouts"})
            sweep(saveDir / (baseName + sub), [](const std::string &) { return true; });
        sweep(path(saveDir, baseName).parent_path(),
              [&](const std::string &target) { return target == baseName + ".done"; });
    } catch (...) {
    }
    return removed;
}

} // namespace dinosam::donemarker
