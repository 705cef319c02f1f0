// Registry client: npm configuration (precedence, ${ENV}, nerf-dart auth),
// and the client against a local server: cache hit, 304, 404, 429 + retry,
// timeout, corrupt JSON, scoped names, token isolation, offline.
#include <catch2/catch.hpp>

#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "analyzers/registry/client.hpp"
#include "analyzers/registry/facts_pack.hpp"
#include "analyzers/registry/npm_config.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/snapshot.hpp"
#include "test_registry_server.hpp"

using namespace archgate;
using archgate::test::FakeRegistry;
using archgate::test::TempDir;

namespace {

registry::NpmConfig config_for(const std::string& npmrc,
                               const std::map<std::string, std::string>& env = {}) {
  registry::NpmConfig cfg;
  cfg.add_env(env);
  cfg.add_npmrc(npmrc, ".npmrc", env);
  return cfg;
}

registry::ClientOptions fast_options(registry::NpmConfig cfg, const std::string& cache = "") {
  registry::ClientOptions o;
  o.config = std::move(cfg);
  o.cache_dir = cache;
  o.backoff = std::chrono::milliseconds(10);
  o.connect_timeout = std::chrono::milliseconds(2000);
  o.read_timeout = std::chrono::milliseconds(2000);
  return o;
}

}  // namespace

TEST_CASE("npm config: ${ENV} expansion as @npmcli/config does it", "[registry][config]") {
  std::map<std::string, std::string> env{{"TOKEN", "abc"}, {"EMPTY", ""}};
  CHECK(registry::expand_env("${TOKEN}", env) == "abc");
  CHECK(registry::expand_env("x-${TOKEN}-y", env) == "x-abc-y");
  CHECK(registry::expand_env("${MISSING}", env) == "${MISSING}");
  CHECK(registry::expand_env("${MISSING?}", env).empty());
  CHECK(registry::expand_env("\\${TOKEN}", env) == "${TOKEN}");
  CHECK(registry::expand_env("\\\\${TOKEN}", env) == "\\abc");
  CHECK(registry::expand_env("${EMPTY}", env).empty());
  CHECK(registry::expand_env("no vars", env) == "no vars");
}

TEST_CASE("npm config: nerf darts", "[registry][config]") {
  CHECK(registry::nerf_dart("https://registry.example.com/") == "//registry.example.com/");
  CHECK(registry::nerf_dart("https://registry.example.com:443/npm/") == "//registry.example.com/npm/");
  CHECK(registry::nerf_dart("http://127.0.0.1:8080/a/b") == "//127.0.0.1:8080/a/");
  CHECK(registry::nerf_dart("https://user:pw@Host.Example/x/?q=1") == "//host.example/x/");
  CHECK(registry::nerf_dart("ftp://x/").empty());
}

TEST_CASE("npm config: precedence env > project > user > global, key mangling", "[registry][config]") {
  core::MemorySnapshot snap;
  snap.add(".npmrc", "registry=https://project.example/\n@acme:registry=https://acme.example/npm/\n");
  TempDir tmp;
  auto user = tmp.path() / "user.npmrc";
  auto global = tmp.path() / "global.npmrc";
  std::ofstream(user) << "registry=https://user.example/\nstrict-ssl=false\ncafile=/etc/ca.pem\n";
  std::ofstream(global) << "registry=https://global.example/\nhttps-proxy=http://proxy:3128\n";
  registry::ConfigSources src;
  src.project = &snap;
  src.user_config = user.string();
  src.global_config = global.string();
  src.use_process_env = false;
  src.env = {{"npm_config_FETCH_RETRIES", "5"}};
  auto cfg = registry::load_npm_config(src);
  REQUIRE(cfg);
  CHECK(cfg->registry_for("left-pad") == "https://project.example/");
  CHECK(cfg->registry_for("@acme/tool") == "https://acme.example/npm/");
  CHECK(cfg->registry_for("@other/tool") == "https://project.example/");
  CHECK_FALSE(cfg->strict_ssl());
  CHECK(cfg->cafile() == "/etc/ca.pem");
  CHECK(cfg->get("fetch-retries") == "5");
  CHECK(cfg->proxy_for("https://acme.example/x") == "http://proxy:3128");

  src.env["npm_config_registry"] = "https://env.example";
  auto cfg2 = registry::load_npm_config(src);
  REQUIRE(cfg2);
  CHECK(cfg2->registry_for("left-pad") == "https://env.example/");
  CHECK(cfg2->origin("registry") == "env npm_config_registry");

  registry::NpmConfig empty;
  CHECK(empty.registry_for("x") == registry::default_registry());
}

