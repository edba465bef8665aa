#include "models/dinov2/patchembed.h"

#include <torch/torch.h>

namespace dinosam::dinov2 {

PatchEmbedImpl::PatchEmbedImpl(int64_t patchSize, int64_t inChans, int64_t embedDim)
{
    proj = register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(inChans, embedDim, patchSize)
                                                         .stride(patchSize)
                                                         .bias(true)));
}

at::Tensor PatchEmbedImpl::forward(const at::Tensor &x)
{
    return proj->forward(x).flatten(2).transpose(1, 2); // [B, C, h, w] -> [B, h*w, C] (a view)
}

} // namespace dinosam::dinov2
