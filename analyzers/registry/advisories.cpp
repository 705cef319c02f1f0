#include "analyzers/registry/advisories.hpp"

#include "analyzers/registry/cache_io.hpp"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/http.hpp"
#include "core/json_util.hpp"

namespace archgate::registry {

namespace fs = std::filesystem;
using namespace detail;  // analyzers/registry/cache_io.hpp

namespace {

constexpr std::string_view k_bulk_path = "-/npm/v1/security/advisories/bulk";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// A number or a string, as text ("1097678").
std::optional<std::string> scalar_text(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get_string().get(s)) {
    return std::string(s);
  }
  std::int64_t i = 0;
  if (!e.get_int64().get(i)) {
    return std::to_string(i);
  }
  std::uint64_t u = 0;
  if (!e.get_uint64().get(u)) {
    return std::to_string(u);
  }
  double d = 0;
  if (!e.get_double().get(d)) {
    return fmt::format("{}", d);
  }
  return std::nullopt;
}

std::string str_field(simdjson::dom::object o, std::string_view key) {
  std::string_view s;
  if (o[key].get_string().get(s)) {
    return {};
  }
  return std::string(s);
}

}  // namespace

std::string Advisory::display_id() const {
  auto pos = url.rfind("/GHSA-");
  if (pos != std::string::npos) {
    return url.substr(pos + 1);
  }
  return id;
}

std::string_view to_string(AdvisoryStatus s) {
  switch (s) {
    case AdvisoryStatus::complete:
      return "complete";
    case AdvisoryStatus::missing:
      return "missing";
    case AdvisoryStatus::unavailable:
      return "unavailable";
    case AdvisoryStatus::failed:
      return "failed";
  }
  return "failed";
}

core::Result<AdvisoryMap> parse_bulk_advisories(std::string_view json, std::string_view source) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root)) {
    if (auto syntax = core::json::find_syntax_error(json)) {
      return std::unexpected(core::json::error_at(std::string(source), json, syntax->offset,
                                                  "invalid advisory JSON: " + syntax->message));
    }
    return core::fail(std::string(source),
                      std::string("invalid advisory JSON: ") + simdjson::error_message(err));
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) {
    return core::fail(std::string(source),
                      "expected a JSON object mapping package names to advisory lists");
  }
  AdvisoryMap out;
  for (auto [name, value] : obj) {
    simdjson::dom::array list;
    if (value.get_array().get(list)) {
      return core::fail(std::string(source),
                        "advisories of \"" + std::string(name) + "\" are not a JSON array");
    }
    std::vector<Advisory> advisories;
    std::size_t index = 0;
    for (auto item : list) {
      ++index;
      simdjson::dom::object a;
      if (item.get_object().get(a)) {
        return core::fail(std::string(source), fmt::format("advisory {} of \"{}\" is not an object",
                                                           index, std::string_view(name)));
      }
      Advisory adv;
      simdjson::dom::element id;
      std::optional<std::string> id_text;
      if (!a["id"].get(id)) {
        id_text = scalar_text(id);
      }
      if (!id_text || id_text->empty()) {
        return core::fail(std::string(source),
                          fmt::format("advisory {} of \"{}\" has no \"id\"", index,
                                      std::string_view(name)));
      }
      adv.id = std::move(*id_text);
      adv.vulnerable_versions = str_field(a, "vulnerable_versions");
      if (adv.vulnerable_versions.empty()) {
        return core::fail(std::string(source),
                          fmt::format("advisory {} of \"{}\" has no \"vulnerable_versions\"",
                                      adv.id, std::string_view(name)));
      }
      adv.url = str_field(a, "url");
      adv.title = str_field(a, "title");
      adv.severity = lower(str_field(a, "severity"));
      simdjson::dom::element cwe;
      if (!a["cwe"].get(cwe)) {
        std::string_view one;
        simdjson::dom::array many;
        if (!cwe.get_string().get(one)) {
          adv.cwe.emplace_back(one);
        } else if (!cwe.get_array().get(many)) {
          for (auto c : many) {
            if (!c.get_string().get(one)) {
              adv.cwe.emplace_back(one);
            }
          }
        }
      }
      simdjson::dom::object cvss;
      if (!a["cvss"].get_object().get(cvss)) {
        double score = 0;
        if (!cvss["score"].get_double().get(score)) {
          adv.cvss_score = score;
        } else if (std::int64_t iscore = 0; !cvss["score"].get_int64().get(iscore)) {
          adv.cvss_score = static_cast<double>(iscore);
        }
        adv.cvss_vector = str_field(cvss, "vectorString");
      }
      advisories.push_back(std::move(adv));
    }
    out.emplace(std::string(name), std::move(advisories));
  }
  return out;
}

