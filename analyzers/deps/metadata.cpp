#include "analyzers/deps/metadata.hpp"

#include <algorithm>

namespace archgate::deps {

LoadedMetadata load_metadata(const core::DependencyGraph& graph, registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress,
                             const NameFilter& only) {
  return load_metadata(registry_packages(graph, only), client, progress);
}

LoadedMetadata load_metadata(std::vector<std::pair<std::string, std::vector<std::string>>> packages,
                             registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  LoadedMetadata out;
  std::vector<std::string> names;
  names.reserve(packages.size());
  // Offline, names the cache cannot hold are missing without a fetch (and
  // without an error each): 50,000 uncached names cost one folder listing.
  std::vector<std::string> absent;
  decltype(packages) present;
  for (auto& [name, versions] : packages) {
    if (client.may_be_cached(name)) {
      names.push_back(name);
      present.emplace_back(std::move(name), std::move(versions));
    } else {
      absent.push_back(std::move(name));
    }
  }
  packages = std::move(present);
  auto docs = client.fetch_all(names, progress);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (!docs[i]) {
      out.errors.push_back(docs[i].error());
      continue;
    }
    auto parsed = registry::parse_package_doc(*docs[i]->body, client.document_url(names[i]),
                                              packages[i].second);
    if (!parsed) {
      out.errors.push_back(parsed.error());
      continue;
    }
    out.meta.emplace(names[i], std::move(*parsed));
  }
  out.stats = client.stats();
  out.missing_offline = out.stats.missing_offline;
  out.missing_offline.insert(out.missing_offline.end(), absent.begin(), absent.end());
  out.stats.missing_offline = out.missing_offline;
  std::sort(out.missing_offline.begin(), out.missing_offline.end());
  return out;
}

}  // namespace archgate::deps
