#include "export/batchexporter.h"

#include "export/exportformatregistry.h"
#include "export/resultexporter.h"

#include <stdexcept>

namespace dinosam {
namespace fs = std::filesystem;

BatchExporter::BatchExporter(fs::path outputDir, const std::vector<std::string> &formatIds, ExportOptions options)
    : m_outputDir(std::move(outputDir))
    , m_context(std::make_unique<ExportContext>(m_outputDir, std::move(options)))
{
    const ExportFormatRegistry &registry = ExportFormatRegistry::instance();
    for (const std::string &id : formatIds) {
        if (std::find(m_ids.begin(), m_ids.end(), id) != m_ids.end())
            continue;
        auto format = registry.create(id);
        if (!format)
            throw std::invalid_argument("unknown export format '" + id + "'");
        m_needsPixels = m_needsPixels || format->has(NeedsPixels);
        m_ids.push_back(id);
        m_formats.push_back(std::move(format));
    }
    if (m_formats.empty())
        throw std::invalid_argument("no export format chosen");
}

BatchExporter::~BatchExporter() = default;

std::string BatchExporter::uniqueBaseName(const fs::path &imagePath, const SegmentationResult &result, std::string &note)
{
    ExportOptions o;
    SegmentationResult named;
    named.imageName = imagePath.empty() ? result.imageName : imagePath.filename().string();
    const std::string base = exportBaseName(named, o);
    auto &[uses, first] = m_baseNames[base];
    ++uses;
    if (uses == 1) {
        first = named.imageName;
        return base;
    }
    // The numbered name itself may be taken by an image called so ("img_2.jpg").
    std::string candidate;
    int n = uses;
    do {
        candidate = base + "_" + std::to_string(n++);
    } while (m_baseNames.count(candidate));
    m_baseNames[candidate] = {1, named.imageName};
    note = (imagePath.empty() ? named.imageName : imagePath.string()) + " is written as " + candidate + "* (" + first +
           " already uses " + base + "*)";
    return candidate;
}

BatchExporter::ExportedImage BatchExporter::add(const fs::path &imagePath, const SegmentationResult &result,
                                                const cv::Mat &rgb, const std::string &baseName)
{
    if (m_finished)
        throw std::logic_error("BatchExporter::add after finish");
    ExportedImage out;
    if (baseName.empty()) {
        out.baseName = uniqueBaseName(imagePath, result, out.note);
    } else {
        out.baseName = baseName;
        m_baseNames[baseName] = {1, imagePath.filename().string()};
    }
    validateExportInput(result, rgb, m_outputDir / out.baseName, m_needsPixels);

    // Formats may add classes; a failed image must not leave them behind, so work on a copy.
    ExportContext context = *m_context;
    ExportImage image{&result, rgb, imagePath, out.baseName, m_index};
    size_t started = 0;
    try {
        ExportTransaction tx;
        tx.makeDir(m_outputDir);
        for (auto &format : m_formats) {
            ++started;
            try {
                format->writeImage(image, context, tx);
            } catch (const std::exception &e) {
                format->setErrorString(e.what());
                throw;
            }
        }
        out.files = tx.commit();
    } catch (...) {
        for (size_t k = 0; k < started; ++k)
            m_formats[k]->rollbackImage();
        throw;
    }
    *m_context = std::move(context);
    ++m_index;
    return out;
}

std::vector<fs::path> BatchExporter::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    ExportTransaction tx;
    tx.makeDir(m_outputDir);
    for (auto &format : m_formats) {
        if (!format->has(WritesPerBatch))
            continue;
        try {
            format->writeBatch(*m_context, tx);
        } catch (const std::exception &e) {
            format->setErrorString(e.what());
            throw;
        }
    }
    return tx.commit();
}

BatchReport exportBatch(const std::vector<fs::path> &images, const fs::path &outputDir,
                        const std::vector<std::string> &formatIds, const ExportOptions &options,
                        const BatchCallbacks &callbacks)
{
    BatchExporter exporter(outputDir, formatIds, options);
    BatchReport report;
    for (size_t i = 0; i < images.size(); ++i) {
        if (callbacks.cancelled && callbacks.cancelled()) {
            report.cancelled = true;
            report.notProcessed = images.size() - i;
            break;
        }
        const fs::path &path = images[i];
        BatchImage produced;
        try {
            produced = callbacks.produce(i, path);
        } catch (const std::exception &e) {
            if (callbacks.cancelled && callbacks.cancelled()) { // the producer stopped because of the cancel
                report.cancelled = true;
                report.notProcessed = images.size() - i;
                break;
            }
            report.failures.push_back({path, e.what()});
            if (callbacks.imageDone)
                callbacks.imageDone(i, path, nullptr, nullptr, e.what());
            continue;
        } catch (...) {
            report.failures.push_back({path, "unknown error"});
            if (callbacks.imageDone)
                callbacks.imageDone(i, path, nullptr, nullptr, "unknown error");
            continue;
        }
        try {
            BatchExporter::ExportedImage done = exporter.add(path, produced.result, produced.rgb, produced.baseName);
            ++report.imagesDone;
            report.objects += int64_t(produced.result.objects.size());
            report.files.insert(report.files.end(), done.files.begin(), done.files.end());
            if (!done.note.empty())
                report.notes.push_back(done.note);
            if (callbacks.imageDone)
                callbacks.imageDone(i, path, &produced, &done, {});
        } catch (const ExportWriteError &e) {
            report.failures.push_back({path, e.what()});
            report.stoppedOnWriteError = true;
            report.stopReason = e.what();
            report.notProcessed = images.size() - i - 1;
            if (callbacks.imageDone)
                callbacks.imageDone(i, path, nullptr, nullptr, e.what());
            break;
        } catch (const std::exception &e) {
            report.failures.push_back({path, e.what()});
            if (callbacks.imageDone)
                callbacks.imageDone(i, path, nullptr, nullptr, e.what());
        }
    }
    if (!report.stoppedOnWriteError) {
        try {
            const auto files = exporter.finish();
            report.files.insert(report.files.end(), files.begin(), files.end());
        } catch (const std::exception &e) {
            report.failures.push_back({outputDir, e.what()});
            report.stoppedOnWriteError = dynamic_cast<const ExportWriteError *>(&e) != nullptr;
            if (report.stoppedOnWriteError)
                report.stopReason = e.what();
        }
    }
    return report;
}

} // namespace dinosam
