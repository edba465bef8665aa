#include "annotation/annotationstore.h"

#include "annotation/annotationjson.h"
#include "export/atomicfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace dinosam {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxAnnotationBytes = std::uintmax_t(1) << 30;

bool readFile(const fs::path &file, std::string &text, std::string &error)
{
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
        error = ec.message();
        return false;
    }
    if (size > kMaxAnnotationBytes) {
        error = "larger than 1 GiB, not an annotation file";
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        error = "cannot open";
        return false;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text = s.str();
    return true;
}

void makeFolders(const fs::path &dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw ExportError(dir, "cannot create folder: " + (ec ? ec.message() : std::string("not a folder")));
}

} // namespace

fs::path keepAsBackup(const fs::path &file)
{
    for (int n = 1; n < 1000; ++n) {
        fs::path bak = file;
        bak += n == 1 ? ".bak" : ".bak." + std::to_string(n);
        std::error_code ec;
        if (fs::exists(bak, ec))
            continue;
        fs::rename(file, bak, ec);
        return ec ? fs::path() : bak;
    }
    return {};
}

AnnotationStore::AnnotationStore(fs::path imageFolder, fs::path storeFolder)
    : m_folder(std::move(imageFolder))
    , m_store(storeFolder.empty() ? defaultStoreFolder(m_folder) : std::move(storeFolder))
{
}

fs::path AnnotationStore::defaultStoreFolder(const fs::path &imageFolder) { return imageFolder / ".dinosam"; }

fs::path AnnotationStore::storeFolder() const { return m_store; }

std::string AnnotationStore::relativeName(const fs::path &image) const
{
    if (image.is_relative())
        return image.lexically_normal().generic_string();
    std::error_code ec;
    const fs::path rel = fs::relative(image, fs::absolute(m_folder, ec), ec);
    if (ec || rel.empty() || *rel.begin() == "..")
        return image.filename().generic_string();
    return rel.generic_string();
}

fs::path AnnotationStore::annotationFile(const fs::path &image) const
{
    fs::path rel(relativeName(image));
    rel += ".json";
    return storeFolder() / "annotations" / rel;
}

bool AnnotationStore::has(const fs::path &image) const
{
    std::error_code ec;
    return fs::is_regular_file(annotationFile(image), ec);
}

AnnotationStore::Loaded AnnotationStore::load(const fs::path &image) const
{
    Loaded out;
    const fs::path file = annotationFile(image);
    std::error_code ec;
    if (!fs::exists(file, ec))
        return out;
    std::string text, error;
    ReadProblems problems;
    ImageAnnotation a;
    if (!readFile(file, text, error)) {
        problems.fatal = true;
        problems.lines.push_back(error);
    } else {
        a = annotationFromJson(text, problems);
    }
    for (const std::string &line : problems.lines)
        out.problems.push_back(file.string() + ": " + line);
    if (problems.fatal) {
        out.status = Status::Damaged;
        out.backupFile = keepAsBackup(file);
        out.problems.push_back(out.backupFile.empty() ? file.string() + ": could not be moved aside; it is left as it is"
                                                      : file.string() + ": kept as " + out.backupFile.string());
        return out;
    }
    if (!problems.empty()) {
        // Some objects were unreadable: keep the original, since the next save drops them.
        fs::path bak = file;
        bak += ".bak";
        for (int n = 2; fs::exists(bak, ec) && n < 1000; ++n) {
            bak = file;
            bak += ".bak." + std::to_string(n);
        }
        fs::copy_file(file, bak, ec);
        if (!ec) {
            out.backupFile = bak;
            out.problems.push_back(file.string() + ": the original is kept as " + bak.string());
        }
    }
    out.status = Status::Ok;
    a.imageName = relativeName(image);
    out.annotation = std::move(a);
    return out;
}

void AnnotationStore::save(const fs::path &image, ImageAnnotation annotation) const
{
    const fs::path file = annotationFile(image);
    makeFolders(file.parent_path());
    std::error_code ec;
    if (fs::exists(file, ec)) {
        // Never write over something that is not one of ours (a damaged or foreign file nobody
        // loaded): move it aside first, or refuse.
        std::ifstream in(file, std::ios::binary);
        std::string head(256, '\0');
        in.read(head.data(), std::streamsize(head.size()));
        head.resize(size_t(std::max<std::streamsize>(0, in.gcount())));
        if (head.find("\"format\": \"dinosam-annotation\"") == std::string::npos && keepAsBackup(file).empty())
            throw ExportError(file, "is not a DinoSam annotation and could not be moved aside; not overwritten");
    }
    annotation.imageName = relativeName(image);
    AtomicFile::write(file, annotationToJson(annotation));
}

