#pragma once
// Annotations that persist: one JSON per image under `<folder>/.dinosam/`.
#include "annotation/imageannotation.h"
#include "annotation/labelset.h"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace dinosam {

/**
 * The annotation store of one image folder:
 *
 *   <folder>/.dinosam/project.json                 labels (names, colours, shortcuts), default label
 *   <folder>/.dinosam/classes.txt                  the label names, one per line (YOLO's classes.txt)
 *   <folder>/.dinosam/annotations/<image>.json     one file per image (annotationjson.h), <image> being
 *                                                  the image's path relative to the folder
 *
 * Why one file per image and not one project file: an autosave rewrites only the image that
 * changed (a few hundred KB at most, milliseconds), however large the folder; a damaged or
 * half-synced file costs one image, not the project; reopening reads only the images shown; and
 * the files diff and merge per image under version control.
 *
 * Writes are atomic (AtomicFile: temporary, fsync, rename): a crash or a full disk leaves the
 * previous version intact. A file that cannot be read as an annotation (damaged, foreign, newer
 * version) is reported with its name and moved aside to `<file>.bak` (`.bak.2`, ... when taken)
 * before anything is written there, so it is never silently overwritten.
 *
 * The store folder may live elsewhere (a read-only image folder: the studio lets the user choose
 * another place); its layout is the same.
 *
 * Errors: save*() throw ExportError naming the file (read-only folder, disk full). load*() never
 * throw for bad content: they report it. Thread: one thread at a time per store.
 */
class AnnotationStore
{
public:
    /// @param storeFolder where the files go; empty: `<imageFolder>/.dinosam`.
    explicit AnnotationStore(std::filesystem::path imageFolder, std::filesystem::path storeFolder = {});

    const std::filesystem::path &imageFolder() const { return m_folder; }
    /// <folder>/.dinosam, or the folder given to the constructor
    std::filesystem::path storeFolder() const;
    /// `<imageFolder>/.dinosam`, wherever this store writes.
    static std::filesystem::path defaultStoreFolder(const std::filesystem::path &imageFolder);
    /// Where the annotation of `image` (absolute, or relative to the folder) lives.
    std::filesystem::path annotationFile(const std::filesystem::path &image) const;
    /// `image` relative to the folder, '/' separated (the key written in the file).
    std::string relativeName(const std::filesystem::path &image) const;

    enum class Status {
        Missing, ///< no annotation yet
        Ok,      ///< loaded (problems may list skipped broken objects; the file was then kept as .bak)
        Damaged, ///< unreadable: reported, moved to backupFile
    };
    struct Loaded
    {
        Status status = Status::Missing;
        ImageAnnotation annotation;
        std::vector<std::string> problems; ///< each line starts with the file name
        std::filesystem::path backupFile;  ///< where the damaged original was kept
    };

    /// Reads the annotation of `image`.
    Loaded load(const std::filesystem::path &image) const;
    /// Writes it atomically (annotation.imageName is set from `image`). @throws ExportError.
    void save(const std::filesystem::path &image, ImageAnnotation annotation) const;
    /// Removes an image's annotation (no error when there is none).
    void remove(const std::filesystem::path &image) const;
    bool has(const std::filesystem::path &image) const;

    /// Images with an annotation file, as relative names, sorted (whether the image still exists
    /// or not: see missingImages()).
    std::vector<std::string> annotatedImages() const;
    /// Annotated images whose file is gone (renamed or removed since): their annotations are kept.
    std::vector<std::string> missingImages() const;

    /// Labels from project.json (else classes.txt, else empty); problems reported as for load().
    LabelSet loadLabels(std::string *defaultLabel = nullptr, std::vector<std::string> *problems = nullptr) const;
    /// Writes project.json and classes.txt atomically. @throws ExportError.
    void saveLabels(const LabelSet &labels, const std::string &defaultLabel = "object") const;

    /// How many saved objects carry each label (reads only the labels, not the masks); files
    /// that cannot be read, and the images named in @p except (relative names), are left out.
    std::map<std::string, int> labelCounts(const std::set<std::string> &except = {}) const;
    /// Gives the saved objects labelled like a key of @p renames the mapped label instead, in
    /// every annotation file (each rewritten atomically, only when it changed). @returns the
    /// number of files rewritten; problems (unreadable or unwritable files) are appended, the
    /// others are still done.
    int relabel(const std::map<std::string, std::string> &renames, std::vector<std::string> *problems = nullptr) const;

private:
    std::filesystem::path m_folder;
    std::filesystem::path m_store;
};

/// Moves a damaged file aside to `<file>.bak` (or `.bak.2`, `.bak.3`, ...). @returns the new name,
/// empty when it could not be moved (then nothing may be written over it: callers must refuse).
std::filesystem::path keepAsBackup(const std::filesystem::path &file);

} // namespace dinosam
