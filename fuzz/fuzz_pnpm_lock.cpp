// Fuzzes the pnpm lockfile reader: any bytes must give a graph or an Error,
// never a crash, hang or sanitizer report. Also differential: whenever the
// YAML subset scanner accepts the input and libfyaml reads it too, both
// must build the same tree (the scanner may decline, never disagree).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <simdjson.h>

#include "analyzers/lockfiles/pnpm_yaml.hpp"
#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto* reader = analyzers::find_reader("pnpm-lock.yaml", "");
  analyzers::LockfileInput input;
  input.path = "pnpm-lock.yaml";
  input.content = core::json::padded_copy(text);
  auto g = reader->read(input);
  if (g) {
    (void)core::make_inventory(*g);
  }
  // The reader rejects invalid UTF-8 and control characters before
  // scanning (libfyaml silently stops at bad UTF-8 and cuts scalars at NUL),
  // so the differential only looks at clean text.
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    return 0;
  }
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return 0;
    }
  }
  core::StringArena a1;
  auto fast = analyzers::pnpm::scan_block_yaml(text, 0, size, a1);
  if (fast.tree) {
    core::StringArena a2;
    auto slow = analyzers::pnpm::parse_yaml_events("x", text, 0, size, a2);
    if (slow && analyzers::pnpm::dump_tree(*fast.tree) != analyzers::pnpm::dump_tree(*slow)) {
      std::abort();
    }
  }
  return 0;
}
