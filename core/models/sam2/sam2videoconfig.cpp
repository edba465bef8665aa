#include "models/sam2/sam2videoconfig.h"

namespace dinosam::sam2 {

Sam2VideoConfig sam2VideoConfigFor(const Sam2Config &config)
{
    Sam2VideoConfig v;
    v.memory.numMaskmem = 7;
    v.memory.maxObjPtrsInEncoder = 16;
    v.memory.onlyObjPtrsInThePastForEval = true;
    v.memory.useSignedTposEncToObjPtrs = config.isSam21;
    v.addTposEncToObjPtrs = config.isSam21;
    v.projTposEncInObjPtrs = config.isSam21;
    v.noObjEmbedSpatial = config.isSam21;
    return v;
}

} // namespace dinosam::sam2
