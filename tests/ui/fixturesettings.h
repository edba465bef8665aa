#pragma once
// The studio's settings for the random-weight fixture models, written afresh (as the Settings
// dialog stores them): the tests on the real pipeline start from these.
#include "appsettings.h"
#include "fixtures.h"

#include <QSettings>

namespace dinosam::test {

/// Clears every setting, then sets the fixture checkpoints, 2 threads and `params` with the
/// fixture model ids. Returns the parameters stored.
inline SegmentationParams writeFixtureStudioSettings(SegmentationParams params = {})
{
    QSettings().clear();
    ui::AppSettings settings;
    settings.setCheckpointPath(QStringLiteral("dinov2_vits14_reg4"),
                               fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth")));
    settings.setCheckpointPath(QStringLiteral("sam2.1_hiera_tiny"),
                               fixturePath(QStringLiteral("models/sam2.1_hiera_tiny_random.pt")));
    settings.setThreads(2);
    params.dinoModel = "dinov2_vits14_reg4";
    params.sam2Model = "sam2.1_hiera_tiny";
    settings.setParams(params);
    return params;
}

} // namespace dinosam::test
