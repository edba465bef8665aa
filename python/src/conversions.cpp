#include "conversions.h"

#include "errors.h"

#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace dinosam::python {
namespace {

std::string shapeText(const py::array &a)
{
    std::string s = "(";
    for (py::ssize_t i = 0; i < a.ndim(); ++i)
        s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + (a.ndim() == 1 ? ",)" : ")");
}

std::string describe(const py::array &a)
{
    return "an array of shape " + shapeText(a) + " and dtype " + py::str(a.dtype()).cast<std::string>();
}

} // namespace

py::array toArray(cv::Mat mat, bool asBool)
{
    if (mat.empty())
        mat.create(0, 0, mat.type() ? mat.type() : CV_8UC1);
    py::dtype dtype;
    switch (mat.type()) {
    case CV_8UC1:
    case CV_8UC3:
        dtype = asBool ? py::dtype("bool") : py::dtype::of<uint8_t>();
        break;
    case CV_32FC1:
        dtype = py::dtype::of<float>();
        break;
    default:
        throw std::invalid_argument("toArray: unsupported cv::Mat type " + std::to_string(mat.type()));
    }
    std::vector<py::ssize_t> shape{mat.rows, mat.cols};
    std::vector<py::ssize_t> strides{py::ssize_t(mat.step[0]), py::ssize_t(mat.elemSize())};
    if (mat.channels() > 1) {
        shape.push_back(mat.channels());
        strides.push_back(py::ssize_t(mat.elemSize1()));
    }
    auto *owner = new cv::Mat(std::move(mat));
    py::capsule base(owner, [](void *p) { delete static_cast<cv::Mat *>(p); });
    return py::array(dtype, shape, strides, owner->data, base);
}

cv::Mat rgbView(const py::array &array, const char *what)
{
    const auto bad = [&](const std::string &detail) {
        return BadArgument(std::string(what) + " must be an HxWx3 uint8 RGB array, got " + detail);
    };
    if (!py::isinstance<py::array_t<uint8_t>>(array) || array.dtype().kind() != 'u' || array.itemsize() != 1)
        throw bad(describe(array));
    const py::ssize_t nd = array.ndim();
    if (nd != 2 && nd != 3)
        throw bad(describe(array));
    const int channels = nd == 2 ? 1 : int(array.shape(2));
    if (channels != 1 && channels != 3 && channels != 4)
        throw bad(describe(array));
    if (array.shape(0) > INT32_MAX || array.shape(1) > INT32_MAX)
        throw bad(describe(array));
    const int rows = int(array.shape(0)), cols = int(array.shape(1));
    if (rows == 0 || cols == 0)
        throw bad("an empty array of shape " + shapeText(array));
    // Packed pixels (channels, then columns, contiguous) with a positive row stride: a view.
    const bool packed = (nd == 2 || array.strides(2) == 1) && array.strides(1) == channels && array.strides(0) > 0 &&
                        array.strides(0) >= cols * channels;
    cv::Mat m;
    if (packed) {
        m = cv::Mat(rows, cols, CV_8UC(channels), const_cast<void *>(array.data()), size_t(array.strides(0)));
    } else {
        // Strided or flipped views: one packed copy in numpy's own order.
        const py::array_t<uint8_t, py::array::c_style | py::array::forcecast> packedCopy(array);
        m = cv::Mat(rows, cols, CV_8UC(channels), const_cast<uint8_t *>(packedCopy.data())).clone();
    }
    if (channels == 3)
        return m;
    cv::Mat rgb;
    cv::cvtColor(m, rgb, channels == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_RGBA2RGB);
    return rgb;
}

cv::Mat maskView(const py::array &array, const char *what)
{
    const char kind = array.dtype().kind();
    if (array.itemsize() != 1 || (kind != 'b' && kind != 'u') || array.ndim() != 2)
        throw BadArgument(std::string(what) + " must be an HxW bool array, got " + describe(array));
    const int rows = int(array.shape(0)), cols = int(array.shape(1));
    if (array.strides(1) == 1 && array.strides(0) >= cols)
        return cv::Mat(rows, cols, CV_8UC1, const_cast<void *>(array.data()), size_t(array.strides(0)));
    const py::array_t<uint8_t, py::array::c_style | py::array::forcecast> packedCopy(
        py::module_::import("numpy").attr("ascontiguousarray")(array).attr("view")("uint8"));
    return cv::Mat(rows, cols, CV_8UC1, const_cast<uint8_t *>(packedCopy.data())).clone();
}

bool isPathLike(const py::handle &obj)
{
    return py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj) || py::hasattr(obj, "__fspath__");
}

std::filesystem::path toPath(const py::handle &obj, const char *what)
{
    if (!isPathLike(obj))
        throw BadArgument(std::string(what) + " must be a str or os.PathLike, got " +
                          py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>());
    py::object fs = py::module_::import("os").attr("fspath")(obj);
    if (py::isinstance<py::bytes>(fs))
        return std::filesystem::path(fs.cast<std::string>());
    return std::filesystem::path(fs.cast<std::string>());
}

std::optional<std::filesystem::path> optionalPath(const py::handle &obj, const char *what)
{
    if (obj.is_none())
        return std::nullopt;
    return toPath(obj, what);
}

py::array_t<double> doubles(std::initializer_list<double> values)
{
    py::array_t<double> a(py::ssize_t(values.size()));
    double *d = a.mutable_data();
    for (double v : values)
        *d++ = v;
    return a;
}

std::vector<std::vector<double>> rowsOf(const py::handle &obj, int cols, const char *what, const char *shapeText_)
{
    py::array_t<double, py::array::c_style | py::array::forcecast> a;
    try {
        a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
    } catch (const py::error_already_set &) {
    }
    if (!a)
        throw BadArgument(std::string(what) + " must be an array of shape " + shapeText_ + " of numbers");
    std::vector<std::vector<double>> rows;
    if (a.ndim() == 1 && a.shape(0) == cols) {
        rows.emplace_back(a.data(), a.data() + cols);
        return rows;
    }
    if (a.ndim() == 1 && a.shape(0) == 0)
        return rows;
    if (a.ndim() != 2 || a.shape(1) != cols)
        throw BadArgument(std::string(what) + " must be an array of shape " + shapeText_ + ", got shape " +
                          shapeText(a));
    for (py::ssize_t i = 0; i < a.shape(0); ++i)
        rows.emplace_back(a.data(i, 0), a.data(i, 0) + cols);
    return rows;
}

} // namespace dinosam::python
