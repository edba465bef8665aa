#include "models/catalog/verifiedstamp.h"

#include "models/catalog/modelcatalog.h"
#include "models/catalog/sha256.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace dinosam {
namespace {

bool fileState(const std::filesystem::path &file, int64_t &size, int64_t &mtime)
{
    std::error_code ec;
    const auto s = std::filesystem::file_size(file, ec);
    if (ec)
        return false;
    const auto t = std::filesystem::last_write_time(file, ec);
    if (ec)
        return false;
    size = int64_t(s);
    mtime = int64_t(t.time_since_epoch().count());
    return true;
}

bool isHex64(const std::string &s)
{
    if (s.size() != 64)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

} // namespace

std::filesystem::path stampPath(const std::filesystem::path &modelFile)
{
    std::filesystem::path p = modelFile;
    p += ".verified";
    return p;
}

std::optional<VerifiedStamp> readValidStamp(const std::filesystem::path &modelFile)
{
    std::ifstream in(stampPath(modelFile));
    if (!in)
        return std::nullopt;
    VerifiedStamp s;
    std::string header, line;
    if (!std::getline(in, header) || header != "dinosam-verified 1")
        return std::nullopt;
    bool haveSha = false, haveSize = false, haveMtime = false, haveKind = false;
    while (std::getline(in, line) && line.size() < 4096) {
        std::istringstream fields(line);
        std::string key, value;
        fields >> key >> value;
        if (key == "sha256") {
            s.sha256 = value;
            haveSha = isHex64(value);
        } else if (key == "size") {
            haveSize = bool(std::istringstream(value) >> s.size);
        } else if (key == "mtime") {
            haveMtime = bool(std::istringstream(value) >> s.mtime);
        } else if (key == "kind") {
            haveKind = value == "official" || value == "own";
            s.own = value == "own";
        } else if (key == "id") {
            s.id = value;
        }
    }
    int64_t size = 0, mtime = 0;
    if (!haveSha || !haveSize || !haveMtime || !haveKind || !fileState(modelFile, size, mtime))
        return std::nullopt;
    if (size != s.size || mtime != s.mtime)
        return std::nullopt; // the file changed since it was checked
    return s;
}

bool writeStamp(const std::filesystem::path &modelFile, const std::string &sha256, bool own, const std::string &id,
                std::string *error)
{
    int64_t size = 0, mtime = 0;
    if (!fileState(modelFile, size, mtime)) {
        if (error)
            *error = "cannot read " + modelFile.string();
        return false;
    }
    const std::filesystem::path target = stampPath(modelFile);
    std::filesystem::path temp = target;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << "dinosam-verified 1\n"
            << "sha256 " << sha256 << '\n'
            << "size " << size << '\n'
            << "mtime " << mtime << '\n'
            << "kind " << (own ? "own" : "official") << '\n'
            << "id " << id << '\n';
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            if (error)
                *error = "cannot write " + temp.string();
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        if (error)
            *error = "cannot write " + target.string();
        return false;
    }
    return true;
}

HashCheck checkFileHash(const std::filesystem::path &file, const std::string &expectedSha256, int64_t expectedSize,
                        const std::string &displayName)
{
    HashCheck r;
    int64_t size = 0, mtime = 0;
    if (!fileState(file, size, mtime)) {
        r.message = displayName + ": cannot read the file";
        return r;
    }
    std::string error;
    r.sha256 = sha256OfFile(file, &error);
    if (r.sha256.empty()) {
        r.message = displayName + ": " + error;
        return r;
    }
    const bool sizeOk = expectedSize <= 0 || size == expectedSize;
    if (r.sha256 != expectedSha256 || !sizeOk) {
        r.message = displayName + ": SHA-256 mismatch: the file has " + r.sha256 + ", the published file has " +
                    expectedSha256;
        if (!sizeOk)
            r.message += " (size " + std::to_string(size) + " bytes, published " + std::to_string(expectedSize) +
                         " bytes)";
        return r;
    }
    r.ok = true;
    r.message = "size and SHA-256 match the published file";
    return r;
}

HashCheck verifyInstalledFile(const std::filesystem::path &file, const std::string &expectedSha256,
                              int64_t expectedSize, const std::string &id)
{
    if (const auto stamp = readValidStamp(file)) {
        if (stamp->own) {
            HashCheck r;
            r.ok = r.fromStamp = r.own = true;
            r.sha256 = stamp->sha256;
            r.message = "your own checkpoint (installed with --own; unverified: no published hash compared)";
            return r;
        }
        if (stamp->sha256 == expectedSha256 && (expectedSize <= 0 || stamp->size == expectedSize)) {
            HashCheck r;
            r.ok = r.fromStamp = true;
            r.sha256 = stamp->sha256;
            r.message = "size and SHA-256 match the published file (verified " + formatBytes(stamp->size) +
                        " earlier; the file is unchanged since)";
            return r;
        }
    }
    HashCheck r = checkFileHash(file, expectedSha256, expectedSize, file.filename().string());
    if (r.ok) {
        std::string error;
        if (!writeStamp(file, r.sha256, false, id, &error))
            r.message += " (warning: " + error + ")";
    }
    return r;
}

} // namespace dinosam
