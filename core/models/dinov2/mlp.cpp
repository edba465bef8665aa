#include "models/dinov2/mlp.h"

#include <torch/torch.h>

namespace dinosam::dinov2 {

MlpImpl::MlpImpl(int64_t inFeatures, int64_t hiddenFeatures, bool bias)
{
    fc1 = register_module("fc1", Linear(inFeatures, hiddenFeatures, bias));
    fc2 = register_module("fc2", Linear(hiddenFeatures, inFeatures, bias));
}

at::Tensor MlpImpl::forward(const at::Tensor &x)
{
    auto hidden = fc1->forward(x); // [B, N, hidden]
    at::gelu_(hidden);             // in place: the buffer is ours
    return fc2->forward(hidden);   // [B, N, C]
}

} // namespace dinosam::dinov2
