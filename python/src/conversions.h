#pragma once
// numpy <-> cv::Mat and Python argument conversions for the dinosam module.
// All functions need the GIL. Torch-free.
#include <opencv2/core.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <filesystem>
#include <optional>
#include <string>

namespace dinosam::python {

namespace py = pybind11;

/// A numpy array sharing `mat`'s buffer (no copy): the array's base owns a reference to
/// the Mat, so the pixels live as long as the array. CV_8UC1 gives (H, W) uint8 (or bool
/// when `asBool`: the values must then be 0/1), CV_8UC3 (H, W, 3) uint8, CV_32FC1 (H, W)
/// float32. Throws std::invalid_argument for other types.
py::array toArray(cv::Mat mat, bool asBool = false);

/// An RGB image argument as a CV_8UC3 Mat. (H, W, 3) uint8 arrays whose pixels are packed
/// (any row stride) are viewed without a copy; the Mat is valid while `array` lives.
/// (H, W) gray and (H, W, 4) RGBA uint8 arrays are converted (copy; alpha dropped).
/// Throws BadArgument (ValueError) naming `what` for anything else.
cv::Mat rgbView(const py::array &array, const char *what = "image");

/// A mask argument (bool or uint8, (H, W), nonzero = object) as a CV_8UC1 view (no copy when
/// rows are packed). Throws BadArgument.
cv::Mat maskView(const py::array &array, const char *what = "mask");

/// True for str, bytes and os.PathLike objects.
bool isPathLike(const py::handle &obj);

/// A str / os.PathLike argument as a path. Throws BadArgument naming `what` otherwise.
std::filesystem::path toPath(const py::handle &obj, const char *what);

/// None -> nullopt, else toPath().
std::optional<std::filesystem::path> optionalPath(const py::handle &obj, const char *what);

/// numpy float64 vector of the given values (small results: boxes, points).
py::array_t<double> doubles(std::initializer_list<double> values);

/// A float array argument of shape (N, cols) (or (cols,) for one row), as rows of doubles.
/// Throws BadArgument with `shapeText` (e.g. "(N, 4) [x1, y1, x2, y2]") in the message.
std::vector<std::vector<double>> rowsOf(const py::handle &obj, int cols, const char *what, const char *shapeText);

} // namespace dinosam::python
