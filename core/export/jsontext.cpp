#include "export/jsontext.h"

#include "export/numberformat.h"

namespace dinosam {

std::string jsonQuote(const std::string &text)
{
    std::string s = "\"";
    s.reserve(text.size() + 2);
    for (unsigned char c : text) {
        switch (c) {
        case '"': s += "\\\""; break;
        case '\\': s += "\\\\"; break;
        case '\n': s += "\\n"; break;
        case '\r': s += "\\r"; break;
        case '\t': s += "\\t"; break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                s += "\\u00";
                s += hex[c >> 4];
                s += hex[c & 15];
            } else {
                s += char(c);
            }
        }
    }
    return s + "\"";
}

std::string jsonNumber(float value) { return formatShortest(value); }

} // namespace dinosam
