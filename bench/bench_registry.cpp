// Registry client benchmark: a local fake npm registry (cpp-httplib on
// 127.0.0.1, random port) serves N synthetic full-form package documents
// with an injected per-request delay and ETags; RegistryClient::fetch_all
// fetches all of them cold (empty cache), warm (same cache, within the TTL),
// offline (cache only) and revalidating (TTL 0: conditional requests, 304s),
// at several concurrencies. Reports wall time against the ideal
// N × latency ÷ concurrency. Used by bench/registry_npm.sh; not a test.
//
//   bench_registry [N] [LATENCY_MS] [C1,C2,...]
//       N = 1000, LATENCY_MS = 50, concurrencies = 8,16,32 plus the client's
//       default; prints one JSON line on stdout and a summary on stderr.
//       Caches go below $TMPDIR (TMPDIR=/dev/shm separates the client from
//       the disk); ARCHGATE_BENCH_BACKLOG=0 keeps cpp-httplib's listen
//       backlog of 5. Results: docs/PERFORMANCE-registry.md.
//   bench_registry --serve-only PORT-FILE [N] [LATENCY_MS]
//       serves until SIGINT/SIGTERM; writes the port to PORT-FILE once
//       listening. GET /-/bench/stats answers the request counters (no
//       delay, not counted).
//   bench_registry --make-project DIR REGISTRY-URL [N]
//       writes a project depending on the N packages: package.json,
//       package-lock.json (v3), node_modules/<name>/package.json (an older
//       locked version for every third package, so `npm outdated` has
//       something to say) and .npmrc (registry=REGISTRY-URL).
#include <httplib.h>
#include <signal.h>
#include <zlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/registry/client.hpp"
#include "core/http.hpp"

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// ---------------------------------------------------------------------------
// The synthetic package universe: deterministic from N.

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
};

struct Version {
  std::string version;
  std::string time;  // ISO 8601
  std::vector<std::pair<std::string, std::string>> deps;
};

struct Package {
  std::string name;
  std::vector<Version> versions;  // ascending
  std::string license;
  bool install_script = false;
};

const char* const k_syllables[] = {"ka", "lo", "mi", "ne", "po", "ru", "sa", "ti", "vo", "ze",
                                   "bra", "cli", "dro", "fle", "gra", "plu", "stor", "tek"};
const char* const k_licenses[] = {"MIT", "MIT", "MIT", "ISC", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause"};

std::string iso_of_day(long days_since_epoch, int seconds) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{days{days_since_epoch}}};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), seconds / 3600 % 24,
                seconds / 60 % 60, seconds % 60, seconds % 1000);
  return buf;
}

