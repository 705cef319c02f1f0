// Fuzzes the package managers' config readers of the config pass: the same
// bytes as .npmrc, .yarnrc, .yarnrc.yml (libfyaml) and bunfig.toml (toml++).
#include <cstddef>
#include <cstdint>
#include <string>

#include "analyzers/config_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (const char* name : {".npmrc", ".yarnrc", ".yarnrc.yml", "bunfig.toml"}) {
    archgate::core::MemorySnapshot snap;
    snap.add(name, text);
    auto settings = archgate::analyzers::read_registry_settings(snap, {{"TOKEN", "x"}});
    (void)settings;
  }
  return 0;
}
