#pragma once
// Locale-independent number formatting for the text and JSON exports: Qt applications
// call setlocale(LC_ALL, ""), after which printf would write "0,5" in many locales.
#include <string>

namespace dinosam {

/// Fixed notation with `decimals` digits after the point ("0.9500"). Non-finite values give "0".
std::string formatFixed(double value, int decimals);

/// Shortest text that reads back to the same float ("0.95", "12"). Non-finite values give "0".
std::string formatShortest(float value);

} // namespace dinosam
