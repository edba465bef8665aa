#pragma once
// `dinosam similar`: every object like the given example(s), in each target image.
#include <QStringList>

namespace dinosam::cli {

/// `arguments`: the program name followed by similar's own arguments ("similar" removed).
/// --exemplar IMAGE starts an example, --negative IMAGE a "not this" example; each is
/// followed by its --box x0,y0,x1,y1 or --mask MASK.png. Exit codes as for segmentation.
int runSimilarCommand(const QStringList &arguments);

} // namespace dinosam::cli
