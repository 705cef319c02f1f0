// Fuzzes the registry cache files archgate reads back: any bytes as a facts
// pack must parse or give an Error naming the byte offset; any bytes as a
// .facts file must give facts or nothing. Neither may crash, hang or trip a
// sanitizer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analyzers/registry/facts_pack.hpp"
#include "analyzers/registry/package_doc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto pack = registry::parse_facts_pack(text, "fuzz")) {
    // Whatever parsed writes back to the same entries.
    std::vector<registry::PackRecord> records;
    for (const auto& [name, e] : pack->entries) {
      records.push_back({std::string(name), e.fetched, std::string(e.etag), std::string(e.last_modified),
                         std::string(e.facts)});
    }
    auto again = registry::parse_facts_pack(registry::facts_pack_bytes(pack->folder_mtime, records), "fuzz");
    if (!again || again->entries.size() != pack->entries.size()) __builtin_trap();
  }
  (void)registry::read_facts(text, {"1.0.0"}, "", "");
  return 0;
}
