#include "pipeline/pipelinebackend.h"

namespace dinosam {
namespace {

std::size_t tensorBytes(const at::Tensor &t) { return t.defined() ? std::size_t(t.nbytes()) : 0; }

} // namespace

std::size_t DinoFeatures::bytes() const
{
    return tensorBytes(clsToken) + tensorBytes(patchTokens) + tensorBytes(lastAttnCls) + tensorBytes(lastKeys) + 256;
}

std::size_t Sam2Features::bytes() const
{
    return tensorBytes(imageEmbed) + tensorBytes(highResFeat0) + tensorBytes(highResFeat1) + 256;
}

} // namespace dinosam
