#pragma once
// Data files compiled into the binary (see data/README.md and cmake/Embed.cmake).
#include <string_view>

namespace archgate::core {

// The bytes of data/<name> as embedded at build time; empty when unknown.
std::string_view embedded_file(std::string_view name);

}  // namespace archgate::core