std::vector<Package> make_universe(int n) {
  using namespace std::chrono;
  const long day0 = sys_days{year{2014} / 1 / 1}.time_since_epoch().count();
  const long last = sys_days{year{2025} / 6 / 1}.time_since_epoch().count();
  std::vector<Package> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Rng r{static_cast<std::uint64_t>(i) * 7919 + 17};
    Package p;
    std::string word;
    for (int k = 0, len = 2 + r.below(2); k < len; ++k) {
      word += k_syllables[r.below(std::size(k_syllables))];
    }
    word += "-" + std::to_string(i);
    p.name = i % 10 == 3 ? "@synth" + std::to_string(i % 7) + "/" + word : "synth-" + word;
    p.license = k_licenses[r.below(std::size(k_licenses))];
    p.install_script = i % 40 == 7;
    int count = 3 + r.below(6);  // 3..8 versions
    int major = r.below(3);
    int minor = 0;
    int patch = 0;
    long day = day0 + r.below(3000);
    for (int v = 0; v < count; ++v) {
      if (v > 0) {
        int kind = r.below(10);
        if (kind == 0) {
          ++major, minor = 0, patch = 0;
        } else if (kind < 5) {
          ++minor, patch = 0;
        } else {
          ++patch;
        }
        day = std::min(last, day + 5 + r.below(300));
      }
      Version ver;
      ver.version = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
      ver.time = iso_of_day(day, r.below(86400));
      // 0..4 dependencies on earlier packages, as caret ranges on their
      // first version (always satisfiable).
      for (int d = 0, nd = i == 0 ? 0 : r.below(5); d < nd; ++d) {
        const auto& dep = out[static_cast<std::size_t>(r.below(i))];
        if (std::none_of(ver.deps.begin(), ver.deps.end(), [&](const auto& e) { return e.first == dep.name; })) {
          ver.deps.emplace_back(dep.name, "^" + dep.versions.front().version);
        }
      }
      p.versions.push_back(std::move(ver));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string hex_of(std::uint64_t a, std::size_t len) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  Rng r{a};
  while (s.size() < len) {
    auto x = r.next();
    for (int k = 0; k < 16 && s.size() < len; ++k, x >>= 4) {
      s += digits[x & 15];
    }
  }
  return s;
}

std::string fake_integrity(std::uint64_t seed) {
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string s = "sha512-";
  Rng r{seed};
  for (int k = 0; k < 86; ++k) {
    s += b64[r.below(64)];
  }
  return s + "==";
}

// gzip (as a CDN stores it), so compressed answers cost the server nothing
// per request.
std::string gzip_of(const std::string& text) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(text.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string basename_of(const std::string& name) {
  auto slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string tarball_url(const std::string& registry, const Package& p, const Version& v) {
  return registry + p.name + "/-/" + basename_of(p.name) + "-" + v.version + ".tgz";
}

// The full-form document as the public registry serves it (the fields
// npm, pacote and archgate read, plus the usual bulk: readme, per-version
// manifests with dist, maintainers, repository, _npmUser…).
std::string document_of(const Package& p, std::size_t index, const std::string& registry) {
  Rng r{index * 131 + 7};
  json maint = json::array({{{"name", "synth-maintainer"}, {"email", "maintainer@example.com"}}});
  json repo = {{"type", "git"}, {"url", "git+https://example.com/synth/" + basename_of(p.name) + ".git"}};
  std::string desc = "Synthetic package " + p.name + " for the archgate registry benchmark";
  json versions = json::object();
  json time = json::object();
  time["created"] = p.versions.front().time;
  time["modified"] = p.versions.back().time;
  for (std::size_t k = 0; k < p.versions.size(); ++k) {
    const auto& v = p.versions[k];
    json m;
    m["name"] = p.name;
    m["version"] = v.version;
    m["description"] = desc;
    m["main"] = "index.js";
    m["types"] = "index.d.ts";
    json scripts = {{"test", "node --test"}, {"build", "tsc -p ."}};
    if (p.install_script) {
      scripts["install"] = "node-gyp rebuild";
    }
    m["scripts"] = scripts;
    m["repository"] = repo;
    m["keywords"] = json::array({"synthetic", "benchmark", basename_of(p.name)});
    m["author"] = {{"name", "Synth Author"}, {"email", "author@example.com"}};
    m["license"] = p.license;
    json deps = json::object();
    for (const auto& [dn, dr] : v.deps) {
      deps[dn] = dr;
    }
    m["dependencies"] = deps;
    m["devDependencies"] = {{"typescript", "^5.4.0"}, {"@types/node", "^20.0.0"}};
    m["engines"] = {{"node", ">=16"}};
    if (p.install_script) {
      m["gypfile"] = true;
    }
    m["gitHead"] = hex_of(index * 1000 + k, 40);
    m["_id"] = p.name + "@" + v.version;
    m["_nodeVersion"] = "20.11.1";
    m["_npmVersion"] = "10.2.4";
    m["dist"] = {{"integrity", fake_integrity(index * 1000 + k)},
                 {"shasum", hex_of(index * 1000 + k + 1, 40)},
                 {"tarball", tarball_url(registry, p, v)},
                 {"fileCount", 4 + r.below(40)},
                 {"unpackedSize", 2000 + r.below(200000)},
                 {"signatures", json::array({{{"keyid", "SHA256:synthetic"}, {"sig", hex_of(index + k, 96)}}})}};
    m["_npmUser"] = maint[0];
    m["maintainers"] = maint;
    m["directories"] = json::object();
    m["_hasShrinkwrap"] = false;
    versions[v.version] = m;
    time[v.version] = v.time;
  }
  json doc;
  doc["_id"] = p.name;
  doc["_rev"] = std::to_string(p.versions.size()) + "-" + hex_of(index, 32);
  doc["name"] = p.name;
  doc["dist-tags"] = {{"latest", p.versions.back().version}};
  doc["versions"] = versions;
  doc["time"] = time;
  doc["maintainers"] = maint;
  doc["description"] = desc;
  doc["homepage"] = "https://example.com/synth/" + basename_of(p.name) + "#readme";
  doc["keywords"] = json::array({"synthetic", "benchmark"});
  doc["repository"] = repo;
  doc["author"] = {{"name", "Synth Author"}, {"email", "author@example.com"}};
  doc["bugs"] = {{"url", "https://example.com/synth/" + basename_of(p.name) + "/issues"}};
  doc["license"] = p.license;
  std::string readme = "# " + p.name + "\n\n" + desc + ".\n\n## Usage\n\n```js\nconst m = require('" + p.name +
                       "');\nm.run();\n```\n\n";
  for (int k = 0, paras = 2 + r.below(6); k < paras; ++k) {
    readme += "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
              "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco.\n\n";
  }
  doc["readme"] = readme;
  doc["readmeFilename"] = "README.md";
  return doc.dump();
}

// ---------------------------------------------------------------------------
// The fake registry.

// CPU time of this process (user + system), in seconds.
double process_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

class BenchRegistry {
 public:
  struct Counters {
    std::atomic<long> gets{0}, ok{0}, not_modified{0}, not_found{0}, posts{0}, bytes{0}, gzipped{0};
    // Diagnostics: how much longer than `latency` the sleeps took, and the
    // time from finishing one response to receiving the next request on the
    // same keep-alive connection (the client's own per-request work plus
    // loopback and scheduling), summed over the requests that had one.
    std::atomic<long> oversleep_us{0}, turnaround_us{0}, turnarounds{0}, connections{0};
  };

  // `backlog`: the listen queue. cpp-httplib 0.11 listens with a backlog
  // of 5; when more clients connect at once the kernel drops their SYNs and
  // they retry after 1 s (TcpExtListenOverflows), which is the benchmark's
  // server failing, not the client. A real registry's front end never does
  // that, so the listening socket is widened (0 keeps httplib's).
  BenchRegistry(int n, int latency_ms, int pool_threads, int backlog = 1024) : m_latency(latency_ms) {
    m_server.new_task_queue = [pool_threads] { return new httplib::ThreadPool(static_cast<size_t>(pool_threads)); };
    // A CDN keeps connections open; cpp-httplib closes after 5 requests by
    // default, which would add a reconnect every 5 documents.
    m_server.set_keep_alive_max_count(1000000);
    m_server.set_keep_alive_timeout(30);
    m_server.set_tcp_nodelay(true);
    m_server.set_socket_options([this](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      m_listen_fd = sock;  // the listening socket (called before bind)
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (m_port <= 0) {
      std::fprintf(stderr, "bench_registry: cannot bind 127.0.0.1\n");
      std::exit(2);
    }
    if (backlog > 0 && m_listen_fd >= 0) {
      ::listen(m_listen_fd, backlog);  // Linux: a second listen() resizes the queue
    }
    auto universe = make_universe(n);
    for (std::size_t i = 0; i < universe.size(); ++i) {
      auto body = document_of(universe[i], i, url());
      auto etag = "W/\"" + hex_of(std::hash<std::string>{}(body), 32) + "\"";
      auto gz = gzip_of(body);
      m_total_bytes += body.size();
      m_total_gzip_bytes += gz.size();
      m_docs.emplace(universe[i].name, Doc{std::move(body), std::move(gz), std::move(etag)});
    }
    m_server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { get(req, res); });
    m_server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { post(req, res); });
    m_server.set_logger([this](const httplib::Request& req, const httplib::Response&) {
      std::lock_guard lock(m_conn_mutex);
      m_last_response[req.remote_port] = std::chrono::steady_clock::now();
    });
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~BenchRegistry() {
    m_server.stop();
    m_thread.join();
  }
  BenchRegistry(const BenchRegistry&) = delete;
  BenchRegistry& operator=(const BenchRegistry&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/"; }
  [[nodiscard]] std::size_t total_bytes() const { return m_total_bytes; }
  [[nodiscard]] std::size_t total_gzip_bytes() const { return m_total_gzip_bytes; }
  [[nodiscard]] std::size_t size() const { return m_docs.size(); }
  [[nodiscard]] long requests() const { return m_counters.gets.load() + m_counters.posts.load(); }
  [[nodiscard]] const Counters& counters() const { return m_counters; }
  // Forget the connections seen so far (between runs).
  void reset_connections() {
    std::lock_guard lock(m_conn_mutex);
    m_last_response.clear();
  }

  [[nodiscard]] std::string stats_json() const {
    json j = {{"gets", m_counters.gets.load()},         {"ok", m_counters.ok.load()},
              {"not_modified", m_counters.not_modified.load()}, {"not_found", m_counters.not_found.load()},
              {"posts", m_counters.posts.load()},       {"bytes", m_counters.bytes.load()},
              {"gzipped", m_counters.gzipped.load()},   {"cpu_s", process_cpu_seconds()},
              {"connections", m_counters.connections.load()},
              {"packages", m_docs.size()},              {"latency_ms", m_latency}};
    return j.dump();
  }

 private:
  struct Doc {
    std::string body;
    std::string gzip;  // empty if compression failed
    std::string etag;
  };

  // Called at the start of every counted request.
  void note_request(const httplib::Request& req) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_conn_mutex);
    auto it = m_last_response.find(req.remote_port);
    if (it == m_last_response.end()) {
      ++m_counters.connections;
      m_last_response.emplace(req.remote_port, std::chrono::steady_clock::time_point{});
    } else if (it->second != std::chrono::steady_clock::time_point{}) {
      m_counters.turnaround_us += std::chrono::duration_cast<std::chrono::microseconds>(now - it->second).count();
      ++m_counters.turnarounds;
    }
  }

  void delay() {
    auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(m_latency));
    auto slept = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    m_counters.oversleep_us += slept.count() - 1000L * m_latency;
  }

  static std::string name_of(const std::string& path) {
    std::string p = path.substr(1);
    for (auto pos = p.find('%'); pos != std::string::npos; pos = p.find('%', pos + 1)) {
      if (p.compare(pos, 3, "%2f") == 0 || p.compare(pos, 3, "%2F") == 0) {
        p.replace(pos, 3, "/");
      } else if (p.compare(pos, 3, "%40") == 0) {
        p.replace(pos, 3, "@");
      }
    }
    return p;
  }

  void get(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/-/bench/stats") {
      res.set_content(stats_json(), "application/json");
      return;
    }
    ++m_counters.gets;
    note_request(req);
    delay();
    // req.path is already percent-decoded by cpp-httplib; the target keeps %2f.
    auto it = m_docs.find(req.path.substr(1));
    if (it == m_docs.end()) {
      it = m_docs.find(name_of(req.target.substr(0, req.target.find('?'))));
    }
    if (it == m_docs.end()) {
      ++m_counters.not_found;
      res.status = 404;
      res.set_content("{\"error\":\"Not found\"}", "application/json");
      return;
    }
    res.set_header("ETag", it->second.etag);
    res.set_header("Cache-Control", "public, max-age=300");
    if (req.get_header_value("If-None-Match") == it->second.etag) {
      ++m_counters.not_modified;
      res.status = 304;
      return;
    }
    ++m_counters.ok;
    res.status = 200;
    // "; charset=utf-8" also keeps cpp-httplib from compressing on the fly
    // (it only compresses an exact "application/json").
    const char* type = "application/json; charset=utf-8";
    res.set_header("Vary", "Accept-Encoding");
    if (!it->second.gzip.empty() && req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
      ++m_counters.gzipped;
      m_counters.bytes += static_cast<long>(it->second.gzip.size());
      res.set_header("Content-Encoding", "gzip");
      res.set_content(it->second.gzip, type);
    } else {
      m_counters.bytes += static_cast<long>(it->second.body.size());
      res.set_content(it->second.body, type);
    }
  }

  void post(const httplib::Request& req, httplib::Response& res) {
    ++m_counters.posts;
    note_request(req);
    delay();
    if (req.path == "/-/npm/v1/security/advisories/bulk") {
      res.set_content("{}", "application/json");  // no advisories for synthetic packages
      return;
    }
    res.status = 404;
    res.set_content("{\"error\":\"Not found\"}", "application/json");
  }

  httplib::Server m_server;
  int m_port = 0;
  int m_latency;
  std::unordered_map<std::string, Doc> m_docs;
  std::size_t m_total_bytes = 0;
  std::size_t m_total_gzip_bytes = 0;
  Counters m_counters;
  int m_listen_fd = -1;
  std::mutex m_conn_mutex;
  std::map<int, std::chrono::steady_clock::time_point> m_last_response;  // by client port
  std::thread m_thread;
};

// ---------------------------------------------------------------------------

// TcpExt ListenOverflows from /proc/net/netstat (machine-wide), or -1.
long listen_overflows() {
  std::ifstream in("/proc/net/netstat");
  std::string names;
  std::string values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (!names.starts_with("TcpExt:")) {
      continue;
    }
    std::istringstream ns(names);
    std::istringstream vs(values);
    std::string n;
    std::string v;
    while (ns >> n && vs >> v) {
      if (n == "ListenOverflows") {
        return std::atol(v.c_str());
      }
    }
  }
  return -1;
}

