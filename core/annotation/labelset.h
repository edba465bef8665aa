#pragma once
// The class labels of a folder/project: names, colours, keyboard shortcuts.
#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// One class label.
struct Label
{
    std::string name;   ///< UTF-8, trimmed, never empty, no line breaks
    cv::Vec3b color;    ///< RGB
    int shortcut = 0;   ///< 1..9 (the digit key), 0 = none
    bool operator==(const Label &) const = default;
};

/**
 * An ordered set of labels (order = class ids in the exports). Names are unique (exact UTF-8
 * comparison after trimming). New labels get LabelSet::defaultColor(position) and the first free
 * digit 1–9 as shortcut. Plain value type; not thread-safe.
 *
 * File: `classes.txt`, one name per line (YOLO's convention), UTF-8 (a BOM is skipped), CR LF
 * accepted, empty lines and duplicates skipped. Colours and shortcuts live in the project file
 * (annotationstore.h).
 */
class LabelSet
{
public:
    /// Normalises a user-typed name: trims spaces, turns line breaks and tabs into spaces.
    static std::string normalizedName(const std::string &name);
    /// A stable, well-separated colour for the label at `position` (golden-angle hue steps).
    static cv::Vec3b defaultColor(size_t position);

    size_t size() const { return m_labels.size(); }
    bool empty() const { return m_labels.empty(); }
    const Label &at(size_t i) const { return m_labels.at(i); }
    const std::vector<Label> &labels() const { return m_labels; }
    std::vector<std::string> names() const;
    /// Index of `name` (normalised), -1 when absent.
    int indexOf(const std::string &name) const;
    bool contains(const std::string &name) const { return indexOf(name) >= 0; }

    /// Adds `name` (normalised) unless present. @returns its index.
    /// @throws std::invalid_argument when the name is empty after normalisation.
    size_t add(const std::string &name);
    /// Adds a label with its colour and shortcut (as loaded from a project file); an existing name
    /// gets them. A shortcut another label has is taken from it.
    size_t add(const Label &label);
    /// Renames label `i`. @throws std::invalid_argument for an empty or already used name.
    void rename(size_t i, const std::string &name);
    void setColor(size_t i, cv::Vec3b color);
    /// 1..9 or 0; a label holding the same shortcut loses it.
    void setShortcut(size_t i, int shortcut);
    /// Index of the label with shortcut `digit` (1..9), -1 when none.
    int indexOfShortcut(int digit) const;
    void remove(size_t i);

    /// Reads a classes.txt. @throws std::runtime_error naming the file when it cannot be read.
    static LabelSet loadClassesFile(const std::filesystem::path &file);
    /// Parses classes.txt content.
    static LabelSet fromClassesText(const std::string &text);
    /// One name per line, '\n' after each.
    std::string toClassesText() const;
    /// Writes classes.txt atomically. @throws ExportError.
    void saveClassesFile(const std::filesystem::path &file) const;

    bool operator==(const LabelSet &) const = default;

private:
    std::vector<Label> m_labels;
};

} // namespace dinosam