TEST_CASE("npm config: credentials match host, port and path only", "[registry][config]") {
  auto cfg = config_for(
      "//reg.example/:_authToken=${TOKEN}\n"
      "//other.example:8443/npm/:_auth=dXNlcjpwYXNz\n"
      "//basic.example/:username=bob\n"
      "//basic.example/:_password=c2VjcmV0\n",
      {{"TOKEN", "tok-123456"}});
  CHECK(cfg.authorization_for("https://reg.example/left-pad") == "Bearer tok-123456");
  CHECK(cfg.authorization_for("https://reg.example/a/b/c.tgz") == "Bearer tok-123456");
  CHECK_FALSE(cfg.authorization_for("https://reg.example.evil.com/left-pad"));
  CHECK_FALSE(cfg.authorization_for("https://reg.example:8080/left-pad"));
  CHECK_FALSE(cfg.authorization_for("https://evil.example/reg.example/"));
  CHECK(cfg.authorization_for("https://other.example:8443/npm/x") == "Basic dXNlcjpwYXNz");
  CHECK_FALSE(cfg.authorization_for("https://other.example:8443/x"));
  CHECK_FALSE(cfg.authorization_for("https://other.example/npm/x"));
  CHECK(cfg.authorization_for("https://basic.example/pkg") == "Basic Ym9iOnNlY3JldA==");

  auto red = cfg.redact("GET https://bob:pw@reg.example/x failed; token tok-123456; auth user:pass");
  CHECK(red.find("tok-123456") == std::string::npos);
  CHECK(red.find("bob:pw") == std::string::npos);
  CHECK(red.find("user:pass") == std::string::npos);
  CHECK(red.find("***") != std::string::npos);
}

TEST_CASE("registry client: second run is served from the cache with zero requests", "[registry][client]") {
  FakeRegistry server;
  TempDir cache;
  auto cfg = config_for("registry=" + server.url() + "\n");
  {
    registry::RegistryClient client(fast_options(cfg, cache.path().string()));
    auto doc = client.fetch("is-number");
    REQUIRE(doc);
    CHECK(doc->source == registry::FetchSource::network);
    CHECK(server.requests() == 1);
    CHECK(server.seen().at(0).target == "/is-number");
  }
  registry::RegistryClient second(fast_options(cfg, cache.path().string()));
  auto doc = second.fetch("is-number");
  REQUIRE(doc);
  CHECK(doc->source == registry::FetchSource::cache);
  CHECK(server.requests() == 1);
  CHECK(second.stats().requests == 0);
  auto meta = registry::parse_package_doc(*doc->body, "is-number", {});
  REQUIRE(meta);
  CHECK(meta->latest == "7.0.0");
}

TEST_CASE("registry client: stale cache is revalidated with ETag (304)", "[registry][client]") {
  FakeRegistry server;
  server.hook = [](const httplib::Request& req, httplib::Response& res, int) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return true;
    }
    FakeRegistry::serve_fixture(req, res);
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
    return true;
  };
  TempDir cache;
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string());
  opts.ttl = std::chrono::seconds(0);
  registry::RegistryClient first(opts);
  REQUIRE(first.fetch("ms"));
  registry::RegistryClient second(opts);
  auto doc = second.fetch("ms");
  REQUIRE(doc);
  CHECK(doc->source == registry::FetchSource::revalidated);
  CHECK(second.stats().revalidated == 1);
  CHECK(server.requests() == 2);
  CHECK(server.seen().at(1).if_none_match == "\"v1\"");
  CHECK(registry::parse_package_doc(*doc->body, "ms", {})->latest == "2.1.3");
}

