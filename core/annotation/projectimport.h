#pragma once
// Importing labelme / COCO files into a folder's annotation store: what `dinosam import` and the
// studio's File ▸ Import Annotations… both do.
#include "annotation/annotationstore.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// What importIntoProject() did.
struct ProjectImportSummary
{
    int images = 0;                           ///< annotation files written
    int objects = 0;                          ///< objects added
    int skipped = 0;                          ///< broken records and images left out (one message each)
    int unreadableFiles = 0;                  ///< files that are neither COCO nor labelme
    std::vector<std::string> messages;        ///< every problem, in order, one line each, naming its file
    std::vector<std::filesystem::path> written; ///< the images whose annotation was written (absolute)
    bool labelsChanged = false;               ///< new labels were added to the label set passed in
    std::string storeError;                   ///< the store cannot be written: the import stopped there
};

/**
 * Imports each of @p files (COCO instance JSON, else labelme JSON) into @p store: the objects of
 * an image are added to its saved ones (all of them marked edited: a person drew them), or replace
 * them with @p replace. Images outside the store's image folder, or saved at another size, are
 * reported and skipped; so are broken records (the rest of their file is imported). The labels met
 * are added to @p labels (the caller saves them). Never throws; a store that cannot be written
 * stops the import with storeError set.
 */
ProjectImportSummary importIntoProject(const AnnotationStore &store, const std::vector<std::filesystem::path> &files,
                                       LabelSet &labels, bool replace = false);

} // namespace dinosam