struct RunResult {
  std::string phase;
  int concurrency = 0;
  double wall_s = 0;
  double ideal_s = 0;
  long served = 0;  // requests the server saw
  archgate::registry::FetchStats stats;
  std::size_t ok = 0;
  // diagnostics
  double cpu_s = 0;           // process CPU, client and server together
  long connections = 0;       // new connections the server saw
  double turnaround_ms = 0;   // mean response-to-next-request gap on a connection
  double oversleep_ms = 0;    // mean extra time the injected sleep took
  long listen_overflows = 0;  // machine-wide, during the run
};

RunResult run_client(BenchRegistry& server, const std::vector<std::string>& names, const std::string& phase,
                     int concurrency, const std::string& cache_dir, int latency_ms) {
  using namespace archgate::registry;
  ClientOptions o;
  o.config.set("registry", server.url());
  // "nocache": the client without a cache folder (network and parsing only).
  o.cache_dir = phase == "nocache" ? std::string() : cache_dir;
  o.concurrency = concurrency;
  o.offline = phase == "offline";
  if (phase == "revalidate") {
    o.ttl = std::chrono::seconds(0);  // every cached entry is stale: conditional requests, 304s
  }
  RegistryClient client(o);
  server.reset_connections();
  const auto& c = server.counters();
  long before = server.requests();
  long conns0 = c.connections.load();
  long turn0 = c.turnaround_us.load();
  long turns0 = c.turnarounds.load();
  long over0 = c.oversleep_us.load();
  long lo0 = listen_overflows();
  double cpu0 = process_cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  auto docs = client.fetch_all(names);
  auto t1 = std::chrono::steady_clock::now();
  RunResult r;
  r.phase = phase;
  r.concurrency = concurrency;
  r.wall_s = std::chrono::duration<double>(t1 - t0).count();
  bool network = phase == "cold" || phase == "revalidate" || phase == "nocache";
  r.ideal_s = network ? static_cast<double>(names.size()) * latency_ms / 1000.0 / concurrency : 0.0;
  r.served = server.requests() - before;
  r.stats = client.stats();
  r.ok = static_cast<std::size_t>(std::count_if(docs.begin(), docs.end(), [](const auto& d) { return d.has_value(); }));
  r.cpu_s = process_cpu_seconds() - cpu0;
  r.connections = c.connections.load() - conns0;
  long turns = c.turnarounds.load() - turns0;
  r.turnaround_ms = turns > 0 ? static_cast<double>(c.turnaround_us.load() - turn0) / 1000.0 / turns : 0.0;
  r.oversleep_ms = r.served > 0 ? static_cast<double>(c.oversleep_us.load() - over0) / 1000.0 / r.served : 0.0;
  long lo1 = listen_overflows();
  r.listen_overflows = lo0 >= 0 && lo1 >= 0 ? lo1 - lo0 : -1;
  for (const auto& d : docs) {
    if (!d) {
      std::fprintf(stderr, "bench_registry: %s\n", d.error().to_string().c_str());
      break;
    }
  }
  return r;
}

