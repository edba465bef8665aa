#include "annotation/labelset.h"

#include "export/atomicfile.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dinosam {

std::string LabelSet::normalizedName(const std::string &name)
{
    std::string s = name;
    for (char &c : s)
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    const auto first = s.find_first_not_of(' ');
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(' ');
    return s.substr(first, last - first + 1);
}

cv::Vec3b LabelSet::defaultColor(size_t position)
{
    // Hue steps of the golden angle keep neighbours far apart; saturation and value alternate a
    // little so that hues coming round again stay distinguishable.
    const double hue = std::fmod(double(position) * 137.50776405, 360.0);
    const int band = int(position / 8) % 3;
    const double s = band == 1 ? 0.55 : 0.75, v = band == 2 ? 0.75 : 0.95;
    cv::Mat hsv(1, 1, CV_32FC3, cv::Scalar(hue, s, v)), rgb;
    cv::cvtColor(hsv, rgb, cv::COLOR_HSV2RGB);
    const cv::Vec3f c = rgb.at<cv::Vec3f>(0, 0);
    return cv::Vec3b(cv::saturate_cast<uchar>(c[0] * 255.0f), cv::saturate_cast<uchar>(c[1] * 255.0f),
                     cv::saturate_cast<uchar>(c[2] * 255.0f));
}

std::vector<std::string> LabelSet::names() const
{
    std::vector<std::string> out;
    out.reserve(m_labels.size());
    for (const Label &l : m_labels)
        out.push_back(l.name);
    return out;
}

int LabelSet::indexOf(const std::string &name) const
{
    const std::string n = normalizedName(name);
    for (size_t i = 0; i < m_labels.size(); ++i)
        if (m_labels[i].name == n)
            return int(i);
    return -1;
}

size_t LabelSet::add(const std::string &name)
{
    const std::string n = normalizedName(name);
    if (n.empty())
        throw std::invalid_argument("a label needs a name");
    if (const int i = indexOf(n); i >= 0)
        return size_t(i);
    Label label{n, defaultColor(m_labels.size()), 0};
    for (int digit = 1; digit <= 9; ++digit)
        if (indexOfShortcut(digit) < 0) {
            label.shortcut = digit;
            break;
        }
    m_labels.push_back(label);
    return m_labels.size() - 1;
}

size_t LabelSet::add(const Label &label)
{
    const size_t i = add(label.name);
    m_labels[i].color = label.color;
    setShortcut(i, label.shortcut);
    return i;
}

void LabelSet::rename(size_t i, const std::string &name)
{
    const std::string n = normalizedName(name);
    if (n.empty())
        throw std::invalid_argument("a label needs a name");
    const int other = indexOf(n);
    if (other >= 0 && size_t(other) != i)
        throw std::invalid_argument("the label '" + n + "' exists already");
    m_labels.at(i).name = n;
}

void LabelSet::setColor(size_t i, cv::Vec3b color) { m_labels.at(i).color = color; }

void LabelSet::setShortcut(size_t i, int shortcut)
{
    if (shortcut < 0 || shortcut > 9)
        shortcut = 0;
    if (shortcut != 0)
        for (Label &l : m_labels)
            if (l.shortcut == shortcut)
                l.shortcut = 0;
    m_labels.at(i).shortcut = shortcut;
}

int LabelSet::indexOfShortcut(int digit) const
{
    if (digit < 1 || digit > 9)
        return -1;
    for (size_t i = 0; i < m_labels.size(); ++i)
        if (m_labels[i].shortcut == digit)
            return int(i);
    return -1;
}

void LabelSet::remove(size_t i) { m_labels.erase(m_labels.begin() + std::ptrdiff_t(i)); }

LabelSet LabelSet::fromClassesText(const std::string &text)
{
    LabelSet set;
    std::string body = text;
    if (body.rfind("\xEF\xBB\xBF", 0) == 0)
        body.erase(0, 3);
    std::istringstream in(body);
    std::string line;
    while (std::getline(in, line)) {
        const std::string n = normalizedName(line);
        if (!n.empty())
            set.add(n);
    }
    return set;
}

LabelSet LabelSet::loadClassesFile(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot read the label list");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw std::runtime_error(file.string() + ": cannot read the label list");
    return fromClassesText(text.str());
}

std::string LabelSet::toClassesText() const
{
    std::string s;
    for (const Label &l : m_labels)
        s += l.name + "\n";
    return s;
}

void LabelSet::saveClassesFile(const std::filesystem::path &file) const { AtomicFile::write(file, toClassesText()); }

} // namespace dinosam
