#pragma once
// Several files written as one unit: all of them, or none.
#include "export/atomicfile.h"
#include "export/exporterror.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace dinosam {

/**
 * Collects the files of one export step (one image in every chosen format, or a batch's dataset
 * files): add() writes and fsyncs each file as a temporary next to its target (AtomicFile::prepare);
 * commit() renames them all into place. When the transaction is destroyed without commit(), the
 * temporaries and the folders it created are removed and existing files are untouched.
 *
 * Errors: a failure to create a folder or write a file throws ExportWriteError (disk full,
 * permissions, read-only file system...); encoding failures throw ExportError.
 * Thread: one thread at a time.
 */
class ExportTransaction
{
public:
    ExportTransaction() = default;
    ~ExportTransaction();
    ExportTransaction(const ExportTransaction &) = delete;
    ExportTransaction &operator=(const ExportTransaction &) = delete;

    /// Creates `dir` (and missing parents); they are removed again on rollback.
    void makeDir(const std::filesystem::path &dir);
    /// Writes `bytes` as the future content of `target` (its folder must exist: makeDir()).
    void add(const std::filesystem::path &target, std::span<const unsigned char> bytes);
    void add(const std::filesystem::path &target, const std::string &text);
    /// Encodes `image` with cv::imencode(ext) (".png", ".jpg") and adds it.
    void addImage(const std::filesystem::path &target, const char *ext, const cv::Mat &image,
                  const std::vector<int> &params = {});
    /// Runs after a successful commit (e.g. removing stale files). Exceptions are swallowed.
    void afterCommit(std::function<void()> action);

    /// Renames every file into place, in the order added. @returns the targets.
    std::vector<std::filesystem::path> commit();

    /// The files added so far (targets).
    size_t size() const { return m_files.size(); }

private:
    std::vector<AtomicFile> m_files;
    std::vector<std::filesystem::path> m_createdDirs;
    std::vector<std::function<void()>> m_after;
    bool m_committed = false;
};

/// cv::imencode with errors as ExportError naming `target`.
std::vector<unsigned char> encodeImage(const std::filesystem::path &target, const char *ext, const cv::Mat &image,
                                       const std::vector<int> &params = {});

} // namespace dinosam
