#include "analyzers/registry/client.hpp"

#include "core/json_util.hpp"

#include "analyzers/registry/cache_io.hpp"

#include <simdjson.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

namespace archgate::registry {

namespace fs = std::filesystem;
using namespace detail;  // analyzers/registry/cache_io.hpp
using core::fail;

namespace {

// Checks that `body` is a JSON object; the message says what is wrong.
// Validates without building anything (a document can run to tens of MB,
// and 16 of them may arrive at once): archgate's own syntax scanner.
std::optional<std::string> json_problem(const std::string& body) {
  if (auto e = core::json::find_syntax_error(body)) {
    return "invalid JSON at byte " + std::to_string(e->offset) + ": " + e->message;
  }
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || body[first] != '{') {
    return std::string("expected a JSON object (a package document)");
  }
  return std::nullopt;
}


}  // namespace

std::string default_registry_cache_dir() {
  if (const char* d = std::getenv("ARCHGATE_CACHE_DIR"); d != nullptr && *d != '\0') {
    return std::string(d) + "/registry";
  }
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0') {
    return std::string(x) + "/archgate/registry";
  }
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return std::string(h) + "/.cache/archgate/registry";
  }
  return {};
}

core::http::Options http_options(const NpmConfig& config, const std::string& url,
                                 std::chrono::milliseconds connect_timeout, std::chrono::milliseconds read_timeout) {
  core::http::Options o;
  o.connect_timeout = connect_timeout;
  o.read_timeout = read_timeout;
  o.verify_tls = config.strict_ssl();
  o.ca_file = config.cafile();
  if (auto proxy = config.proxy_for(url); !proxy.empty()) {
    auto pp = split_url(proxy);
    std::string hostport = pp ? pp->host : proxy;
    auto colon = hostport.rfind(':');
    o.proxy_host = hostport.substr(0, colon);
    o.proxy_port = colon == std::string::npos ? (proxy.starts_with("https") ? 443 : 80)
                                              : std::atoi(hostport.c_str() + colon + 1);
  }
  return o;
}

struct RegistryClient::Connections {
  std::map<std::string, std::unique_ptr<core::http::Client>> by_origin;
};

RegistryClient::RegistryClient(ClientOptions options) : m_options(std::move(options)) {
  if (m_options.concurrency < 1) {
    m_options.concurrency = 1;
  }
}

RegistryClient::~RegistryClient() = default;

FetchStats RegistryClient::stats() const {
  std::lock_guard lock(m_mutex);
  return m_stats;
}

std::string RegistryClient::document_url(std::string_view name) const {
  std::string escaped(name);
  if (auto slash = escaped.find('/'); slash != std::string::npos) {
    escaped.replace(slash, 1, "%2f");
  }
  return m_options.config.registry_for(name) + escaped;
}

core::Result<Document> RegistryClient::fetch(std::string_view name) {
  Connections conns;
  return fetch_with(name, conns);
}

std::vector<core::Result<Document>> RegistryClient::fetch_all(
    const std::vector<std::string>& names,
    const std::function<void(std::size_t, std::size_t)>& progress) {
  std::vector<core::Result<Document>> out(names.size(), std::unexpected(core::Error{}));
  fetch_each(names, [&out](std::size_t i, core::Result<Document> d) { out[i] = std::move(d); }, progress);
  return out;
}

void RegistryClient::fetch_each(const std::vector<std::string>& names,
                                const std::function<void(std::size_t, core::Result<Document>)>& on_document,
                                const std::function<void(std::size_t, std::size_t)>& progress) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto worker = [&] {
    Connections conns;
    for (;;) {
      auto i = next.fetch_add(1);
      if (i >= names.size()) {
        return;
      }
      on_document(i, fetch_with(names[i], conns));
      auto d = done.fetch_add(1) + 1;
      if (progress) {
        progress(d, names.size());
      }
    }
  };
  auto n = std::min<std::size_t>(static_cast<std::size_t>(m_options.concurrency), names.size());
  if (n <= 1) {
    worker();
    return;
  }
  std::vector<std::jthread> threads;
  threads.reserve(n);
  for (std::size_t t = 0; t < n; ++t) {
    threads.emplace_back(worker);
  }
  threads.clear();  // joins
}