fs::path fresh_temp_dir(const std::string& tag) {
  auto p = fs::temp_directory_path() /
           ("archgate-bench-registry-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

std::vector<std::string> names_of(int n) {
  std::vector<std::string> names;
  for (const auto& p : make_universe(n)) {
    names.push_back(p.name);
  }
  return names;
}

// ARCHGATE_BENCH_BACKLOG=0 keeps cpp-httplib's listen backlog of 5 (to see
// the SYN drops it causes); default 1024.
int backlog_setting() {
  const char* b = std::getenv("ARCHGATE_BENCH_BACKLOG");
  return b != nullptr && *b != '\0' ? std::max(0, std::atoi(b)) : 1024;
}

int serve_only(const std::string& port_file, int n, int latency_ms) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before any thread starts
  BenchRegistry server(n, latency_ms, 64, backlog_setting());
  {
    std::ofstream tmp(port_file + ".tmp");
    tmp << server.port() << '\n';
  }
  fs::rename(port_file + ".tmp", port_file);
  std::fprintf(stderr, "bench_registry: serving %zu documents (%.1f MB) at %s, %d ms per request\n", server.size(),
               static_cast<double>(server.total_bytes()) / 1e6, server.url().c_str(), latency_ms);
  int sig = 0;
  sigwait(&set, &sig);
  std::fprintf(stderr, "bench_registry: stopping; %s\n", server.stats_json().c_str());
  return 0;
}

int make_project(const fs::path& dir, const std::string& registry, int n) {
  auto universe = make_universe(n);
  fs::create_directories(dir);
  json pkg;
  pkg["name"] = "registry-bench-project";
  pkg["version"] = "1.0.0";
  pkg["private"] = true;
  json deps = json::object();
  json lock;
  lock["name"] = "registry-bench-project";
  lock["version"] = "1.0.0";
  lock["lockfileVersion"] = 3;
  lock["requires"] = true;
  json packages = json::object();
  json root = {{"name", "registry-bench-project"}, {"version", "1.0.0"}};
  std::vector<std::pair<std::string, std::string>> locked;
  for (std::size_t i = 0; i < universe.size(); ++i) {
    const auto& p = universe[i];
    // Every third package is locked one version behind its latest (but in
    // the range), so npm outdated reports it as outdated.
    const auto& v = p.versions[i % 3 == 0 ? p.versions.size() - 2 : p.versions.size() - 1];
    deps[p.name] = "^" + v.version;
    locked.emplace_back(p.name, v.version);
    json entry = {{"version", v.version},
                  {"resolved", tarball_url(registry, p, v)},
                  {"integrity", fake_integrity(i * 1000 + (&v - p.versions.data()))},
                  {"license", p.license}};
    if (!v.deps.empty()) {
      json d = json::object();
      for (const auto& [dn, dr] : v.deps) {
        d[dn] = dr;
      }
      entry["dependencies"] = d;
    }
    if (p.install_script) {
      entry["hasInstallScript"] = true;
    }
    packages["node_modules/" + p.name] = entry;
    fs::create_directories(dir / "node_modules" / p.name);
    json installed = {{"name", p.name}, {"version", v.version}, {"license", p.license}};
    std::ofstream(dir / "node_modules" / p.name / "package.json") << installed.dump(2) << '\n';
  }
  pkg["dependencies"] = deps;
  root["dependencies"] = deps;
  json all = json::object();
  all[""] = root;
  for (auto& [k, v] : packages.items()) {
    all[k] = v;
  }
  lock["packages"] = all;
  std::ofstream(dir / "package.json") << pkg.dump(2) << '\n';
  std::ofstream(dir / "package-lock.json") << lock.dump(2) << '\n';
  std::ofstream(dir / ".npmrc") << "registry=" << registry << '\n';
  std::fprintf(stderr, "bench_registry: wrote %s (%zu packages, registry %s)\n", dir.c_str(), universe.size(),
               registry.c_str());
  return 0;
}

std::string run_json(const RunResult& r) {
  json j = {{"phase", r.phase},
            {"concurrency", r.concurrency},
            {"wall_s", std::round(r.wall_s * 1e4) / 1e4},
            {"requests_served", r.served},
            {"client_requests", r.stats.requests},
            {"downloaded", r.stats.downloaded},
            {"revalidated", r.stats.revalidated},
            {"cache_hits", r.stats.cache_hits},
            {"failed", r.stats.failed},
            {"documents_ok", r.ok},
            {"cpu_s", std::round(r.cpu_s * 1e3) / 1e3},
            {"connections", r.connections},
            {"turnaround_ms", std::round(r.turnaround_ms * 1e3) / 1e3},
            {"oversleep_ms", std::round(r.oversleep_ms * 1e3) / 1e3},
            {"listen_overflows", r.listen_overflows}};
  if (r.ideal_s > 0) {
    j["ideal_s"] = std::round(r.ideal_s * 1e4) / 1e4;
    j["efficiency"] = std::round(r.ideal_s / r.wall_s * 1000) / 1000;
  }
  return j.dump();
}

}  // namespace

