// Fuzzes the npm lockfile reader: any bytes must give a graph or an Error,
// never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  const auto* reader = analyzers::find_reader("package-lock.json", "");
  analyzers::LockfileInput input;
  input.path = "package-lock.json";
  input.content = core::json::padded_copy(
      std::string_view(reinterpret_cast<const char*>(data), size));
  auto g = reader->read(input);
  if (g) {
    (void)core::make_inventory(*g);
  }
  return 0;
}