TEST_CASE("registry client: 404 names the package", "[registry][client]") {
  FakeRegistry server;
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto doc = client.fetch("no-such-package-xyz");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().message.find("no-such-package-xyz") != std::string::npos);
  CHECK(doc.error().message.find("404") != std::string::npos);
  CHECK(server.requests() == 1);  // 404 is not retried
}

TEST_CASE("registry client: 429 and 5xx are retried, Retry-After honoured", "[registry][client]") {
  FakeRegistry server;
  server.hook = [](const httplib::Request&, httplib::Response& res, int n) {
    if (n == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return true;
    }
    if (n == 2) {
      res.status = 503;
      return true;
    }
    return false;
  };
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto start = std::chrono::steady_clock::now();
  auto doc = client.fetch("left-pad");
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(doc);
  CHECK(server.requests() == 3);
  CHECK(client.stats().retries == 2);
  CHECK(elapsed >= std::chrono::milliseconds(900));  // waited Retry-After: 1

  FakeRegistry always;
  always.hook = [](const httplib::Request&, httplib::Response& res, int) {
    res.status = 500;
    return true;
  };
  auto opts = fast_options(config_for("registry=" + always.url() + "\n"));
  opts.max_retries = 2;
  registry::RegistryClient gives_up(opts);
  auto failed = gives_up.fetch("left-pad");
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message.find("500 after 3 attempts") != std::string::npos);
  CHECK(always.requests() == 3);
}

// A registry that gives no response after every retry is down for the rest
// of the run: each other package fails at once with the same error (which
// the terminal prints as one line) instead of retrying in turn.
TEST_CASE("registry client: an unreachable registry is retried once, not once per package", "[registry][client]") {
  // A port that was free a moment ago, bound and closed without listening:
  // connecting to it is refused.
  int port = 0;
  {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port = ntohs(addr.sin_port);
    ::close(fd);
  }
  auto opts = fast_options(config_for("registry=http://127.0.0.1:" + std::to_string(port) + "/\n"));
  opts.max_retries = 2;
  registry::RegistryClient client(opts);
  auto first = client.fetch("left-pad");
  REQUIRE_FALSE(first);
  CHECK(first.error().message.find("request failed") != std::string::npos);
  CHECK(first.error().message.find("after 3 attempts") != std::string::npos);
  CHECK(client.stats().requests == 3);
  for (const char* name : {"ms", "debug", "chalk"}) {
    auto next = client.fetch(name);
    REQUIRE_FALSE(next);
    CHECK(next.error().message == first.error().message);
    CHECK(next.error().file.find(name) != std::string::npos);
  }
  CHECK(client.stats().requests == 3);
}

TEST_CASE("registry client: a slow registry times out", "[registry][client]") {
  FakeRegistry server;
  server.hook = [](const httplib::Request&, httplib::Response&, int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    return false;
  };
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"));
  opts.read_timeout = std::chrono::milliseconds(200);
  opts.max_retries = 0;
  registry::RegistryClient client(opts);
  auto start = std::chrono::steady_clock::now();
  auto doc = client.fetch("ms");
  REQUIRE_FALSE(doc);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1100));
  CHECK(doc.error().message.find("request failed") != std::string::npos);
}

TEST_CASE("registry client: corrupt JSON is an error and nothing is cached", "[registry][client]") {
  FakeRegistry server;
  server.hook = [](const httplib::Request&, httplib::Response& res, int) {
    res.status = 200;
    res.set_content("{\"name\": \"ms\", \"versions\": {", "application/json");
    return true;
  };
  TempDir cache;
  registry::RegistryClient client(
      fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string()));
  auto doc = client.fetch("ms");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().message.find("invalid JSON") != std::string::npos);
  CHECK(doc.error().message.find("nothing was cached") != std::string::npos);
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::recursive_directory_iterator(cache.path())) {
    files += e.is_regular_file() ? 1 : 0;
  }
  CHECK(files == 0);
}

