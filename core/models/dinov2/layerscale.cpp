#include "models/dinov2/layerscale.h"

#include <torch/torch.h>

namespace dinosam::dinov2 {

LayerScaleImpl::LayerScaleImpl(int64_t dim, double initValues)
{
    gamma = register_parameter("gamma", torch::full({dim}, initValues), /*requires_grad=*/false);
}

at::Tensor LayerScaleImpl::forward(const at::Tensor &x)
{
    return x * gamma;
}

void LayerScaleImpl::addScaledTo(at::Tensor &residual, const at::Tensor &x)
{
    residual.addcmul_(x, gamma); // [B, N, C] += [B, N, C] * [C]
}

} // namespace dinosam::dinov2
