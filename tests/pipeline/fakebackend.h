#pragma once
// A PipelineBackend with fake models, for fast tests of the stage logic:
// "DINOv2" attention is the image's brightness on the patch grid, "SAM2" masks
// are the bright pixels inside the box prompt (or the bright component under
// the point). Every encoder call is counted. Discovery is the real one.
#include "pipeline/discoveryregionfinder.h"
#include "pipeline/pipelinebackend.h"
#include "pipeline/pipelineerror.h"

#include <ATen/ATen.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

namespace dinosam::test {

struct CallCounts
{
    int dinoEncodes = 0;
    int samEncodes = 0;
    int samDecodeCalls = 0;
    int promptsDecoded = 0;
    int prepares = 0;
    std::map<std::string, int> modelsLoaded;
};

class FakeDino : public DinoEncoder
{
public:
    FakeDino(std::string id, CallCounts &counts) : m_id(std::move(id)), m_counts(counts) {}

    std::shared_ptr<const DinoFeatures> encode(const cv::Mat &rgb, int inputSize) override
    {
        ++m_counts.dinoEncodes;
        const int longer = std::max(1, inputSize / 14);
        const double scale = double(longer) / std::max(rgb.cols, rgb.rows);
        const int gw = std::max(1, int(std::lround(rgb.cols * scale)));
        const int gh = std::max(1, int(std::lround(rgb.rows * scale)));
        cv::Mat gray, grid;
        cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
        cv::resize(gray, grid, cv::Size(gw, gh), 0, 0, cv::INTER_AREA);
        grid.convertTo(grid, CV_32F, 1.0 / 255.0);
        auto f = std::make_shared<DinoFeatures>();
        f->modelId = m_id;
        f->imageSize = rgb.size();
        f->inputSize = cv::Size(gw * 14, gh * 14);
        f->gridH = gh;
        f->gridW = gw;
        auto patches = at::from_blob(grid.ptr<float>(), {gh * gw}, at::kFloat).clone();
        auto row = at::cat({at::zeros({1}), patches}); // CLS column first
        f->lastAttnCls = at::stack({row, row}).unsqueeze(0); // [1, 2 heads, 1 + N]
        f->clsToken = at::zeros({1, 4});
        // Tokens: the patch's mean colour plus a small constant, so that "find similar" sees
        // patches of one colour as alike and black ones as unlike every colour.
        cv::Mat colour;
        cv::resize(rgb, colour, cv::Size(gw, gh), 0, 0, cv::INTER_AREA);
        auto tokens = at::full({1, gh * gw, 4}, 0.05f);
        auto acc = tokens.accessor<float, 3>();
        for (int i = 0; i < gh; ++i)
            for (int j = 0; j < gw; ++j)
                for (int c = 0; c < 3; ++c)
                    acc[0][i * gw + j][c] = colour.at<cv::Vec3b>(i, j)[c] / 255.f;
        f->patchTokens = tokens;
        return f;
    }

private:
    std::string m_id;
    CallCounts &m_counts;
};

struct FakeSamFeatures : Sam2Features
{
    cv::Mat bright; // CV_8U 0/255: pixels > 127
};

class FakeSam : public Sam2Engine
{
public:
    FakeSam(std::string id, CallCounts &counts) : m_id(std::move(id)), m_counts(counts) {}

    std::shared_ptr<const Sam2Features> encode(const cv::Mat &rgb) override
    {
        ++m_counts.samEncodes;
        auto f = std::make_shared<FakeSamFeatures>();
        f->modelId = m_id;
        f->imageSize = rgb.size();
        cv::Mat gray;
        cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
        f->bright = gray > 127;
        return f;
    }

    std::vector<Sam2Mask> decode(const Sam2Features &features, const std::vector<Prompt> &prompts) override
    {
        ++m_counts.samDecodeCalls;
        m_counts.promptsDecoded += int(prompts.size());
        const auto &fake = static_cast<const FakeSamFeatures &>(features);
        std::vector<Sam2Mask> out;
        for (const auto &p : prompts) {
            Sam2Mask m;
            m.mask = cv::Mat::zeros(fake.bright.size(), CV_8U);
            if (p.box) {
                const cv::Rect r = cv::Rect(*p.box) & cv::Rect(0, 0, m.mask.cols, m.mask.rows);
                fake.bright(r).copyTo(m.mask(r));
            } else if (!p.points.empty()) {
                cv::Mat labels;
                cv::connectedComponents(fake.bright, labels, 8, CV_32S);
                const cv::Point pt(std::clamp(int(p.points[0].x), 0, m.mask.cols - 1),
                                   std::clamp(int(p.points[0].y), 0, m.mask.rows - 1));
                const int l = labels.at<int>(pt);
                if (l > 0)
                    m.mask = (labels == l);
            }
            // Score: bigger masks score higher (deterministic, distinct).
            m.score = 0.5f + 0.5f * float(cv::countNonZero(m.mask)) / float(m.mask.total());
            out.push_back(std::move(m));
        }
        return out;
    }

private:
    std::string m_id;
    CallCounts &m_counts;
};

class CountingFinder : public DiscoveryRegionFinder
{
public:
    explicit CountingFinder(CallCounts &counts) : m_counts(counts) {}
    std::shared_ptr<const Prepared> prepare(const DinoFeatures &features, const SegmentationParams &params) override
    {
        ++m_counts.prepares;
        return DiscoveryRegionFinder::prepare(features, params);
    }

private:
    CallCounts &m_counts;
};

class FakeBackend : public PipelineBackend
{
public:
    CallCounts counts;

    std::shared_ptr<DinoEncoder> dino(const std::string &id) override
    {
        if (id.rfind("dinov2_", 0) != 0) // as the real backend: an unknown id is a bad argument
            throw PipelineError(PipelineError::Kind::InvalidArgument, "'" + id + "' is not a DINOv2 model id");
        auto &e = m_dino[id];
        if (!e) {
            ++counts.modelsLoaded[id];
            e = std::make_shared<FakeDino>(id, counts);
        }
        return e;
    }
    std::shared_ptr<Sam2Engine> sam2(const std::string &id) override
    {
        if (id.rfind("sam2", 0) != 0)
            throw PipelineError(PipelineError::Kind::InvalidArgument, "'" + id + "' is not a SAM2 model id");
        auto &e = m_sam[id];
        if (!e) {
            ++counts.modelsLoaded[id];
            e = std::make_shared<FakeSam>(id, counts);
        }
        return e;
    }
    std::shared_ptr<RegionFinder> regionFinder() override { return m_finder; }

private:
    std::map<std::string, std::shared_ptr<DinoEncoder>> m_dino;
    std::map<std::string, std::shared_ptr<Sam2Engine>> m_sam;
    std::shared_ptr<RegionFinder> m_finder = std::make_shared<CountingFinder>(counts);
};

/// 448x336 RGB: dark background, three bright rectangles of decreasing brightness.
inline cv::Mat syntheticScene()
{
    cv::Mat img(336, 448, CV_8UC3, cv::Scalar(20, 20, 20));
    cv::rectangle(img, cv::Rect(28, 28, 112, 84), cv::Scalar(250, 250, 250), cv::FILLED);  // A: brightest
    cv::rectangle(img, cv::Rect(224, 56, 140, 140), cv::Scalar(235, 235, 235), cv::FILLED); // B: largest
    cv::rectangle(img, cv::Rect(56, 224, 84, 56), cv::Scalar(220, 220, 220), cv::FILLED);  // C
    return img;
}

} // namespace dinosam::test