TEST_CASE("registry client: scoped names are requested as @scope%2fname", "[registry][client]") {
  FakeRegistry server;
  TempDir cache;
  registry::RegistryClient client(
      fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string()));
  auto doc = client.fetch("@types/node");
  REQUIRE(doc);
  CHECK(server.seen().at(0).target == "/@types%2fnode");
  CHECK(server.seen().at(0).accept == "application/json");
  auto meta = registry::parse_package_doc(*doc->body, "@types/node", {"22.10.1"});
  REQUIRE(meta);
  CHECK(meta->name == "@types/node");
  CHECK(meta->version("22.10.1") != nullptr);
  // Cached under an escaped file name, and found again.
  registry::RegistryClient again(
      fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string()));
  REQUIRE(again.fetch("@types/node"));
  CHECK(server.requests() == 1);
}

TEST_CASE("registry client: a token goes only to its own host and port", "[registry][client][auth]") {
  FakeRegistry public_reg;
  FakeRegistry private_reg;
  private_reg.hook = [](const httplib::Request& req, httplib::Response& res, int) {
    if (FakeRegistry::name_of(req) == "@acme/broken") {
      res.status = 500;
      return true;
    }
    if (FakeRegistry::name_of(req) == "@acme/ms") {
      res.status = 200;
      res.set_content(archgate::test::read_file(archgate::test::fixtures_dir() / "registry/ms.json"),
                      "application/json");
      return true;
    }
    return false;
  };
  auto npmrc = "registry=" + public_reg.url() + "\n@acme:registry=" + private_reg.url() +
               "\n//127.0.0.1:" + std::to_string(private_reg.port()) + "/:_authToken=${ACME_TOKEN}\n";
  auto opts = fast_options(config_for(npmrc, {{"ACME_TOKEN", "s3cr3t-token-value"}}));
  opts.max_retries = 0;
  registry::RegistryClient client(opts);
  auto results = client.fetch_all({"is-number", "@acme/ms", "left-pad", "@acme/broken"});
  REQUIRE(results[0]);
  REQUIRE(results[1]);
  REQUIRE(results[2]);
  REQUIRE_FALSE(results[3]);
  for (const auto& s : public_reg.seen()) {
    CHECK(s.authorization.empty());
  }
  REQUIRE(private_reg.seen().size() == 2);
  for (const auto& s : private_reg.seen()) {
    CHECK(s.authorization == "Bearer s3cr3t-token-value");
  }
  auto message = results[3].error().to_string();
  CHECK(message.find("s3cr3t") == std::string::npos);
  CHECK(message.find("500") != std::string::npos);
}

TEST_CASE("registry client: offline with a cold cache says what is missing", "[registry][client]") {
  FakeRegistry server;
  TempDir cache;
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string());
  opts.offline = true;
  registry::RegistryClient client(opts);
  auto results = client.fetch_all({"ms", "left-pad"});
  REQUIRE_FALSE(results[0]);
  CHECK(results[0].error().message.find("not in the cache") != std::string::npos);
  CHECK(server.requests() == 0);
  auto stats = client.stats();
  std::sort(stats.missing_offline.begin(), stats.missing_offline.end());
  CHECK(stats.missing_offline == std::vector<std::string>{"left-pad", "ms"});

  // Warm it, then offline answers from the cache even past the TTL.
  auto online = opts;
  online.offline = false;
  registry::RegistryClient warm(online);
  REQUIRE(warm.fetch("ms"));
  opts.ttl = std::chrono::seconds(0);
  registry::RegistryClient offline(opts);
  CHECK(offline.fetch("ms"));
  CHECK_FALSE(offline.fetch("left-pad"));
  CHECK(server.requests() == 1);
}

