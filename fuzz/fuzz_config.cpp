// Fuzzes the archgate.toml reader (toml++ plus archgate's own checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzers/settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  archgate::core::Settings settings;
  auto ok = archgate::analyzers::parse_settings(
      "archgate.toml", std::string_view(reinterpret_cast<const char*>(data), size), settings);
  if (ok) {
    std::vector<archgate::core::Finding> findings(1);
    findings[0].rule = "deps/heavy";
    archgate::core::apply_overrides(settings.overrides, findings);
  }
  return 0;
}