int main(int argc, char** argv) {
  archgate::core::http::set_module_path(ARCHGATE_HTTP_MODULE);  // bench/ is not beside the module
  std::vector<std::string> args(argv + 1, argv + argc);
  auto int_arg = [&](std::size_t i, int fallback) {
    return i < args.size() ? std::max(1, std::atoi(args[i].c_str())) : fallback;
  };
  if (!args.empty() && args[0] == "--serve-only") {
    if (args.size() < 2) {
      std::fprintf(stderr, "usage: bench_registry --serve-only PORT-FILE [N] [LATENCY_MS]\n");
      return 2;
    }
    return serve_only(args[1], int_arg(2, 1000), args.size() > 3 ? std::max(0, std::atoi(args[3].c_str())) : 50);
  }
  if (!args.empty() && args[0] == "--make-project") {
    if (args.size() < 3) {
      std::fprintf(stderr, "usage: bench_registry --make-project DIR REGISTRY-URL [N]\n");
      return 2;
    }
    auto reg = args[2].ends_with("/") ? args[2] : args[2] + "/";
    return make_project(args[1], reg, int_arg(3, 1000));
  }
  if (!args.empty() && args[0].starts_with("-")) {
    std::fprintf(stderr,
                 "usage: bench_registry [N] [LATENCY_MS] [C1,C2,...]\n"
                 "       bench_registry --serve-only PORT-FILE [N] [LATENCY_MS]\n"
                 "       bench_registry --make-project DIR REGISTRY-URL [N]\n");
    return 2;
  }
  int n = int_arg(0, 1000);
  int latency = args.size() > 1 ? std::max(0, std::atoi(args[1].c_str())) : 50;
  const int default_c = archgate::registry::ClientOptions{}.concurrency;
  std::vector<int> sweep;
  if (args.size() > 2) {
    std::stringstream ss(args[2]);
    for (std::string tok; std::getline(ss, tok, ',');) {
      if (int c = std::atoi(tok.c_str()); c > 0) {
        sweep.push_back(c);
      }
    }
  } else {
    sweep = {8, 16, 32};
  }
  if (std::find(sweep.begin(), sweep.end(), default_c) == sweep.end()) {
    sweep.push_back(default_c);
  }
  std::sort(sweep.begin(), sweep.end());
  int pool = std::max(64, 2 * sweep.back());

  BenchRegistry server(n, latency, pool, backlog_setting());
  auto names = names_of(n);
  std::fprintf(stderr,
               "bench_registry: %zu documents, %.1f MB (avg %.1f KB; %.1f MB gzipped), %d ms per request, "
               "server pool %d\n",
               server.size(), static_cast<double>(server.total_bytes()) / 1e6,
               static_cast<double>(server.total_bytes()) / 1e3 / static_cast<double>(server.size()),
               static_cast<double>(server.total_gzip_bytes()) / 1e6, latency, pool);

  std::vector<RunResult> runs;
  // The default concurrency: cold, warm, offline, revalidate on one cache.
  auto cache = fresh_temp_dir("c" + std::to_string(default_c));
  runs.push_back(run_client(server, names, "cold", default_c, cache.string(), latency));
  runs.push_back(run_client(server, names, "warm", default_c, cache.string(), latency));
  runs.push_back(run_client(server, names, "offline", default_c, cache.string(), latency));
  runs.push_back(run_client(server, names, "revalidate", default_c, cache.string(), latency));
  runs.push_back(run_client(server, names, "nocache", default_c, "", latency));
  fs::remove_all(cache);
  // The sweep: cold runs, each on a fresh cache.
  for (int c : sweep) {
    if (c == default_c) {
      continue;
    }
    auto dir = fresh_temp_dir("c" + std::to_string(c));
    runs.push_back(run_client(server, names, "cold", c, dir.string(), latency));
    fs::remove_all(dir);
  }

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::string line = "{\"bench\":\"registry\",\"packages\":" + std::to_string(n) +
                     ",\"latency_ms\":" + std::to_string(latency) +
                     ",\"default_concurrency\":" + std::to_string(default_c) +
                     ",\"doc_bytes_total\":" + std::to_string(server.total_bytes()) +
                     ",\"doc_gzip_bytes_total\":" + std::to_string(server.total_gzip_bytes()) + ",\"runs\":[";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    line += (i ? "," : "") + run_json(runs[i]);
  }
  char tail[64];
  std::snprintf(tail, sizeof tail, "],\"peak_rss_mb\":%.1f}", static_cast<double>(ru.ru_maxrss) / 1024.0);
  line += tail;
  std::printf("%s\n", line.c_str());

  std::fprintf(stderr, "%-10s %4s %8s %8s %5s %7s %7s %7s %6s %8s %7s %7s\n", "phase", "C", "wall s", "ideal s",
               "eff", "served", "cached", "200s", "conns", "turn ms", "cpu s", "lst.ovf");
  bool ok = true;
  for (const auto& r : runs) {
    char eff[16] = "-";
    char ideal[16] = "-";
    if (r.ideal_s > 0) {
      std::snprintf(eff, sizeof eff, "%.0f%%", 100 * r.ideal_s / r.wall_s);
      std::snprintf(ideal, sizeof ideal, "%.3f", r.ideal_s);
    }
    std::fprintf(stderr, "%-10s %4d %8.3f %8s %5s %7ld %7d %7d %6ld %8.2f %7.2f %7ld\n", r.phase.c_str(),
                 r.concurrency, r.wall_s, ideal, eff, r.served, r.stats.cache_hits, r.stats.downloaded, r.connections,
                 r.turnaround_ms, r.cpu_s, r.listen_overflows);
    ok = ok && r.ok == names.size();
    if ((r.phase == "warm" || r.phase == "offline") && r.served != 0) {
      std::fprintf(stderr, "bench_registry: %s run sent %ld requests (expected 0)\n", r.phase.c_str(), r.served);
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
