#pragma once
// Small helpers for the JSON the exports write by hand (stable key order, locale-independent numbers).
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace dinosam {

/// JSON string literal (quotes and escapes; UTF-8 passes through unchanged).
std::string jsonQuote(const std::string &text);

/// A coordinate: the shortest text that reads back to the same float ("12", "12.5").
std::string jsonNumber(float value);

} // namespace dinosam
