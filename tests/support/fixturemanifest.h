#pragma once
// ../shared/fixtures/manifest.json as plain data, so that the parity tests are driven
// by it: a new fixture (another photo, input size, prompt set, model size) is an entry
// in the manifest, not a change of the tests. Qt Core only (QJsonDocument).
//
// Used entries: "dinov2" (file, checkpoint, checkpoint_note, model, image, input_hw,
// patch_grid, tensors, pos_embed_interpolation) and "sam2" (file, checkpoint, model,
// image, prompts, tensors). "sam2_video" is read by the video parity test.
#include "fixtures.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace dinosam::test {

using ManifestShapes = std::map<QString, std::vector<int64_t>>;

/// One DINOv2 fixture file (dinov2_<model>_<image>.pt).
struct DinoFixtureEntry
{
    QString file;           ///< relative to the fixtures folder
    QString checkpoint;     ///< relative, e.g. "models/dinov2_vits14_reg4_random.pth"
    QString checkpointNote; ///< non-empty when the checkpoint was modified (register_tokens removed)
    QString model;          ///< hub id
    QString image;          ///< "truck" -> images/truck.jpg
    int64_t inputH = 0, inputW = 0;
    int64_t gridH = 0, gridW = 0;
    bool antialias = false;
    double interpolateOffset = 0.0;
    ManifestShapes tensors; ///< every tensor of the file with its shape
    QString imagePath() const { return QStringLiteral("images/%1.jpg").arg(image); }
};

/// One prompt of SAM2ImagePredictor.predict() as the generator passed it (original image pixels).
struct SamPromptEntry
{
    std::vector<std::array<float, 4>> boxes; ///< none, one, or a batch (one object per box)
    std::vector<std::array<float, 2>> points;
    std::vector<int> labels;
    bool multimask = false;
    /// Objects in the call: the number of boxes, or 1 for points only.
    int64_t objects() const { return boxes.empty() ? 1 : int64_t(boxes.size()); }
};

/// One SAM2 image fixture file.
struct SamFixtureEntry
{
    QString file;
    QString checkpoint;
    QString model;
    QString image;
    std::vector<SamPromptEntry> prompts; ///< prompt i's outputs are "p<i>_*"
    ManifestShapes tensors;
    QString imagePath() const { return QStringLiteral("images/%1.jpg").arg(image); }
};

struct FixtureManifest
{
    std::vector<DinoFixtureEntry> dinov2;
    std::vector<SamFixtureEntry> sam2;
    QString error; ///< empty when the manifest was read
};

namespace manifestdetail {

inline std::vector<int64_t> intList(const QJsonValue &v)
{
    std::vector<int64_t> out;
    for (const auto &x : v.toArray())
        out.push_back(int64_t(x.toDouble()));
    return out;
}

inline ManifestShapes shapes(const QJsonValue &v)
{
    ManifestShapes out;
    const auto o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out[it.key()] = intList(it.value().isObject() ? it.value().toObject().value(QStringLiteral("shape")) : it.value());
    return out;
}

inline std::array<float, 4> box(const QJsonArray &a)
{
    return {float(a[0].toDouble()), float(a[1].toDouble()), float(a[2].toDouble()), float(a[3].toDouble())};
}

} // namespace manifestdetail