std::string bulk_request_body(const PackageVersions& packages) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [name, versions] : packages) {
    auto& list = body[name];
    if (list.is_null()) {
      list = nlohmann::json::array();
    }
    for (const auto& v : versions) {
      if (std::find(list.begin(), list.end(), v) == list.end()) {
        list.push_back(v);
      }
    }
  }
  return body.dump();
}

std::string audit_registry(const NpmConfig& config) {
  auto reg = config.get("audit-registry");
  std::string out = reg && !reg->empty() ? *reg : config.registry_for("");
  if (!out.ends_with('/')) {
    out += '/';
  }
  return out;
}

std::string bulk_advisory_url(const NpmConfig& config) {
  return audit_registry(config) + std::string(k_bulk_path);
}

AdvisoryStatus AdvisoryFetch::status() const {
  if (unavailable) {
    return AdvisoryStatus::unavailable;
  }
  if (!errors.empty()) {
    return AdvisoryStatus::failed;
  }
  if (!missing.empty()) {
    return AdvisoryStatus::missing;
  }
  return AdvisoryStatus::complete;
}

std::string AdvisoryFetch::problem() const {
  switch (status()) {
    case AdvisoryStatus::complete:
      return {};
    case AdvisoryStatus::unavailable:
      return "advisories unavailable from " + host + ": the bulk advisory endpoint (" + url +
             ") is not served there; vulnerabilities were NOT checked";
    case AdvisoryStatus::failed:
      return fmt::format("advisories could not be fetched for {} packages from {}; their "
                         "vulnerabilities are unknown",
                         missing.size(), host);
    case AdvisoryStatus::missing:
      return fmt::format("advisories missing for {} packages (offline and not in the cache); "
                         "their vulnerabilities are unknown: run once without --offline",
                         missing.size());
  }
  return {};
}

namespace {

struct Batch {
  PackageVersions packages;
  std::string body;
  std::string key;        // sha256 of body: the cache entry's name
  std::string key_error;  // why there is no key (the HTTP module is missing)
};

enum class BatchOutcome : std::uint8_t { ok, offline_missing, unavailable, failed, skipped };

struct BatchResult {
  BatchOutcome outcome = BatchOutcome::skipped;
  AdvisoryMap advisories;
  std::optional<core::Error> error;
};

class BatchRunner {
 public:
  BatchRunner(const ClientOptions& options, std::string url) : m_o(options), m_url(std::move(url)) {
    if (!m_o.cache_dir.empty()) {
      m_cache_dir = fs::path(m_o.cache_dir) /
                    safe_name(nerf_dart(m_url.substr(0, m_url.size() - k_bulk_path.size()))) /
                    ".advisories";
    }
  }

  std::atomic<bool> stop{false};  // set after a 404/405: the other batches need not ask

