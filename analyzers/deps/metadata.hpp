#pragma once
// Loads registry metadata for every registry package of a graph through a
// RegistryClient (network and cache, or the cache alone when offline).
#include <functional>
#include <string>
#include <vector>

#include "analyzers/deps/scoring.hpp"
#include "analyzers/registry/client.hpp"
#include "core/result.hpp"

namespace archgate::deps {

struct LoadedMetadata {
  MetaMap meta;
  std::vector<core::Error> errors;  // one per name that could not be fetched or parsed
  std::vector<std::string> missing_offline;  // offline: names with no cached document
  registry::FetchStats stats;
  int from_pack = 0;  // names answered by a cache folder's facts pack (facts_pack.hpp)
};

// Fetches and parses one document per registry package name in `graph`.
// Never fails as a whole: per-name failures are listed in `errors`
// (already redacted by the client).
LoadedMetadata load_metadata(const core::DependencyGraph& graph, registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress = nullptr);
// The same for names already listed by registry_packages().
LoadedMetadata load_metadata(std::vector<std::pair<std::string, std::vector<std::string>>> packages,
                             registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress = nullptr);

}  // namespace archgate::deps
