#include "batch/shardspec.h"

#include <charconv>

namespace dinosam {
namespace {

bool parseNumber(const std::string &text, long long &value)
{
    if (text.empty() || text.size() > 9)
        return false;
    for (const char c : text)
        if (c < '0' || c > '9')
            return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}

} // namespace

ShardSpec::Range ShardSpec::range(size_t total) const
{
    // 128-bit-free: total is a file count, far below 2^32, and count <= 10^6.
    const auto bound = [&](long long k) { return size_t((unsigned long long)(k) * total / (unsigned long long)count); };
    return {bound(index), bound(index + 1LL)};
}

std::string ShardSpec::toString() const
{
    return std::to_string(index) + "/" + std::to_string(count);
}

std::optional<ShardSpec> ShardSpec::parse(const std::string &text, std::string &error)
{
    const auto slash = text.find('/');
    long long k = 0, n = 0;
    if (slash == std::string::npos || !parseNumber(text.substr(0, slash), k) ||
        !parseNumber(text.substr(slash + 1), n)) {
        error = "--shard needs K/N with whole numbers, e.g. 0/4, got '" + text + "'";
        return std::nullopt;
    }
    if (n < 1 || n > 1000000) {
        error = "--shard K/N needs 1 <= N <= 1000000, got '" + text + "'";
        return std::nullopt;
    }
    if (k >= n) {
        error = "--shard K/N needs 0 <= K < N (K counts from 0), got '" + text + "'";
        return std::nullopt;
    }
    return ShardSpec{int(k), int(n)};
}

} // namespace dinosam
