// Fuzzes the registry's bulk advisory reply parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzers/registry/advisories.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto r = archgate::registry::parse_bulk_advisories(
      std::string_view(reinterpret_cast<const char*>(data), size), "advisories.json");
  (void)r;
  return 0;
}
