#include "analyzers/deps/metadata.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <thread>
#include <mutex>
#include <tuple>
#include <unordered_set>

#include "analyzers/registry/cache_io.hpp"
#include "analyzers/registry/facts_pack.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/json_util.hpp"

namespace archgate::deps {

namespace {

// The facts cached beside `name`'s document, when they are current: the
// document is fresh (or we are offline), they were made from the document
// its .meta describes, and they cover every version in `wanted`. With
// `record`, what was read is kept there for the folder's facts pack.
std::optional<registry::PackageMeta> cached_facts(registry::RegistryClient& client, std::string_view name,
                                                  const std::vector<std::string>& wanted,
                                                  registry::PackRecord* record) {
  if (!client.facts_listed(name)) return std::nullopt;  // one folder listing, not a failed open per name
  auto paths = client.cache_paths(name);
  if (paths.facts.empty()) return std::nullopt;
  auto meta = registry::detail::read_meta(paths.meta);
  if (!meta) return std::nullopt;
  const auto& o = client.options();
  if (!o.offline && registry::detail::now_seconds() - meta->fetched >= o.ttl.count()) {
    return std::nullopt;  // stale: revalidate through the client
  }
  thread_local std::string text;  // one buffer per reading thread
  if (!registry::detail::slurp_into(paths.facts, text, core::json::k_padding)) return std::nullopt;
  auto facts = registry::read_facts(text, wanted, meta->etag, meta->last_modified);
  if (facts && record != nullptr) {
    *record = {std::string(name), meta->fetched, std::move(meta->etag), std::move(meta->last_modified), text};
  }
  return facts;
}

// The same from a facts pack entry (facts_pack.hpp): no file is opened.
std::optional<registry::PackageMeta> packed_facts(const registry::RegistryClient& client,
                                                  const registry::PackEntry& e,
                                                  const std::vector<std::string>& wanted) {
  const auto& o = client.options();
  if (!o.offline && registry::detail::now_seconds() - e.fetched >= o.ttl.count()) return std::nullopt;
  thread_local std::string text;
  text.reserve(e.facts.size() + core::json::k_padding);  // read_facts parses in place with this padding
  text.assign(e.facts);
  return registry::read_facts(text, wanted, e.etag, e.last_modified);
}

// One registry cache folder's pack: loaded before the facts are read, and
// written again afterwards when it was missing, stale or incomplete.
struct FolderPack {
  std::string folder;
  std::optional<std::int64_t> mtime;  // the folder's, before any file in it was read
  std::optional<registry::FactsPack> pack;
  bool complete = true;  // every name asked in this folder came from the pack
};

// Parsing a document takes ~3 times its size (a padded copy, simdjson's
// tape and strings); a few documents run to 10 MB and more. The gate lets
// parses run side by side only while their documents total under a budget,
// so sixteen workers never parse sixteen large documents at once (a lone
// document larger than the budget still goes through, alone).
class ParseGate {
 public:
  explicit ParseGate(std::size_t budget) : m_budget(budget) {}
  std::size_t enter(std::size_t bytes) {
    bytes = std::min(bytes, m_budget);
    std::unique_lock lock(m_mutex);
    m_free.wait(lock, [&] { return m_used + bytes <= m_budget; });
    m_used += bytes;
    return bytes;
  }
  void leave(std::size_t bytes) {
    {
      std::lock_guard lock(m_mutex);
      m_used -= bytes;
    }
    m_free.notify_all();
  }

 private:
  std::size_t m_budget;
  std::size_t m_used = 0;
  std::mutex m_mutex;
  std::condition_variable m_free;
};

// Rewrites the pack of each folder that did not answer every name from its
// pack: the names this run read from the files, and, when the old pack was
// current, its other entries (names answered from it, and names not asked
// this time, which other projects sharing the cache may ask).
// save_facts_pack() declines when anything was written into the folder
// since it was read (a fetch, a refreshed .facts): the next run makes the
// pack from the files.
void save_packs(std::vector<FolderPack>& folders, const std::vector<std::uint32_t>& folder_of,
                std::vector<registry::PackRecord>& records) {
  auto now = registry::detail::now_seconds();
  for (std::size_t fi = 0; fi < folders.size(); ++fi) {
    auto& f = folders[fi];
    if (f.complete || !f.mtime) continue;
    std::size_t n = 0;
    for (std::size_t i = 0; i < records.size(); ++i) n += folder_of[i] == fi && !records[i].name.empty();
    if (n == 0) continue;  // nothing new to remember (an empty cache, say)
    std::vector<registry::PackRecord> keep;
    keep.reserve(n + (f.pack ? f.pack->entries.size() : 0));  // no reallocation: from_files views its names
    std::unordered_set<std::string_view> from_files;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (folder_of[i] != fi || records[i].name.empty()) continue;
      keep.push_back(std::move(records[i]));
    }
    for (const auto& r : keep) from_files.insert(r.name);
    if (f.pack) {
      for (const auto& [name, e] : f.pack->entries) {
        if (from_files.contains(name)) continue;  // read again from its files
        keep.push_back({std::string(name), e.fetched, std::string(e.etag), std::string(e.last_modified),
                        std::string(e.facts)});
      }
    }
    std::sort(keep.begin(), keep.end(),
              [](const registry::PackRecord& a, const registry::PackRecord& b) { return a.name < b.name; });
    registry::save_facts_pack(f.folder, *f.mtime, now, keep);
  }
}

}  // namespace

LoadedMetadata load_metadata(const core::DependencyGraph& graph, registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  return load_metadata(registry_packages(graph), client, progress);
}

