#include "io/statedictloader.h"

#include <torch/torch.h>

#include <map>
#include <sstream>

namespace dinosam {
namespace {

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

bool startsWithAny(const std::string &name, const std::vector<std::string> &prefixes)
{
    for (const auto &prefix : prefixes) {
        if (name.compare(0, prefix.size(), prefix) == 0)
            return true;
    }
    return false;
}

} // namespace

std::string StateDictReport::describe(size_t maxListed) const
{
    std::ostringstream out;
    auto list = [&](const char *title, const std::vector<std::string> &names) {
        if (names.empty())
            return;
        out << names.size() << ' ' << title << ':';
        for (size_t i = 0; i < names.size() && i < maxListed; ++i)
            out << (i ? ", " : " ") << names[i];
        if (names.size() > maxListed)
            out << ", ...";
        out << ". ";
    };
    list("missing keys", missing);
    list("unexpected keys", unexpected);
    if (!mismatched.empty()) {
        out << mismatched.size() << " shape mismatches:";
        for (size_t i = 0; i < mismatched.size() && i < maxListed; ++i)
            out << (i ? ", " : " ") << mismatched[i].name << " got " << shapeText(mismatched[i].got)
                << " expected " << shapeText(mismatched[i].expected);
        if (mismatched.size() > maxListed)
            out << ", ...";
        out << ". ";
    }
    std::string text = out.str();
    if (!text.empty())
        text.pop_back();
    return text;
}

StateDictReport loadStateDict(torch::nn::Module &module, const TensorMap &stateDict,
                              const StateDictLoadOptions &options)
{
    std::map<std::string, torch::Tensor> targets;
    for (const auto &item : module.named_parameters(/*recurse=*/true))
        targets.emplace(item.key(), item.value());
    for (const auto &item : module.named_buffers(/*recurse=*/true))
        targets.emplace(item.key(), item.value());

    StateDictReport report;
    for (const auto &[name, target] : targets) {
        const auto found = stateDict.find(name);
        if (found == stateDict.end())
            report.missing.push_back(name);
        else if (found->second.sizes() != target.sizes())
            report.mismatched.push_back({name, found->second.sizes().vec(), target.sizes().vec()});
    }
    for (const auto &[name, tensor] : stateDict) {
        if (targets.count(name))
            continue;
        if (startsWithAny(name, options.ignoredPrefixes))
            report.ignored.push_back(name);
        else
            report.unexpected.push_back(name);
    }

    if (options.strict && !report.ok()) {
        const std::string source = options.sourceName.empty() ? "state dict" : "'" + options.sourceName + "'";
        throw CheckpointError("Checkpoint " + source + " does not match the model: " + report.describe());
    }

    torch::NoGradGuard noGrad;
    for (auto &[name, target] : targets) {
        const auto found = stateDict.find(name);
        if (found == stateDict.end() || found->second.sizes() != target.sizes())
            continue;
        target.copy_(found->second);
        ++report.loaded;
    }
    return report;
}

} // namespace dinosam
