#include "models/dinov2/swigluffnfused.h"

#include <torch/torch.h>

namespace dinosam::dinov2 {

SwiGLUFFNFusedImpl::SwiGLUFFNFusedImpl(int64_t inFeatures, int64_t hiddenFeatures, bool bias)
{
    w12 = register_module("w12", Linear(inFeatures, 2 * hiddenFeatures, bias));
    w3 = register_module("w3", Linear(hiddenFeatures, inFeatures, bias));
}

at::Tensor SwiGLUFFNFusedImpl::forward(const at::Tensor &x)
{
    const auto x12 = w12->forward(x);     // [B, N, 2*hidden]
    auto halves = x12.chunk(2, -1);       // x1, x2: [B, N, hidden] views
    auto hidden = at::silu(halves[0]);    // new buffer
    hidden.mul_(halves[1]);
    return w3->forward(hidden);           // [B, N, C]
}

} // namespace dinosam::dinov2
