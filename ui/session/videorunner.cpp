#include "videorunner.h"

#include "pipeline/pipeline.h"
#include "tracking/videosession.h"
#include "video/framereader.h"

namespace dinosam::ui {

VideoRunner::VideoRunner(Pipeline &pipeline, const PipelineConfig &config)
    : m_session(std::make_unique<VideoSession>(pipeline, config))
{
}

VideoRunner::~VideoRunner() = default;

VideoFrameMasks VideoRunner::masksOf(int64_t frame) const
{
    VideoFrameMasks masks;
    masks.frame = frame;
    for (const auto &[id, track] : m_session->tracks().objects())
        if (const auto it = track.frames.find(frame); it != track.frames.end())
            masks.present.emplace_back(id, it->second);
    return masks;
}

VideoReport VideoRunner::run(const VideoRequest &request, const SegmentationParams &params,
                             const VideoFrameFn &frameTracked, const ProgressFn &progress, const CancelFn &cancel)
{
    VideoReport report;
    if (request.op != VideoOp::Open && !m_session->isOpen())
        throw EngineError(ErrorKind::Other, "no video is open (the settings changed since it was opened?): open it again");
    switch (request.op) {
    case VideoOp::Open: {
        std::unique_ptr<FrameReader> reader;
        try {
            reader = FrameReader::open(request.path);
        } catch (const std::exception &e) {
            throw EngineError(ErrorKind::Image, e.what());
        }
        report.frameCount = reader->frameCount();
        report.frameSize = reader->frameSize();
        report.fps = reader->fps();
        report.isFolder = reader->isFolder();
        report.name = trackRunName(request.path, reader->isFolder());
        m_session->open(std::move(reader), report.name);
        break;
    }
    case VideoOp::Discover: {
        RunControl control;
        control.isCancelled = cancel;
        if (progress)
            control.progress = [&progress](const PipelineProgress &pp) { progress(pp.overall, stageName(pp.stage)); };
        const VideoDiscovery found = m_session->discover(request.frame, params, control);
        report.discovered = found.result.objects.size();
        for (int64_t id : found.added) {
            const ObjectTrack &t = m_session->tracks().objects().at(id);
            report.added.push_back({id, t.label, t.firstFrame});
        }
        report.discoveryMap = found.result.discoveryMap;
        report.frameRgb = m_session->reader().frame(request.frame);
        report.frames.push_back(masksOf(request.frame));
        break;
    }
    case VideoOp::Propagate: {
        VideoPropagateObserver observer;
        observer.frameTracked = [&](int64_t frame, size_t done, size_t total) {
            if (frameTracked)
                frameTracked(masksOf(frame), done, total);
        };
        observer.keepGoing = [&cancel] { return !cancel || !cancel(); };
        const VideoPropagateOutcome outcome = m_session->propagate(request.frame, request.backward, observer);
        report.framesTracked = outcome.framesTracked;
        report.cancelled = outcome.cancelled;
        if (!outcome.cancelled)
            report.stopped = outcome.stopped;
        break;
    }
    case VideoOp::Correct: {
        if (request.objectId > 0) {
            m_session->correct(request.frame, request.objectId, request.prompt);
        } else {
            const int64_t id = m_session->addObject(request.frame, request.prompt, request.label, params.sam2Model);
            report.added.push_back({id, request.label, request.frame});
        }
        report.frames.push_back(masksOf(request.frame));
        break;
    }
    case VideoOp::RemoveObject:
        m_session->removeObject(request.objectId);
        break;
    case VideoOp::SetLabel:
        m_session->setLabel(request.objectId, request.label);
        break;
    case VideoOp::Export:
        for (const auto &file : m_session->exportTracks(request.outputDir, request.options))
            report.files.push_back(file.string());
        break;
    }
    report.modelRuns = m_session->modelRuns();
    return report;
}

} // namespace dinosam::ui