  BatchResult run(const Batch& batch,
                  std::map<std::string, std::unique_ptr<core::http::Client>>& conns) {
    const auto& cfg = m_o.config;
    BatchResult r;
    auto failed = [&](BatchOutcome outcome, const std::string& where, const std::string& msg) {
      {
        std::lock_guard lock(m_mutex);
        ++m_stats.failed;
      }
      r.outcome = outcome;
      r.error = core::Error{cfg.redact(where), 0, 0, cfg.redact(msg)};
      return std::move(r);
    };

    if (batch.key.empty()) {
      return failed(BatchOutcome::failed, m_url, batch.key_error);
    }
    fs::path body_path;
    fs::path meta_path;
    std::optional<CacheMeta> meta;
    std::optional<std::string> cached;
    if (!m_cache_dir.empty()) {
      body_path = m_cache_dir / (batch.key + ".json");
      meta_path = m_cache_dir / (batch.key + ".meta");
      meta = read_meta(meta_path);
      if (meta) {
        cached = slurp(body_path);
        if (!cached) {
          meta.reset();
        }
      }
    }
    auto from_cache = [&]() -> std::optional<BatchResult> {
      auto parsed = parse_bulk_advisories(*cached, body_path.string());
      if (!parsed) {
        return std::nullopt;  // a damaged cache entry counts as absent
      }
      r.outcome = BatchOutcome::ok;
      r.advisories = std::move(*parsed);
      return std::move(r);
    };
    if (m_o.offline) {
      if (cached) {
        if (auto hit = from_cache()) {
          std::lock_guard lock(m_mutex);
          ++m_stats.cache_hits;
          return std::move(*hit);
        }
      }
      r.outcome = BatchOutcome::offline_missing;
      return r;
    }
    if (cached && now_seconds() - meta->fetched < m_o.ttl.count()) {
      if (auto hit = from_cache()) {
        std::lock_guard lock(m_mutex);
        ++m_stats.cache_hits;
        return std::move(*hit);
      }
    }
    if (stop.load()) {
      return r;  // skipped: the endpoint is known to be absent
    }

    std::string url = m_url;
    for (int redirects = 0; redirects < 5; ++redirects) {
      auto parts = split_url(url);
      if (!parts) {
        return failed(BatchOutcome::failed, url, "expected an http:// or https:// registry URL");
      }
      auto& client = conns[parts->origin];
      if (!client) {
        auto made = core::http::connect(parts->origin,
                                        http_options(cfg, url, m_o.connect_timeout, m_o.read_timeout));
        if (!made) {
          return failed(BatchOutcome::failed, "POST " + url, made.error());
        }
        client = std::move(*made);
      }
      core::http::Headers headers{
          {"Accept", "application/json"},
          {"User-Agent", std::string("archgate/") + ARCHGATE_VERSION},
      };
      if (auto auth = cfg.authorization_for(url)) {
        headers.emplace_back("Authorization", *auth);
      }
      // No If-None-Match: on a POST a matching ETag means 412, not 304, so a
      // stale entry is simply asked again.
      bool redirected = false;
      auto delay = m_o.backoff;
      for (int attempt = 0;; ++attempt) {
        {
          std::lock_guard lock(m_mutex);
          ++m_stats.requests;
        }
        auto res = client->post(parts->path, headers, batch.body, "application/json");
        bool last = attempt >= m_o.max_retries;
        if (!res) {
          if (last) {
            return failed(BatchOutcome::failed, "POST " + url,
                          "request failed: " + res.error() +
                              (attempt > 0 ? " (after " + std::to_string(attempt + 1) + " attempts)"
                                           : ""));
          }
          client->stop();
        } else if (res->status == 429 || res->status >= 500) {
          if (last) {
            return failed(BatchOutcome::failed, "POST " + url,
                          "HTTP status " + std::to_string(res->status) + " after " +
                              std::to_string(attempt + 1) + " attempts");
          }
          if (auto ra = res->header("Retry-After"); !ra.empty()) {
            char* end = nullptr;
            auto secs = std::strtol(ra.c_str(), &end, 10);
            if (end != ra.c_str() && *end == '\0' && secs >= 0) {
              delay = std::min(std::chrono::milliseconds(secs * 1000), m_o.max_retry_after);
            }
          }
        } else if (res->status == 200) {
          auto parsed = parse_bulk_advisories(res->body, "POST " + url);
          if (!parsed) {
            auto e = parsed.error();
            return failed(BatchOutcome::failed, e.file,
                          e.message + (e.line > 0 ? fmt::format(" (reply line {}, column {})",
                                                                e.line, e.column)
                                                  : std::string{}) +
                              "; nothing was cached");
          }
          if (!body_path.empty()) {
            CacheMeta m;
            m.fetched = now_seconds();
            auto etag = res->header("ETag");
            auto lm = res->header("Last-Modified");
            m.etag = single_line(etag) ? etag : "";
            m.last_modified = single_line(lm) ? lm : "";
            std::error_code ec;
            fs::create_directories(m_cache_dir, ec);
            if (!ec && write_atomically(body_path, res->body)) {
              write_atomically(meta_path, meta_text(m));
            }
          }
          {
            std::lock_guard lock(m_mutex);
            ++m_stats.downloaded;
          }
          r.outcome = BatchOutcome::ok;
          r.advisories = std::move(*parsed);
          return r;
        } else if (res->status == 307 || res->status == 308) {
          // Method and body are kept; credentials are recomputed for the new URL.
          auto loc = res->header("Location");
          if (loc.empty()) {
            return failed(BatchOutcome::failed, "POST " + url, "redirect without a Location header");
          }
          url = loc.starts_with("/") ? parts->origin + loc : loc;
          redirected = true;
          break;
        } else if (res->status == 404 || res->status == 405) {
          stop.store(true);
          return failed(BatchOutcome::unavailable, "POST " + url,
                        "advisories unavailable from " + parts->host + " (HTTP " +
                            std::to_string(res->status) +
                            (res->status == 405 ? " Method Not Allowed" : " Not Found") +
                            "): this registry does not serve the bulk advisory endpoint; set "
                            "audit-registry to one that does, or pass --no-advisories");
        } else {
          return failed(BatchOutcome::failed, "POST " + url,
                        "HTTP status " + std::to_string(res->status) +
                            (res->status == 401 || res->status == 403 ? " (not authorized)" : ""));
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
    return failed(BatchOutcome::failed, "POST " + url, "too many redirects");
  }

  AdvisoryStats stats() {
    std::lock_guard lock(m_mutex);
    return m_stats;
  }

 private:
  const ClientOptions& m_o;
  std::string m_url;
  fs::path m_cache_dir;
  std::mutex m_mutex;
  AdvisoryStats m_stats;
};

}  // namespace

AdvisoryFetch fetch_advisories(const RegistryClient& client, const PackageVersions& packages,
                               const AdvisoryRequestOptions& options) {
  const auto& copts = client.options();
  AdvisoryFetch out;
  auto url = bulk_advisory_url(copts.config);
  out.url = copts.config.redact(url);
  if (auto parts = split_url(url)) {
    out.host = parts->host;
  } else {
    out.host = out.url;
  }

  // Sorted, de-duplicated names, cut into batches.
  std::map<std::string, std::vector<std::string>, std::less<>> by_name;
  for (const auto& [name, versions] : packages) {
    if (name.empty() || versions.empty()) {
      continue;
    }
    auto& v = by_name[name];
    v.insert(v.end(), versions.begin(), versions.end());
  }
  PackageVersions sorted(by_name.begin(), by_name.end());
  auto batch_size = std::max<std::size_t>(1, options.batch_size);
  std::vector<Batch> batches;
  for (std::size_t i = 0; i < sorted.size(); i += batch_size) {
    Batch b;
    b.packages.assign(sorted.begin() + static_cast<std::ptrdiff_t>(i),
                      sorted.begin() + static_cast<std::ptrdiff_t>(std::min(sorted.size(), i + batch_size)));
    b.body = bulk_request_body(b.packages);
    if (auto key = core::http::sha256_hex(b.body)) {
      b.key = std::move(*key);
    } else {
      b.key_error = key.error();
    }
    batches.push_back(std::move(b));
  }

  BatchRunner runner(copts, url);
  std::vector<BatchResult> results(batches.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    std::map<std::string, std::unique_ptr<core::http::Client>> conns;
    for (;;) {
      auto i = next.fetch_add(1);
      if (i >= batches.size()) {
        return;
      }
      results[i] = runner.run(batches[i], conns);
    }
  };
  auto n = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, copts.concurrency)),
                                 batches.size());
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    threads.reserve(n);
    for (std::size_t t = 0; t < n; ++t) {
      threads.emplace_back(worker);
    }
  }

  bool reported_unavailable = false;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    auto& r = results[i];
    if (r.outcome == BatchOutcome::ok) {
      for (const auto& [name, versions] : batches[i].packages) {
        out.covered.insert(name);
      }
      for (auto& [name, list] : r.advisories) {
        if (!list.empty()) {
          auto& dst = out.advisories[name];
          dst.insert(dst.end(), std::make_move_iterator(list.begin()),
                     std::make_move_iterator(list.end()));
        }
      }
      continue;
    }
    for (const auto& [name, versions] : batches[i].packages) {
      out.missing.push_back(name);
    }
    switch (r.outcome) {
      case BatchOutcome::offline_missing:
        out.offline_missing = true;
        break;
      case BatchOutcome::unavailable:
        out.unavailable = true;
        if (!reported_unavailable && r.error) {
          out.errors.push_back(*r.error);
          reported_unavailable = true;
        }
        break;
      case BatchOutcome::failed:
        if (r.error) {
          out.errors.push_back(*r.error);
        }
        break;
      case BatchOutcome::skipped:
      case BatchOutcome::ok:
        break;
    }
  }
  std::sort(out.missing.begin(), out.missing.end());
  out.stats = runner.stats();
  out.stats.batches = static_cast<int>(batches.size());
  return out;
}

}  // namespace archgate::registry