std::string RegistryClient::cache_folder(std::string_view name) const {
  // Asked once per locked name (50,000 on a large lockfile): the folder of
  // each registry URL is worked out once.
  if (m_options.cache_dir.empty()) return {};
  auto registry = m_options.config.registry_for(name);
  std::lock_guard lock(m_folders_mutex);
  auto it = m_registry_dirs.find(registry);
  if (it == m_registry_dirs.end()) {
    it = m_registry_dirs.emplace(registry, (fs::path(m_options.cache_dir) / safe_name(nerf_dart(registry))).string())
             .first;
  }
  return it->second;
}

RegistryClient::CachePaths RegistryClient::cache_paths(std::string_view name) const {
  if (m_options.cache_dir.empty() || name.empty()) return {};
  auto dir = fs::path(cache_folder(name));
  auto base = safe_name(name);
  return {(dir / (base + ".json")).string(), (dir / (base + ".meta")).string(), (dir / (base + ".facts")).string()};
}

bool RegistryClient::may_be_cached(std::string_view name) { return !m_options.offline || listed(name, ".meta"); }

bool RegistryClient::facts_listed(std::string_view name) { return listed(name, ".facts"); }

bool RegistryClient::listed(std::string_view name, std::string_view suffix) {
  if (m_options.cache_dir.empty() || name.empty()) return false;
  return listed(cache_folder(name), safe_name(name) += suffix);
}

bool RegistryClient::listed(const std::string& dir, const std::string& file) {
  std::lock_guard lock(m_listing_mutex);
  auto it = m_listings.find(dir);
  if (it == m_listings.end()) {
    std::unordered_set<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator d(dir, ec), end; !ec && d != end; d.increment(ec)) {
      names.insert(d->path().filename().string());
    }
    it = m_listings.emplace(dir, std::move(names)).first;
  }
  return it->second.count(file) > 0;
}

