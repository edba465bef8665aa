#pragma once
// Wraps a PipelineBackend (the real one in end-to-end tests) and counts how
// often each encoder runs, so tests can prove which stages a change re-runs.
#include "pipeline/pipelinebackend.h"

#include <map>
#include <memory>
#include <string>

namespace dinosam::test {

struct EncoderCounts
{
    int dino = 0;
    int samEncode = 0;
    int samDecodeCalls = 0;
};

class CountingBackend : public PipelineBackend
{
public:
    explicit CountingBackend(std::shared_ptr<PipelineBackend> inner) : m_inner(std::move(inner)) {}

    EncoderCounts counts;

    std::shared_ptr<DinoEncoder> dino(const std::string &id) override
    {
        return std::make_shared<Dino>(m_inner->dino(id), counts);
    }
    std::shared_ptr<Sam2Engine> sam2(const std::string &id) override
    {
        return std::make_shared<Sam>(m_inner->sam2(id), counts);
    }
    std::shared_ptr<RegionFinder> regionFinder() override { return m_inner->regionFinder(); }

private:
    struct Dino : DinoEncoder
    {
        Dino(std::shared_ptr<DinoEncoder> inner, EncoderCounts &c) : inner(std::move(inner)), counts(c) {}
        std::shared_ptr<const DinoFeatures> encode(const cv::Mat &rgb, int inputSize) override
        {
            ++counts.dino;
            return inner->encode(rgb, inputSize);
        }
        std::shared_ptr<DinoEncoder> inner;
        EncoderCounts &counts;
    };
    struct Sam : Sam2Engine
    {
        Sam(std::shared_ptr<Sam2Engine> inner, EncoderCounts &c) : inner(std::move(inner)), counts(c) {}
        std::shared_ptr<const Sam2Features> encode(const cv::Mat &rgb) override
        {
            ++counts.samEncode;
            return inner->encode(rgb);
        }
        std::vector<Sam2Mask> decode(const Sam2Features &f, const std::vector<Prompt> &p) override
        {
            ++counts.samDecodeCalls;
            return inner->decode(f, p);
        }
        std::shared_ptr<Sam2Engine> inner;
        EncoderCounts &counts;
    };

    std::shared_ptr<PipelineBackend> m_inner;
};

} // namespace dinosam::test
