#pragma once
// `dinosam merge-coco -o FILE INPUT...`: one COCO file out of many (per image or per shard).
#include <QByteArray>
#include <QStringList>

namespace dinosam::cli {

/**
 * Merges COCO instance files. INPUT: a COCO JSON file, or a folder whose `*_coco.json` files are
 * taken in natural order (`--recursive`: also in sub-folders). Output ids are consistent: images
 * 1..N in input order, annotations 1..M, categories merged by name (1..K, first seen first), every
 * annotation's image_id and category_id remapped. Inputs are untrusted: an input that is not a
 * COCO object, an annotation whose image or category is not in its file, duplicate ids within a
 * file, or the same image file_name in two inputs (an image processed twice) stop the merge with
 * a message naming the file; nothing is written then. The output is written atomically.
 * @param arguments the arguments after `merge-coco`.
 * @returns 0 merged, 1 invalid input, 2 usage, 3 output not writable. Never throws.
 */
int runMergeCocoCommand(const QStringList &arguments);

/// The merge of runMergeCocoCommand() over these files, as compact JSON.
/// @throws std::runtime_error naming the file for invalid input.
QByteArray mergeCocoFiles(const QStringList &files);

} // namespace dinosam::cli
