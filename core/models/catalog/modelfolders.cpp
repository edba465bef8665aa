#include "models/catalog/modelfolders.h"

#include <cstdlib>

namespace dinosam {
namespace {

std::filesystem::path envPath(const char *name)
{
    const char *v = std::getenv(name);
    return (v && *v) ? std::filesystem::path(v).lexically_normal() : std::filesystem::path();
}

std::filesystem::path withoutTrailingSeparator(std::filesystem::path p)
{
    // "/tmp/models/" -> "/tmp/models" (lexically_normal keeps the trailing separator).
    if (!p.empty() && !p.has_filename() && p.has_parent_path() && p != p.root_path())
        p = p.parent_path();
    return p;
}

} // namespace

std::filesystem::path userModelDir()
{
#ifdef _WIN32
    if (auto local = envPath("LOCALAPPDATA"); !local.empty())
        return withoutTrailingSeparator(local) / "dinosam" / "models";
#endif
    if (auto xdg = envPath("XDG_CACHE_HOME"); !xdg.empty())
        return withoutTrailingSeparator(xdg) / "dinosam" / "models";
    if (auto home = envPath("HOME"); !home.empty())
        return withoutTrailingSeparator(home) / ".cache" / "dinosam" / "models";
    return std::filesystem::path(".cache") / "dinosam" / "models";
}

std::filesystem::path defaultModelDir()
{
    if (auto env = envPath("DINOSAM_MODEL_DIR"); !env.empty())
        return withoutTrailingSeparator(env);
    return userModelDir();
}

std::vector<std::filesystem::path> modelSearchDirs(const std::filesystem::path &explicitDir)
{
    std::vector<std::filesystem::path> dirs;
    if (!explicitDir.empty())
        dirs.push_back(explicitDir);
    if (auto env = envPath("DINOSAM_MODEL_DIR"); !env.empty())
        dirs.push_back(withoutTrailingSeparator(env));
    dirs.push_back(userModelDir());
    return dirs;
}

} // namespace dinosam
