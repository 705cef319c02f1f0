// Fuzzes the package managers' config readers of the config pass: the same
// bytes as .npmrc, .yarnrc and bunfig.toml (toml++). .yarnrc.yml goes
// through core::parse_yaml, which fuzz_runtime_pins exercises with the CI
// files; mutating libfyaml crash reproducers here found one libfyaml 0.8
// cleanup segfault variant after another within seconds (docs/fuzzing.md),
// which a 15 s CI run would hit at random: the long run covers it instead.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analyzers/config_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* name : {".npmrc", ".yarnrc", "bunfig.toml"}) {
    archgate::core::MemorySnapshot snap;
    snap.add(name, text);
    auto settings = archgate::analyzers::read_registry_settings(snap, {{"TOKEN", "x"}});
    (void)settings;
  }
  return 0;
}