TEST_CASE("registry client: many documents on a bounded pool", "[registry][client]") {
  FakeRegistry server;
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  server.hook = [&](const httplib::Request& req, httplib::Response& res, int) {
    int now = ++in_flight;
    int prev = max_in_flight.load();
    while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    FakeRegistry::serve_fixture(req, res);
    --in_flight;
    return true;
  };
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"));
  opts.concurrency = 3;
  registry::RegistryClient client(opts);
  std::vector<std::string> names{"is-number", "left-pad", "ms", "@types/node", "esbuild", "request"};
  auto results = client.fetch_all(names);
  for (const auto& r : results) {
    CHECK(r);
  }
  CHECK(max_in_flight.load() <= 3);
  CHECK(server.requests() == 6);
}

TEST_CASE("package documents: full and abbreviated forms", "[registry][doc]") {
  auto full = archgate::test::read_file(archgate::test::fixtures_dir() / "registry/esbuild.json");
  auto meta = registry::parse_package_doc(full, "esbuild", {"0.25.0"});
  REQUIRE(meta);
  CHECK(meta->has_times);
  const auto* v = meta->version("0.25.0");
  REQUIRE(v);
  REQUIRE(v->install_scripts.size() == 1);
  CHECK(v->install_scripts[0].first == "postinstall");
  CHECK(v->install_scripts[0].second == "node install.js");

  auto abbreviated = R"({"name":"x","modified":"2024-05-01T00:00:00.000Z","dist-tags":{"latest":"1.0.0"},
    "versions":{"1.0.0":{"name":"x","version":"1.0.0","hasInstallScript":true,"deprecated":"gone"}}})";
  auto a = registry::parse_package_doc(abbreviated, "x", {});
  REQUIRE(a);
  CHECK_FALSE(a->has_times);
  CHECK(a->modified == "2024-05-01");
  REQUIRE(a->version("1.0.0"));
  CHECK(a->version("1.0.0")->has_install_script == true);
  CHECK(a->version("1.0.0")->deprecated == "gone");

  CHECK_FALSE(registry::parse_package_doc("[1,2]", "x", {}));
  CHECK_FALSE(registry::parse_package_doc("{\"name\":\"x\"}", "x", {}));
  CHECK_FALSE(registry::parse_package_doc("{", "x", {}));
}

TEST_CASE("registry client: a redirect to another host drops the token", "[registry][client][auth]") {
  FakeRegistry other;
  FakeRegistry private_reg;
  private_reg.hook = [&](const httplib::Request&, httplib::Response& res, int) {
    res.status = 302;
    res.set_header("Location", other.url() + "ms");
    return true;
  };
  auto npmrc = "registry=" + private_reg.url() + "\n//127.0.0.1:" +
               std::to_string(private_reg.port()) + "/:_authToken=tok-redirect-123\n";
  registry::RegistryClient client(fast_options(config_for(npmrc)));
  auto doc = client.fetch("ms");
  REQUIRE(doc);
  REQUIRE(private_reg.seen().size() == 1);
  CHECK(private_reg.seen()[0].authorization == "Bearer tok-redirect-123");
  REQUIRE(other.seen().size() == 1);
  CHECK(other.seen()[0].authorization.empty());
}

TEST_CASE("npm config: noproxy and proxy variables", "[registry][config]") {
  auto cfg = config_for("proxy=http://p:8080\nhttps-proxy=http://sp:3128\nnoproxy=.internal.example,localhost\n");
  CHECK(cfg.proxy_for("https://registry.example/x") == "http://sp:3128");
  CHECK(cfg.proxy_for("http://registry.example/x") == "http://p:8080");
  CHECK(cfg.proxy_for("https://npm.internal.example/x").empty());
  CHECK(cfg.proxy_for("https://internal.example/x").empty());
  CHECK(cfg.proxy_for("http://localhost:4873/x").empty());
  CHECK(cfg.proxy_for("https://notinternal.example/x") == "http://sp:3128");

  registry::ConfigSources src;
  src.use_process_env = false;
  src.use_user_and_global = false;
  src.env = {{"HTTPS_PROXY", "http://envproxy:1"}, {"NO_PROXY", "corp.example"}};
  auto loaded = registry::load_npm_config(src);
  REQUIRE(loaded);
  CHECK(loaded->proxy_for("https://registry.example/") == "http://envproxy:1");
  CHECK(loaded->proxy_for("https://r.corp.example/").empty());
}

