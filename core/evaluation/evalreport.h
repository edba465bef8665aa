#pragma once
// `dinosam eval` output: the --sweep specification, the terminal table, the CSV
// and the published reference figures printed beside the results. std only.
#include "evaluation/discoverymetrics.h"

#include <string>
#include <vector>

namespace dinosam::evaluation {

/// A parameter sweep "NAME=FROM:TO:STEP" (inclusive; e.g. "threshold=0.3:0.9:0.05").
struct SweepSpec
{
    std::string parameter;       ///< "threshold" (the only one so far)
    std::vector<double> values;  ///< FROM, FROM+STEP, ... <= TO (+1e-9), rounded to 1e-9
};

/// Parses a sweep. Throws std::invalid_argument with a message fit for the command line:
/// unknown name, not three numbers, STEP <= 0, TO < FROM, values outside [0, 1], more than 1000 values.
SweepSpec parseSweep(const std::string &text);

/// One line of the results: a method at one parameter value.
struct EvalRow
{
    std::string method;          ///< "attention", "spectral", "similar"
    double threshold = 0;        ///< the value used (attention threshold or similarity threshold)
    DiscoveryMetrics metrics;
    double oneShotMiou = 0;      ///< "similar" only: the one-shot mIoU (NaN otherwise or when undefined)
    int oneShotEpisodes = 0;
};

/// A fixed-width table, one row per EvalRow, percentages with one decimal, "n/a" for NaN.
std::string formatTable(const std::vector<EvalRow> &rows);

/// CSV with a header line; fractions as plain numbers in [0, 1] (not percentages),
/// empty fields for NaN; '.' as decimal separator whatever the locale.
std::string formatCsv(const std::vector<EvalRow> &rows);

/// A published CorLoc figure (in percent).
struct ReferenceCorLoc
{
    const char *method;
    const char *backbone;
    double voc07, voc12, coco20k;
};

/// The reference CorLoc figures from the papers (VOC07 / VOC12 / COCO20k).
const std::vector<ReferenceCorLoc> &referenceCorLoc();

/// referenceCorLoc() as a small table with its caveat (other data sets than the user's).
std::string formatReferenceTable();

} // namespace dinosam::evaluation