/// Reads manifest.json from the fixtures folder. Never throws: a missing or malformed
/// manifest (or an entry without the fields the tests need) is reported in `error`.
inline FixtureManifest readFixtureManifest()
{
    using namespace manifestdetail;
    FixtureManifest m;
    QFile file(fixturePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::ReadOnly)) {
        m.error = QStringLiteral("cannot read ") + file.fileName();
        return m;
    }
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m.error = file.fileName() + QStringLiteral(": ") + parseError.errorString();
        return m;
    }
    QStringList problems;
    for (const auto &v : doc.object().value(QStringLiteral("dinov2")).toArray()) {
        const auto o = v.toObject();
        DinoFixtureEntry e;
        e.file = o.value(QStringLiteral("file")).toString();
        e.checkpoint = o.value(QStringLiteral("checkpoint")).toString();
        e.checkpointNote = o.value(QStringLiteral("checkpoint_note")).toString();
        e.model = o.value(QStringLiteral("model")).toString();
        e.image = o.value(QStringLiteral("image")).toString();
        const auto hw = intList(o.value(QStringLiteral("input_hw")));
        const auto grid = intList(o.value(QStringLiteral("patch_grid")));
        const auto interp = o.value(QStringLiteral("pos_embed_interpolation")).toObject();
        e.antialias = interp.value(QStringLiteral("antialias")).toBool();
        e.interpolateOffset = interp.value(QStringLiteral("interpolate_offset")).toDouble();
        e.tensors = shapes(o.value(QStringLiteral("tensors")));
        if (e.file.isEmpty() || e.checkpoint.isEmpty() || e.model.isEmpty() || e.image.isEmpty() || hw.size() != 2 ||
            grid.size() != 2 || !interp.contains(QStringLiteral("antialias")) || e.tensors.empty()) {
            problems << QStringLiteral("dinov2 entry '%1' lacks a field").arg(e.file);
            continue;
        }
        e.inputH = hw[0];
        e.inputW = hw[1];
        e.gridH = grid[0];
        e.gridW = grid[1];
        m.dinov2.push_back(e);
    }
    for (const auto &v : doc.object().value(QStringLiteral("sam2")).toArray()) {
        const auto o = v.toObject();
        SamFixtureEntry e;
        e.file = o.value(QStringLiteral("file")).toString();
        e.checkpoint = o.value(QStringLiteral("checkpoint")).toString();
        e.model = o.value(QStringLiteral("model")).toString();
        e.image = o.value(QStringLiteral("image")).toString();
        e.tensors = shapes(o.value(QStringLiteral("tensors")));
        for (const auto &pv : o.value(QStringLiteral("prompts")).toArray()) {
            const auto p = pv.toObject();
            SamPromptEntry prompt;
            prompt.multimask = p.value(QStringLiteral("multimask")).toBool();
            if (p.contains(QStringLiteral("box"))) {
                const auto b = p.value(QStringLiteral("box")).toArray();
                if (!b.isEmpty() && b[0].isArray()) {
                    for (const auto &one : b)
                        prompt.boxes.push_back(box(one.toArray()));
                } else {
                    prompt.boxes.push_back(box(b));
                }
            }
            const auto coords = p.value(QStringLiteral("point_coords")).toArray();
            const auto labels = p.value(QStringLiteral("point_labels")).toArray();
            for (qsizetype i = 0; i < coords.size(); ++i) {
                const auto c = coords[i].toArray();
                prompt.points.push_back({float(c[0].toDouble()), float(c[1].toDouble())});
                prompt.labels.push_back(i < labels.size() ? labels[i].toInt() : -1);
            }
            if (coords.size() != labels.size() || (prompt.boxes.empty() && prompt.points.empty()))
                problems << QStringLiteral("sam2 entry '%1': a prompt without points/labels or box").arg(e.file);
            e.prompts.push_back(prompt);
        }
        if (e.file.isEmpty() || e.checkpoint.isEmpty() || e.model.isEmpty() || e.image.isEmpty() || e.prompts.empty() ||
            e.tensors.empty()) {
            problems << QStringLiteral("sam2 entry '%1' lacks a field").arg(e.file);
            continue;
        }
        m.sam2.push_back(e);
    }
    if (m.dinov2.empty())
        problems << QStringLiteral("no dinov2 fixtures");
    if (m.sam2.empty())
        problems << QStringLiteral("no sam2 fixtures");
    m.error = problems.join(QStringLiteral("; "));
    return m;
}

/// The manifest, read once per process.
inline const FixtureManifest &fixtureManifest()
{
    static const FixtureManifest manifest = readFixtureManifest();
    return manifest;
}

} // namespace dinosam::test

/// In a _data() function: fails when the manifest could not be read (never skips).
#define DINOSAM_REQUIRE_MANIFEST()                                                                 \
    do {                                                                                           \
        if (!dinosam::test::fixtureManifest().error.isEmpty())                                     \
            QFAIL(qPrintable(QStringLiteral("fixture manifest: ") +                                \
                             dinosam::test::fixtureManifest().error));                             \
    } while (false)
