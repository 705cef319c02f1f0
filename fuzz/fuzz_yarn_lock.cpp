// Fuzzes both yarn.lock readers (classic and berry) and the .yarnrc.yml
// settings reader: any bytes must give a graph or an Error, never a crash,
// hang or sanitizer report. The first byte picks the reader, so one corpus
// exercises both grammars.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "analyzers/lockfiles/yarn_extensions.hpp"
#include "core/json_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  static const auto classic = analyzers::make_yarn_classic_reader();
  static const auto berry = analyzers::make_yarn_berry_reader();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Real files are routed by content; also force each reader onto any input.
  const analyzers::LockfileReader* readers[] = {
      berry->accepts(text) ? berry.get() : classic.get(), classic.get(), berry.get()};
  std::size_t pick = size == 0 ? 0 : data[0] % 3;
  analyzers::LockfileInput input;
  input.path = "yarn.lock";
  input.content = core::json::padded_copy(text);
  auto g = readers[pick]->read(input);
  if (g) {
    (void)core::make_inventory(*g);
  }
  (void)analyzers::yarn::parse_yarnrc(".yarnrc.yml", text);
  return 0;
}
