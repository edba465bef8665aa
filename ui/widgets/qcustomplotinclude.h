#pragma once
// qcustomplot.h uses Qt's `signals`, `slots`, `emit` and `foreach` keywords, which the
// project turns off (QT_NO_KEYWORDS, for LibTorch). Map them for this header only.
// Plot code never meets LibTorch headers, so the temporary macros are harmless.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
