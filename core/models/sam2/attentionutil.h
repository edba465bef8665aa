#pragma once
// Scaled dot-product attention written with matmul + softmax (LibTorch 1.13 has
// no scaled_dot_product_attention), equal to F.scaled_dot_product_attention
// without mask or dropout.
#include <ATen/core/Tensor.h>

namespace dinosam::sam2 {

/// softmax(q k^T * scale) v for q [..., Nq, D], k and v [..., Nk, D] (any strides).
/// Large score matrices are computed in query chunks to bound memory (~128 MB).
at::Tensor attention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, double scale);

} // namespace dinosam::sam2
