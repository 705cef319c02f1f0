#include "analyzers/deps/metadata.hpp"

#include <algorithm>

namespace archgate::deps {

LoadedMetadata load_metadata(const core::DependencyGraph& graph, registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress,
                             const NameFilter& only) {
  LoadedMetadata out;
  auto packages = registry_packages(graph, only);
  std::vector<std::string> names;
  names.reserve(packages.size());
  for (const auto& [name, versions] : packages) {
    names.push_back(name);
  }
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
  std::sort(out.missing_offline.begin(), out.missing_offline.end());
  return out;
}

}  // namespace archgate::deps
