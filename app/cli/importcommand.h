#pragma once
// `dinosam import PROJECT_DIR FILE...`: labelme or COCO annotations into the project's store.
#include <QStringList>

namespace dinosam::cli {

/**
 * Imports each FILE (a COCO instance JSON, or a labelme JSON per image; told apart by content)
 * into PROJECT_DIR/.dinosam, where the studio and `dinosam export` find them. Imported objects
 * count as the user's (edited: kept when discovery runs again). An image that already has an
 * annotation gets the imported objects added (`--replace`: instead of its objects). Broken
 * records are reported one per line, the rest imported; images outside PROJECT_DIR are
 * reported and skipped. The labels met join the project's label set.
 * @param arguments the arguments after `import`.
 * @returns 0 all imported, 1 some records or images skipped, 2 usage, 3 nothing could be imported
 * (no such folder, unreadable files, unwritable store). Never throws.
 */
int runImportCommand(const QStringList &arguments);

} // namespace dinosam::cli
