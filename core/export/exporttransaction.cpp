#include "export/exporttransaction.h"

#include <opencv2/imgcodecs.hpp>

#include <system_error>

namespace dinosam {
namespace fs = std::filesystem;

std::vector<unsigned char> encodeImage(const fs::path &target, const char *ext, const cv::Mat &image,
                                       const std::vector<int> &params)
{
    std::vector<unsigned char> bytes;
    bool ok = false;
    try {
        ok = cv::imencode(ext, image, bytes, params);
    } catch (const cv::Exception &e) {
        throw ExportError(target, std::string("cannot encode image: ") + e.err);
    }
    if (!ok)
        throw ExportError(target, "cannot encode image");
    return bytes;
}

ExportTransaction::~ExportTransaction()
{
    if (m_committed)
        return;
    m_files.clear(); // removes the temporaries
    for (auto it = m_createdDirs.rbegin(); it != m_createdDirs.rend(); ++it) {
        std::error_code ec;
        fs::remove(*it, ec); // only removes an empty folder
    }
}

void ExportTransaction::makeDir(const fs::path &dir)
{
    std::error_code ec;
    if (dir.empty() || fs::is_directory(dir, ec))
        return;
    if (fs::exists(dir, ec))
        throw ExportWriteError(dir, "cannot create folder: the path exists and is not a folder");
    if (dir.has_parent_path() && dir.parent_path() != dir)
        makeDir(dir.parent_path());
    if (!fs::create_directory(dir, ec) && !fs::is_directory(dir))
        throw ExportWriteError(dir, "cannot create folder: " + (ec ? ec.message() : std::string("not a folder")));
    m_createdDirs.push_back(dir);
}

void ExportTransaction::add(const fs::path &target, std::span<const unsigned char> bytes)
{
    AtomicFile file(target);
    try {
        file.prepare(bytes);
    } catch (const ExportError &e) {
        throw ExportWriteError(e);
    }
    m_files.push_back(std::move(file));
}

void ExportTransaction::add(const fs::path &target, const std::string &text)
{
    add(target, std::span<const unsigned char>(reinterpret_cast<const unsigned char *>(text.data()), text.size()));
}

void ExportTransaction::addImage(const fs::path &target, const char *ext, const cv::Mat &image,
                                 const std::vector<int> &params)
{
    add(target, encodeImage(target, ext, image, params));
}

void ExportTransaction::afterCommit(std::function<void()> action) { m_after.push_back(std::move(action)); }

std::vector<fs::path> ExportTransaction::commit()
{
    std::vector<fs::path> written;
    written.reserve(m_files.size());
    for (AtomicFile &f : m_files) {
        try {
            f.commit();
        } catch (const ExportError &e) {
            throw ExportWriteError(e);
        }
        written.push_back(f.target());
    }
    m_committed = true;
    for (auto &action : m_after) {
        try {
            action();
        } catch (...) {
        }
    }
    return written;
}

} // namespace dinosam
