#pragma once
// RegistryClient: fetches package documents (packuments) from npm
// registries, with an on-disk cache, bounded concurrency and retries.
//
// Why it works this way: scoring a lockfile needs one document per package
// name, hundreds at a time, so requests run on a small pool of worker
// threads (each keeps one keep-alive connection per host). Each document is
// cached on disk with its ETag/Last-Modified and fetch time: within the TTL
// the cache answers with zero requests; after it, a conditional request lets
// the registry answer 304. Offline mode reads the cache only and reports
// what is missing. Documents are validated as JSON before they are cached,
// so a corrupt reply never poisons the cache. Credentials come from
// NpmConfig::authorization_for(), computed per URL (redirects included), and
// every error message goes through NpmConfig::redact().
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/registry/npm_config.hpp"
#include "core/http.hpp"
#include "core/result.hpp"

namespace archgate::registry {

struct ClientOptions {
  NpmConfig config;
  std::string cache_dir;  // documents are cached below it; empty = no cache
  bool offline = false;   // answer from the cache only (ignoring the TTL)
  std::chrono::seconds ttl{std::chrono::hours(12)};
  int concurrency = 16;
  int max_retries = 3;                             // on 429, 5xx and network errors
  std::chrono::milliseconds backoff{250};          // doubled after each retry
  std::chrono::milliseconds max_retry_after{30000};  // cap on a Retry-After wait
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds read_timeout{30000};
  // Ask for the abbreviated document (install-v1) when the caller needs no
  // publish times, scripts or repository; registries may still answer with
  // the full one, which callers must accept.
  bool abbreviated = false;
};

enum class FetchSource : std::uint8_t { network, cache, revalidated };

struct Document {
  std::string name;
  std::shared_ptr<const std::string> body;  // the JSON text as served
  FetchSource source = FetchSource::network;
};

struct FetchStats {
  int requests = 0;      // HTTP requests sent (retries included)
  int cache_hits = 0;    // answered from the cache without a request
  int revalidated = 0;   // 304 answers
  int downloaded = 0;    // 200 answers
  int retries = 0;
  int failed = 0;
  std::vector<std::string> missing_offline;  // names not in the cache in offline mode
};

// The HTTP settings npm's configuration gives for `url`: strict-ssl, cafile
// and the proxy, with the given timeouts. Redirects are left to the caller,
// which computes the authorization of each URL it is sent to.
core::http::Options http_options(const NpmConfig& config, const std::string& url,
                                 std::chrono::milliseconds connect_timeout, std::chrono::milliseconds read_timeout);

class RegistryClient {
 public:
  explicit RegistryClient(ClientOptions options);
  ~RegistryClient();
  RegistryClient(const RegistryClient&) = delete;
  RegistryClient& operator=(const RegistryClient&) = delete;

  // One package's document. Fails with the (redacted) URL and the HTTP
  // status, network error or JSON error; offline, fails with "not in the
  // cache" when there is no cached copy.
  core::Result<Document> fetch(std::string_view name);
  // Every name's document, in order, on up to `concurrency` threads.
  // `progress(done, total)` (optional) is called from the workers.
  std::vector<core::Result<Document>> fetch_all(
      const std::vector<std::string>& names,
      const std::function<void(std::size_t, std::size_t)>& progress = nullptr);
  // The same, handing each document to `on_document(index, result)` on the
  // worker thread as soon as it arrives, so that a caller that keeps only
  // what it extracts never holds every document at once.
  void fetch_each(const std::vector<std::string>& names,
                  const std::function<void(std::size_t, core::Result<Document>)>& on_document,
                  const std::function<void(std::size_t, std::size_t)>& progress = nullptr);

  // Where `name`'s document, its .meta sidecar and archgate's extracted
  // facts are cached (all empty without a cache folder).
  struct CachePaths {
    std::string body;
    std::string meta;
    std::string facts;
  };
  [[nodiscard]] CachePaths cache_paths(std::string_view name) const;

  // Offline: whether the cache may hold `name`'s document (false: it
  // certainly does not, so fetching it would only fail). Online: true.
  bool may_be_cached(std::string_view name);
  // Whether the cache folder holds `name`'s extracted facts (online or not),
  // from the same one-time listing: a name never cached costs no failed open.
  bool facts_listed(std::string_view name);

  // The cache folder of the registry that serves `name` ("" without a
  // cache folder).
  [[nodiscard]] std::string cache_folder(std::string_view name) const;

  [[nodiscard]] FetchStats stats() const;
  [[nodiscard]] const ClientOptions& options() const { return m_options; }

  // The URL of a package's document: registry + name with '/' as %2f.
  [[nodiscard]] std::string document_url(std::string_view name) const;

 private:
  struct Connections;
  core::Result<Document> fetch_with(std::string_view name, Connections& conns);

  // Offline, whether `file` exists in the cache folder `dir`: each folder is
  // listed once, so 50,000 names not in the cache cost one readdir instead
  // of 50,000 failed opens.
  bool listed(const std::string& dir, const std::string& file);
  bool listed(std::string_view name, std::string_view suffix);
  ClientOptions m_options;
  mutable std::mutex m_mutex;
  FetchStats m_stats;
  std::mutex m_listing_mutex;
  std::map<std::string, std::unordered_set<std::string>, std::less<>> m_listings;
  // registry URL -> its cache folder ($cache/<safe nerf-dart of the URL>).
  mutable std::mutex m_folders_mutex;
  mutable std::map<std::string, std::string, std::less<>> m_registry_dirs;
  // Origins that gave no response after every retry, with that error: the
  // other packages on them fail at once instead of retrying each in turn
  // (an unreachable registry took 17 s to report for 153 packages).
  mutable std::map<std::string, std::string, std::less<>> m_unreachable;
};

// $ARCHGATE_CACHE_DIR/registry, else $XDG_CACHE_HOME/archgate/registry, else
// ~/.cache/archgate/registry; empty when none is set.
std::string default_registry_cache_dir();

}  // namespace archgate::registry
