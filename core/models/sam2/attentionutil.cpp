#include "models/sam2/attentionutil.h"

#include <torch/torch.h>

#include <algorithm>

namespace dinosam::sam2 {

at::Tensor attention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, double scale)
{
    const int64_t nq = q.size(-2);
    const int64_t nk = k.size(-2);
    const int64_t batch = q.numel() / std::max<int64_t>(1, nq * q.size(-1));
    const auto kt = k.transpose(-2, -1);
    constexpr int64_t kMaxScores = int64_t(1) << 25; // floats per score matrix
    if (batch * nq * nk <= kMaxScores) {
        auto scores = at::matmul(q * scale, kt); // [..., Nq, Nk]
        scores = at::softmax(scores, -1);
        return at::matmul(scores, v);
    }
    // Global attention on big maps (Hiera's global blocks, large models): chunk the queries.
    const int64_t chunk = std::max<int64_t>(1, kMaxScores / (batch * nk));
    auto sizes = q.sizes().vec();
    sizes.back() = v.size(-1);
    auto out = at::empty(sizes, q.options());
    for (int64_t start = 0; start < nq; start += chunk) {
        const int64_t len = std::min(chunk, nq - start);
        auto scores = at::matmul(q.narrow(-2, start, len) * scale, kt);
        scores = at::softmax(scores, -1);
        out.narrow(-2, start, len).copy_(at::matmul(scores, v));
    }
    return out;
}

} // namespace dinosam::sam2
