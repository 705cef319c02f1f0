#pragma once
// A fake npm registry for the registry and deps tests: a cpp-httplib server
// on 127.0.0.1 (random port, in-process thread) serving the recorded
// documents in fixtures/registry/, with per-test behaviour hooks and
// request counters.
#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/semver.hpp"
#include "test_support.hpp"

namespace archgate::test {

class FakeRegistry {
 public:
  struct Seen {
    std::string target;         // raw request target (%2f kept)
    std::string authorization;  // "" when absent
    std::string if_none_match;
    std::string accept;
  };
  // Return true when the hook answered the request itself.
  using Hook = std::function<bool(const httplib::Request&, httplib::Response&, int n)>;

  FakeRegistry() {
    m_server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      int n = ++m_requests;
      {
        std::lock_guard lock(m_mutex);
        m_seen.push_back({req.target, req.get_header_value("Authorization"),
                          req.get_header_value("If-None-Match"), req.get_header_value("Accept")});
      }
      if (hook && hook(req, res, n)) {
        return;
      }
      serve_fixture(req, res);
    });
    // POSTs (the bulk advisory endpoint) are counted apart from GETs.
    m_server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      int n = ++m_posts;
      {
        std::lock_guard lock(m_mutex);
        m_posted.push_back({req.target, req.get_header_value("Authorization"),
                            req.get_header_value("Content-Type"), req.body});
      }
      if (post_hook && post_hook(req, res, n)) {
        return;
      }
      serve_advisories(req, res);
    });
    m_port = m_server.bind_to_any_port("127.0.0.1");
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
  }
  ~FakeRegistry() {
    m_server.stop();
    m_thread.join();
  }
  FakeRegistry(const FakeRegistry&) = delete;
  FakeRegistry& operator=(const FakeRegistry&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/"; }
  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] int requests() const { return m_requests.load(); }
  [[nodiscard]] std::vector<Seen> seen() const {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }

  // Package name of a request path ("/@types%2fnode" -> "@types/node").
  static std::string name_of(const httplib::Request& req) {
    // Copied with each %2f/%2F decoded (not replace() in place, which trips
    // GCC 12's -Wstringop-overflow, a false positive).
    std::string_view t = req.target;
    std::string p;
    for (std::size_t i = 1; i < t.size(); ++i) {
      if (t[i] == '%' && i + 2 < t.size() && t[i + 1] == '2' && (t[i + 2] == 'f' || t[i + 2] == 'F')) {
        p += '/';
        i += 2;
      } else {
        p += t[i];
      }
    }
    return p;
  }

  static void serve_fixture(const httplib::Request& req, httplib::Response& res) {
    auto name = name_of(req);
    std::string file = name;
    if (auto s = file.find('/'); s != std::string::npos) {
      file.replace(s, 1, "%2f");
    }
    auto path = fixtures_dir() / "registry" / (file + ".json");
    if (name.empty() || name.find("..") != std::string::npos || !std::filesystem::exists(path)) {
      res.status = 404;
      res.set_content("{\"error\":\"Not found\"}", "application/json");
      return;
    }
    res.status = 200;
    res.set_content(read_file(path), "application/json");
  }

  // The bulk advisory endpoint as the public registry answers it: for each
  // requested name, the advisories of fixtures/registry/advisories.json
  // whose vulnerable range contains one of the requested versions; names
  // without any are left out. Other POST paths: 404.
  static void serve_advisories(const httplib::Request& req, httplib::Response& res) {
    if (req.path != "/-/npm/v1/security/advisories/bulk") {
      res.status = 404;
      res.set_content("{\"error\":\"Not found\"}", "application/json");
      return;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
      res.status = 400;
      return;
    }
    auto all = nlohmann::json::parse(read_file(fixtures_dir() / "registry/advisories.json"));
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, versions] : body.items()) {
      if (!all.contains(name)) {
        continue;
      }
      for (const auto& a : all[name]) {
        for (const auto& v : versions) {
          if (archgate::core::semver::satisfies(v.get<std::string>(),
                                                a["vulnerable_versions"].get<std::string>(),
                                                {.loose = true, .include_prerelease = true})) {
            out[name].push_back(a);
            break;
          }
        }
      }
    }
    res.status = 200;
    res.set_content(out.dump(), "application/json");
  }

  struct Posted {
    std::string target;
    std::string authorization;
    std::string content_type;
    std::string body;
  };
  [[nodiscard]] int posts() const { return m_posts.load(); }
  [[nodiscard]] std::vector<Posted> posted() const {
    std::lock_guard lock(m_mutex);
    return m_posted;
  }

  Hook hook;
  Hook post_hook;

 private:
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
  std::atomic<int> m_requests{0};
  std::atomic<int> m_posts{0};
  std::vector<Posted> m_posted;
  mutable std::mutex m_mutex;
  std::vector<Seen> m_seen;
};

// Runs the built archgate binary with `env_assignments` ("A=1 B=2 ") in its
// environment and `args` (shell-quoted).
inline RunResult run_archgate_env(const std::string& env_assignments, const std::string& args) {
  return run_binary(ARCHGATE_BINARY, args, env_assignments);
}

// A fresh empty folder below the system temp folder, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    m_path = std::filesystem::temp_directory_path() /
             ("archgate-reg-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace archgate::test
