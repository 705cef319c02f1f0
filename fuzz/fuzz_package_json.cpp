// Fuzzes the package.json reader.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzers/manifest/package_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto m = archgate::analyzers::parse_package_json(
      "package.json", std::string_view(reinterpret_cast<const char*>(data), size));
  (void)m;
  return 0;
}
