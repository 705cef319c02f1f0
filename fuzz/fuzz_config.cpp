// Fuzzes the archgate.toml reader (toml++ plus archgate's own checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  archgate::rules::RuleConfig config;
  auto pc = archgate::rules::parse_project_config(
      "archgate.toml", std::string_view(reinterpret_cast<const char*>(data), size), config);
  if (pc) {
    std::vector<archgate::core::Finding> findings(1);
    findings[0].rule = "deps/heavy";
    archgate::rules::apply_overrides(*pc, findings);
  }
  return 0;
}