core::Result<Document> RegistryClient::fetch_with(std::string_view name, Connections& conns) {
  const auto& cfg = m_options.config;
  auto redacted_fail = [&](const std::string& where, const std::string& msg) {
    {
      std::lock_guard lock(m_mutex);
      ++m_stats.failed;
    }
    return std::unexpected(core::Error{cfg.redact(where), 0, 0, cfg.redact(msg)});
  };
  if (name.empty()) {
    return redacted_fail("registry", "empty package name");
  }
  std::string url = document_url(name);

  fs::path body_path;
  fs::path meta_path;
  std::optional<CacheMeta> meta;
  std::shared_ptr<const std::string> cached;
  if (!m_options.cache_dir.empty()) {
    auto dir = fs::path(cache_folder(name));
    body_path = dir / (safe_name(name) + ".json");
    meta_path = dir / (safe_name(name) + ".meta");
    if (!m_options.offline || listed(dir.string(), meta_path.filename().string())) {
      meta = read_meta(meta_path);
    }
    if (meta) {
      if (auto text = slurp(body_path)) {
        cached = std::make_shared<const std::string>(std::move(*text));
      } else {
        meta.reset();
      }
    }
  }
  if (m_options.offline) {
    if (cached) {
      std::lock_guard lock(m_mutex);
      ++m_stats.cache_hits;
      return Document{std::string(name), cached, FetchSource::cache};
    }
    {
      std::lock_guard lock(m_mutex);
      m_stats.missing_offline.emplace_back(name);
    }
    return redacted_fail(url, m_options.cache_dir.empty()
                                  ? "offline and no cache folder is configured"
                                  : "offline and not in the cache (" + m_options.cache_dir +
                                        "); run once without --offline to fill it");
  }
  if (cached && now_seconds() - meta->fetched < m_options.ttl.count()) {
    std::lock_guard lock(m_mutex);
    ++m_stats.cache_hits;
    return Document{std::string(name), cached, FetchSource::cache};
  }

  for (int redirects = 0; redirects < 5; ++redirects) {
    auto parts = split_url(url);
    if (!parts) {
      return redacted_fail(url, "expected an http:// or https:// registry URL");
    }
    std::optional<std::string> down;
    {
      std::lock_guard lock(m_mutex);
      if (auto it = m_unreachable.find(parts->origin); it != m_unreachable.end()) down = it->second;
    }
    if (down) {
      return redacted_fail(url, *down);
    }
    auto& client = conns.by_origin[parts->origin];
    if (!client) {
      auto made = core::http::connect(
          parts->origin, http_options(cfg, url, m_options.connect_timeout, m_options.read_timeout));
      if (!made) {
        return redacted_fail(url, made.error());
      }
      client = std::move(*made);
    }
    core::http::Headers headers{
        {"Accept", m_options.abbreviated
                       ? "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"
                       : "application/json"},
        {"User-Agent", std::string("archgate/") + ARCHGATE_VERSION},
    };
    if (auto auth = cfg.authorization_for(url)) {
      headers.emplace_back("Authorization", *auth);
    }
    if (cached && meta) {
      if (!meta->etag.empty()) {
        headers.emplace_back("If-None-Match", meta->etag);
      }
      if (!meta->last_modified.empty()) {
        headers.emplace_back("If-Modified-Since", meta->last_modified);
      }
    }

    bool redirected = false;
    auto delay = m_options.backoff;
    for (int attempt = 0;; ++attempt) {
      {
        std::lock_guard lock(m_mutex);
        ++m_stats.requests;
      }
      auto res = client->get(parts->path, headers);
      bool last = attempt >= m_options.max_retries;
      if (!res) {
        if (last) {
          std::string why = "request failed: " + res.error() +
                            (attempt > 0 ? " (after " + std::to_string(attempt + 1) + " attempts)" : "");
          {
            std::lock_guard lock(m_mutex);  // released before redacted_fail takes it
            m_unreachable.emplace(parts->origin, why);
          }
          return redacted_fail(url, why);
        }
        client->stop();
      } else if (res->status == 429 || res->status >= 500) {
        if (last) {
          return redacted_fail(url, "HTTP status " + std::to_string(res->status) + " after " +
                                        std::to_string(attempt + 1) + " attempts");
        }
        if (auto ra = res->header("Retry-After"); !ra.empty()) {
          char* end = nullptr;
          auto secs = std::strtol(ra.c_str(), &end, 10);
          if (end != ra.c_str() && *end == '\0' && secs >= 0) {
            delay = std::min(std::chrono::milliseconds(secs * 1000), m_options.max_retry_after);
          }
        }
      } else if (res->status == 304 && cached) {
        CacheMeta m = *meta;
        m.fetched = now_seconds();
        write_atomically(meta_path, meta_text(m));
        std::lock_guard lock(m_mutex);
        ++m_stats.revalidated;
        return Document{std::string(name), cached, FetchSource::revalidated};
      } else if (res->status == 200) {
        if (auto problem = json_problem(res->body)) {
          return redacted_fail(url, *problem + "; nothing was cached");
        }
        auto body = std::make_shared<const std::string>(std::move(res->body));
        if (!body_path.empty()) {
          CacheMeta m;
          m.fetched = now_seconds();
          auto etag = res->header("ETag");
          auto lm = res->header("Last-Modified");
          m.etag = single_line(etag) ? etag : "";
          m.last_modified = single_line(lm) ? lm : "";
          std::error_code ec;
          fs::create_directories(body_path.parent_path(), ec);
          // Body first, then meta: a reader needs both, so a crash between
          // the two leaves a stale-but-consistent or absent entry.
          if (!ec && write_atomically(body_path, *body)) {
            write_atomically(meta_path, meta_text(m));
          }
        }
        std::lock_guard lock(m_mutex);
        ++m_stats.downloaded;
        return Document{std::string(name), body, FetchSource::network};
      } else if (res->status == 301 || res->status == 302 || res->status == 303 ||
                 res->status == 307 || res->status == 308) {
        auto loc = res->header("Location");
        if (loc.empty()) {
          return redacted_fail(url, "redirect without a Location header");
        }
        url = loc.starts_with("/") ? parts->origin + loc : loc;
        redirected = true;
        break;
      } else if (res->status == 404) {
        return redacted_fail(url, "package '" + std::string(name) +
                                      "' not found in the registry (HTTP 404)");
      } else {
        return redacted_fail(url, "HTTP status " + std::to_string(res->status));
      }
      {
        std::lock_guard lock(m_mutex);
        ++m_stats.retries;
      }
      std::this_thread::sleep_for(delay);
      delay *= 2;
    }
    if (!redirected) {
      break;
    }
  }
  return redacted_fail(url, "too many redirects");
}

}  // namespace archgate::registry