TEST_CASE("facts pack: bytes round-trip, and malformed packs are errors with the byte offset", "[registry][pack]") {
  std::vector<registry::PackRecord> records = {
      {"@scope/a", 1700000000, "\"e1\"", "", "{\"factsVersion\": 3}"},
      {"b", -5, "", "Tue, 01 Dec 2026 00:00:00 GMT", std::string("\0\n\xff", 3)},
  };
  auto bytes = registry::facts_pack_bytes(1234567890123456789, records);
  auto pack = registry::parse_facts_pack(bytes, "p");
  REQUIRE(pack);
  CHECK(pack->folder_mtime == 1234567890123456789);
  REQUIRE(pack->entries.size() == 2);
  const auto& a = pack->entries.at("@scope/a");
  CHECK(a.fetched == 1700000000);
  CHECK(a.etag == "\"e1\"");
  CHECK(a.last_modified.empty());
  CHECK(a.facts == "{\"factsVersion\": 3}");
  const auto& b = pack->entries.at("b");
  CHECK(b.fetched == -5);
  CHECK(b.facts == std::string_view("\0\n\xff", 3));
  // The views survive moving the pack (its bytes stay where they are).
  auto moved = std::move(*pack);
  CHECK(moved.entries.at("b").last_modified == "Tue, 01 Dec 2026 00:00:00 GMT");

  auto error_of = [&](std::string_view text) {
    auto r = registry::parse_facts_pack(std::string(text), "p");
    REQUIRE_FALSE(r);
    return r.error().message;
  };
  CHECK(error_of("") == "facts pack, byte 0: expected the \"AGFP\" magic");
  CHECK(error_of(std::string("AGFP\x02\0\0\0", 8)).find("format 2, expected 1") != std::string::npos);
  CHECK(error_of(bytes.substr(0, 12)).find("truncated header") != std::string::npos);
  CHECK(error_of(bytes.substr(0, bytes.size() - 1)).find("entry 1 runs past the end") != std::string::npos);
  CHECK(error_of(bytes + "x").find("bytes after the last entry") != std::string::npos);
  auto twice = registry::facts_pack_bytes(0, {records[1], records[1]});
  CHECK(error_of(twice).find("\"b\" is listed twice") != std::string::npos);
  // A count far beyond the file fails at the first missing entry, without
  // reserving for the count.
  auto huge = registry::facts_pack_bytes(0, {});
  huge[16] = huge[17] = huge[18] = huge[19] = '\xff';
  CHECK(error_of(huge).find("entry 0 runs past the end") != std::string::npos);
}

TEST_CASE("facts pack: written only for a folder untouched since it was read and settled", "[registry][pack]") {
  namespace fs = std::filesystem;
  TempDir dir;
  auto folder = (dir.path() / "reg").string();
  fs::create_directories(folder);
  std::vector<registry::PackRecord> records = {{"a", 1, "", "", "{}"}};
  auto mtime = registry::folder_mtime_ns(folder);
  REQUIRE(mtime);
  auto now = *mtime / 1'000'000'000;
  // Too fresh: a write in the same clock tick could share the time.
  CHECK_FALSE(registry::save_facts_pack(folder, *mtime, now, records));
  CHECK_FALSE(fs::exists(folder + ".facts-pack"));
  // Written into since it was read: declined.
  CHECK_FALSE(registry::save_facts_pack(folder, *mtime - 1, now + 10, records));
  CHECK(registry::save_facts_pack(folder, *mtime, now + registry::k_pack_settle_seconds, records));
  auto pack = registry::load_facts_pack(folder, *mtime);
  REQUIRE(pack);
  CHECK(pack->entries.at("a").facts == "{}");
  // Read against another folder time (the folder changed): not used.
  CHECK_FALSE(registry::load_facts_pack(folder, *mtime + 1));
  CHECK_FALSE(registry::folder_mtime_ns((dir.path() / "missing").string()));
}