void AnnotationStore::remove(const fs::path &image) const
{
    std::error_code ec;
    fs::remove(annotationFile(image), ec);
}

std::vector<std::string> AnnotationStore::annotatedImages() const
{
    std::vector<std::string> out;
    const fs::path root = storeFolder() / "annotations";
    std::error_code ec;
    if (!fs::is_directory(root, ec))
        return out;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        const std::string name = it->path().filename().string();
        if (name.size() <= 5 || name.compare(name.size() - 5, 5, ".json") != 0 || name[0] == '.')
            continue;
        std::string rel = fs::relative(it->path(), root, ec).generic_string();
        rel.resize(rel.size() - 5);
        out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> AnnotationStore::missingImages() const
{
    std::vector<std::string> out;
    for (const std::string &name : annotatedImages()) {
        std::error_code ec;
        if (!fs::exists(m_folder / fs::path(name), ec))
            out.push_back(name);
    }
    return out;
}

LabelSet AnnotationStore::loadLabels(std::string *defaultLabel, std::vector<std::string> *problems) const
{
    const fs::path project = storeFolder() / "project.json";
    const fs::path classes = storeFolder() / "classes.txt";
    std::error_code ec;
    std::string fallback = "object";
    if (fs::exists(project, ec)) {
        std::string text, error;
        ReadProblems p;
        LabelSet set;
        if (readFile(project, text, error))
            set = projectFromJson(text, fallback, p);
        else
            p = {{error}, true};
        if (problems)
            for (const auto &line : p.lines)
                problems->push_back(project.string() + ": " + line);
        if (!p.fatal) {
            if (defaultLabel)
                *defaultLabel = fallback;
            return set;
        }
        const fs::path bak = keepAsBackup(project);
        if (problems)
            problems->push_back(project.string() + (bak.empty() ? ": could not be moved aside" : ": kept as " + bak.string()));
    }
    if (defaultLabel)
        *defaultLabel = fallback;
    if (fs::exists(classes, ec)) {
        try {
            return LabelSet::loadClassesFile(classes);
        } catch (const std::exception &e) {
            if (problems)
                problems->push_back(e.what());
        }
    }
    return {};
}

void AnnotationStore::saveLabels(const LabelSet &labels, const std::string &defaultLabel) const
{
    makeFolders(storeFolder());
    AtomicFile::write(storeFolder() / "project.json", projectToJson(labels, defaultLabel));
    labels.saveClassesFile(storeFolder() / "classes.txt");
}

std::map<std::string, int> AnnotationStore::labelCounts(const std::set<std::string> &except) const
{
    std::map<std::string, int> counts;
    for (const std::string &name : annotatedImages()) {
        if (except.count(name))
            continue;
        std::string text, error;
        if (!readFile(annotationFile(name), text, error))
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text));
        for (const QJsonValue &o : doc.object().value(QStringLiteral("objects")).toArray())
            ++counts[o.toObject().value(QStringLiteral("label")).toString().toStdString()];
    }
    return counts;
}

int AnnotationStore::relabel(const std::map<std::string, std::string> &renames, std::vector<std::string> *problems) const
{
    int rewritten = 0;
    if (renames.empty())
        return 0;
    for (const std::string &name : annotatedImages()) {
        Loaded loaded = load(name);
        if (problems)
            problems->insert(problems->end(), loaded.problems.begin(), loaded.problems.end());
        if (loaded.status != Status::Ok)
            continue;
        bool changed = false;
        for (AnnotatedObject &o : loaded.annotation.objects)
            if (const auto it = renames.find(o.object.label); it != renames.end() && it->second != o.object.label) {
                o.object.label = it->second;
                changed = true;
            }
        if (!changed)
            continue;
        try {
            save(name, std::move(loaded.annotation));
            ++rewritten;
        } catch (const std::exception &e) {
            if (problems)
                problems->push_back(e.what());
        }
    }
    return rewritten;
}

} // namespace dinosam
