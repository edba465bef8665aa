#include "export/numberformat.h"

#include <charconv>
#include <cmath>

namespace dinosam {

std::string formatFixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "0";
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return r.ec == std::errc() ? std::string(buffer, r.ptr) : std::string("0");
}

std::string formatShortest(float value)
{
    if (!std::isfinite(value))
        return "0";
    char buffer[64];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    return r.ec == std::errc() ? std::string(buffer, r.ptr) : std::string("0");
}

} // namespace dinosam
