#include "models/sam2/attentionutil.h"

#include <torch/torch.h>

#include <algorithm>

namespace dinosam::sam2 {

namespace {
at::Tensor attend(const at::Tensor &q, const at::Tensor &kt, const at::Tensor &v, double scale)
{
    auto scores = at::matmul(q * scale, kt); // [..., Nq, Nk]
    // In place: the row-wise kernel reads each input element before writing it,
    // and the score matrices of global attention are the largest tensors here.
    at::softmax_out(scores, scores, -1);
    return at::matmul(scores, v);
}
} // namespace

at::Tensor attention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, double scale)
{
    const int64_t nq = q.size(-2);
    const int64_t nk = k.size(-2);
    // Batch of the score matrix (q and k may broadcast against each other).
    const int64_t batch = std::max(q.numel() / std::max<int64_t>(1, nq * q.size(-1)),
                                   k.numel() / std::max<int64_t>(1, nk * k.size(-1)));
    const auto kt = k.transpose(-2, -1);
    constexpr int64_t kMaxScores = int64_t(1) << 25; // floats per score matrix (128 MB)
    if (batch * nq * nk <= kMaxScores)
        return attend(q, kt, v, scale);
    // Global attention on big maps (Hiera's global blocks): chunk the queries.
    const int64_t chunk = std::max<int64_t>(1, kMaxScores / (batch * nk));
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < nq; start += chunk)
        parts.push_back(attend(q.narrow(-2, start, std::min(chunk, nq - start)), kt, v, scale));
    return at::cat(parts, -2);
}

} // namespace dinosam::sam2