// Memory: a document runs to tens of MB for a package with many versions,
// archgate keeps a few KB of it. Warm, the facts files answer and no
// document is read; otherwise each document is parsed on the worker that
// fetched it and dropped, so a run never holds every document at once.
LoadedMetadata load_metadata(std::vector<std::pair<std::string, std::vector<std::string>>> packages,
                             registry::RegistryClient& client,
                             const std::function<void(std::size_t, std::size_t)>& progress) {
  LoadedMetadata out;
  std::vector<std::string> names;
  names.reserve(packages.size());
  // Offline, names the cache cannot hold are missing without a fetch (and
  // without an error each): 50,000 uncached names cost one folder listing.
  std::vector<std::string> absent;
  decltype(packages) todo;
  int from_facts = 0;
  // The facts: from each cache folder's pack when it is current, else from
  // two small files per package; read on every core.
  std::vector<std::optional<registry::PackageMeta>> facts(packages.size());
  std::vector<FolderPack> folders;
  std::vector<std::uint32_t> folder_of(packages.size(), 0);
  if (!client.options().cache_dir.empty()) {
    for (std::size_t i = 0; i < packages.size(); ++i) {
      auto folder = client.cache_folder(packages[i].first);
      auto it = std::find_if(folders.begin(), folders.end(), [&](const FolderPack& f) { return f.folder == folder; });
      if (it == folders.end()) {
        FolderPack f;
        f.folder = std::move(folder);
        f.mtime = registry::folder_mtime_ns(f.folder);
        if (f.mtime) f.pack = registry::load_facts_pack(f.folder, *f.mtime);
        folders.push_back(std::move(f));
        it = folders.end() - 1;
      }
      folder_of[i] = static_cast<std::uint32_t>(it - folders.begin());
    }
  }
  // What was read from the per-package files, for the packs to be written;
  // kept only when a cache folder exists to write one for (a cold or absent
  // cache with 50,000 names keeps nothing).
  bool may_save = std::any_of(folders.begin(), folders.end(), [](const FolderPack& f) { return f.mtime.has_value(); });
  std::vector<registry::PackRecord> records(may_save ? packages.size() : 0);
  std::vector<char> from_pack(packages.size(), 0);
  {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (auto i = next.fetch_add(1); i < packages.size(); i = next.fetch_add(1)) {
        const auto& [name, wanted] = packages[i];
        if (!folders.empty()) {
          const auto& f = folders[folder_of[i]];
          if (f.pack) {
            if (auto it = f.pack->entries.find(name); it != f.pack->entries.end()) {
              facts[i] = packed_facts(client, it->second, wanted);
              if (facts[i]) {
                from_pack[i] = 1;
                continue;
              }
            }
          }
        }
        facts[i] = cached_facts(client, name, wanted, may_save ? &records[i] : nullptr);
      }
    };
    std::size_t n = std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), 8);
    std::vector<std::jthread> threads;
    for (std::size_t t = 1; t < n && t * 64 < packages.size(); ++t) threads.emplace_back(worker);
    worker();
  }
  for (std::size_t i = 0; i < packages.size(); ++i) {
    if (!folders.empty() && !from_pack[i]) folders[folder_of[i]].complete = false;
  }
  out.from_pack = static_cast<int>(std::count(from_pack.begin(), from_pack.end(), 1));
  save_packs(folders, folder_of, records);
  records = {};
  for (std::size_t i = 0; i < packages.size(); ++i) {
    auto& [name, versions] = packages[i];
    if (facts[i]) {
      out.meta.emplace(name, std::move(*facts[i]));
      ++from_facts;
    } else if (!client.may_be_cached(name)) {
      absent.push_back(std::move(name));
    } else {
      names.push_back(name);
      todo.emplace_back(std::move(name), std::move(versions));
    }
  }
  std::mutex mutex;
  ParseGate gate(16 * 1024 * 1024);
  client.fetch_each(
      names,
      [&](std::size_t i, core::Result<registry::Document> doc) {
        if (!doc) {
          std::lock_guard lock(mutex);
          out.errors.push_back(doc.error());
          return;
        }
        const auto& wanted = todo[i].second;
        auto held = gate.enter(doc->body->size());
        auto parsed = registry::parse_package_doc(*doc->body, client.document_url(names[i]), wanted);
        doc->body.reset();  // the document goes; its facts stay
        gate.leave(held);
        if (!parsed) {
          std::lock_guard lock(mutex);
          out.errors.push_back(parsed.error());
          return;
        }
        auto paths = client.cache_paths(names[i]);
        if (!paths.facts.empty()) {
          if (auto meta = registry::detail::read_meta(paths.meta)) {
            registry::detail::write_atomically(paths.facts,
                                               registry::facts_text(*parsed, wanted, meta->etag, meta->last_modified));
          }
        }
        std::lock_guard lock(mutex);
        out.meta.emplace(names[i], std::move(*parsed));
      },
      progress);
  // Documents arrive in any order: errors are reported in a stable one.
  std::sort(out.errors.begin(), out.errors.end(), [](const core::Error& a, const core::Error& b) {
    return std::tie(a.file, a.message) < std::tie(b.file, b.message);
  });
  out.stats = client.stats();
  out.stats.cache_hits += from_facts;
  out.missing_offline = out.stats.missing_offline;
  out.missing_offline.insert(out.missing_offline.end(), absent.begin(), absent.end());
  out.stats.missing_offline = out.missing_offline;
  std::sort(out.missing_offline.begin(), out.missing_offline.end());
  return out;
}

}  // namespace archgate::deps
