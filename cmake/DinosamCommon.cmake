# Settings every DinoSam target shares, carried by one INTERFACE target
# (the qBittorrent way): link `dinosam_config` instead of repeating flags.
add_library(dinosam_config INTERFACE)
target_compile_features(dinosam_config INTERFACE cxx_std_${DINOSAM_CXX_STANDARD})
# Qt's `slots`/`signals` macros clash with LibTorch headers.
target_compile_definitions(dinosam_config INTERFACE
    QT_NO_KEYWORDS
    QT_USE_QSTRINGBUILDER
    DINOSAM_VERSION="${PROJECT_VERSION}")
target_compile_options(dinosam_config INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-unused-parameter>
    # GCC 12 reports false -Wrestrict positives inside std::string's operator+.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

if(DINOSAM_SANITIZE)
    target_compile_options(dinosam_config INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(dinosam_config INTERFACE -fsanitize=address,undefined)
endif()

find_program(DINOSAM_CCACHE ccache)
if(DINOSAM_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    # The sloppiness lets ccache cache translation units that use a PCH; the base
    # folder lets a fresh clone elsewhere (as CI makes) reuse the cache.
    set(CMAKE_CXX_COMPILER_LAUNCHER "${CMAKE_COMMAND};-E;env;CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;CCACHE_BASEDIR=${PROJECT_SOURCE_DIR};${DINOSAM_CCACHE}")
endif()

# LibTorch's headers are heavy (~15 s per translation unit): precompile them
# once per target for targets with several LibTorch translation units.
function(dinosam_use_torch_pch target)
    if(DINOSAM_USE_PCH)
        target_precompile_headers(${target} PRIVATE <torch/torch.h>)
    endif()
endfunction()
