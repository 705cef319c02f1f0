// Advisories: the bulk advisory request (body shape, batching, pool), the
// reply parser, affected / not affected, the nearest fixed version (same
// major, only a new major, none), 404/405 as "unavailable", the cache
// (zero requests on a hit, offline cold cache = missing), corrupt replies,
// token isolation, deps/vulnerable findings and `archgate deps`/`check`.
//
// The advisory facts are real (fixtures/registry/advisories.json, see
// fixtures/registry/README.md); the fake registry filters them by the
// requested versions as the public endpoint does.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzers/deps/advisories.hpp"
#include "analyzers/registry/advisories.hpp"
#include "analyzers/registry/client.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/graph.hpp"
#include "core/http.hpp"
#include "rules/deps_rules.hpp"
#include "rules/deps_vulnerable.hpp"
#include "rules/rule.hpp"
#include "test_registry_server.hpp"

using namespace archgate;
using archgate::test::FakeRegistry;
using archgate::test::TempDir;

namespace {

constexpr const char* k_today = "2026-11-20";
constexpr const char* k_bulk = "/-/npm/v1/security/advisories/bulk";

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

registry::PackageMeta fixture_meta(const std::string& name, std::vector<std::string> wanted = {}) {
  auto text = archgate::test::read_file(archgate::test::fixtures_dir() / "registry" / (name + ".json"));
  auto meta = registry::parse_package_doc(text, name, wanted);
  REQUIRE(meta);
  return *meta;
}

std::string fixture_advisories() {
  return archgate::test::read_file(archgate::test::fixtures_dir() / "registry/advisories.json");
}

// A graph with one root and the given name@version packages as direct
// dependencies (names and versions must outlive the graph).
core::DependencyGraph graph_of(std::initializer_list<std::pair<const char*, const char*>> pkgs) {
  core::DependencyGraph g;
  auto root = g.add_node(core::Node{.role = core::NodeRole::root});
  for (const auto& [name, version] : pkgs) {
    core::Node n;
    n.name = name;
    n.version = version;
    n.path = name;
    auto id = g.add_node(n);
    g.add_edge(root, name, version, core::EdgeKind::prod, id);
  }
  g.finalize();
  return g;
}

int files_below(const std::filesystem::path& dir) {
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    files += e.is_regular_file() ? 1 : 0;
  }
  return files;
}

const deps::AdvisoryFact* find_advisory(const deps::PackageReport& p, std::string_view ghsa) {
  for (const auto& a : p.advisories->list) {
    if (a.ghsa == ghsa) {
      return &a;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("advisories: request body maps names to versions, sorted and de-duplicated",
          "[advisories][request]") {
  registry::PackageVersions pkgs{{"minimist", {"1.2.5", "1.2.0", "1.2.5"}}, {"lodash", {"4.17.20"}}};
  auto body = registry::bulk_request_body(pkgs);
  CHECK(body == R"({"lodash":["4.17.20"],"minimist":["1.2.5","1.2.0"]})");
  CHECK(registry::bulk_request_body({}) == "{}");
  CHECK(*archgate::core::http::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("advisories: the audit registry is audit-registry, else registry, else the default",
          "[advisories][request]") {
  CHECK(registry::bulk_advisory_url(registry::NpmConfig{}) ==
        std::string(registry::default_registry()) + "-/npm/v1/security/advisories/bulk");
  CHECK(registry::audit_registry(config_for("registry=https://reg.example/npm\n")) ==
        "https://reg.example/npm/");
  CHECK(registry::audit_registry(config_for(
            "registry=https://reg.example/\n@acme:registry=https://acme.example/\n")) ==
        "https://reg.example/");  // never a scope's registry
  CHECK(registry::audit_registry(config_for("registry=https://reg.example/\naudit-registry=https://audit.example\n")) ==
        "https://audit.example/");
  CHECK(registry::audit_registry(config_for("registry=https://reg.example/\n",
                                            {{"npm_config_audit_registry", "https://env-audit.example/"}})) ==
        "https://env-audit.example/");
}

TEST_CASE("advisories: one POST per batch on the client's pool, every name sent once",
          "[advisories][request]") {
  FakeRegistry server;
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
  server.post_hook = [&](const httplib::Request&, httplib::Response&, int) {
    int now = ++in_flight;
    int prev = max_in_flight.load();
    while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    --in_flight;
    return false;  // then answer from the fixture
  };
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"));
  opts.concurrency = 2;
  registry::RegistryClient client(opts);
  registry::PackageVersions pkgs{{"ms", {"2.1.3"}},           {"lodash", {"4.17.20"}},
                                 {"minimist", {"1.2.0", "1.2.5"}}, {"glob-parent", {"3.1.0"}},
                                 {"request", {"2.88.2"}}};
  auto fetch = registry::fetch_advisories(client, pkgs, {.batch_size = 2});
  CHECK(fetch.status() == registry::AdvisoryStatus::complete);
  CHECK(fetch.errors.empty());
  CHECK(fetch.stats.batches == 3);
  CHECK(server.posts() == 3);
  CHECK(server.requests() == 0);  // no GET
  CHECK(max_in_flight.load() <= 2);
  CHECK(fetch.covered.size() == 5);
  std::map<std::string, nlohmann::json> sent;
  for (const auto& p : server.posted()) {
    CHECK(p.target == k_bulk);
    CHECK(p.content_type == "application/json");
    CHECK(p.authorization.empty());
    auto body = nlohmann::json::parse(p.body);
    REQUIRE(body.is_object());
    CHECK(body.size() <= 2);
    for (const auto& [name, versions] : body.items()) {
      CHECK(sent.count(name) == 0);
      sent[name] = versions;
    }
  }
  REQUIRE(sent.size() == 5);
  CHECK(sent["minimist"] == nlohmann::json::array({"1.2.0", "1.2.5"}));
  CHECK(sent["lodash"] == nlohmann::json::array({"4.17.20"}));
  REQUIRE(fetch.advisories.count("minimist") == 1);
  CHECK(fetch.advisories.at("minimist").size() == 2);
  CHECK(fetch.advisories.count("ms") == 0);  // the endpoint leaves out names without advisories
}

TEST_CASE("advisories: parsing the bulk reply", "[advisories][parse]") {
  auto map = registry::parse_bulk_advisories(fixture_advisories(), "advisories.json");
  REQUIRE(map);
  REQUIRE(map->count("minimist") == 1);
  const auto& m = map->at("minimist");
  REQUIRE(m.size() == 2);
  CHECK(m[1].id == "1097678");
  CHECK(m[1].display_id() == "GHSA-xvch-5gv4-984h");
  CHECK(m[1].severity == "critical");
  CHECK(m[1].vulnerable_versions == ">=1.0.0 <1.2.6");
  CHECK(m[1].cwe == std::vector<std::string>{"CWE-1321"});
  REQUIRE(m[1].cvss_score);
  CHECK(*m[1].cvss_score == Approx(9.8));
  CHECK(m[1].cvss_vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  CHECK(map->at("lodash")[0].cwe == std::vector<std::string>{"CWE-77", "CWE-94"});

  // Tolerated: string ids, upper-case severity, no cwe/cvss, an empty object.
  auto loose = registry::parse_bulk_advisories(
      R"({"x":[{"id":"abc","severity":"HIGH","vulnerable_versions":"<2","url":"https://example.test/a"}],"y":[]})",
      "reply");
  REQUIRE(loose);
  CHECK(loose->at("x")[0].id == "abc");
  CHECK(loose->at("x")[0].severity == "high");
  CHECK(loose->at("x")[0].display_id() == "abc");
  CHECK_FALSE(loose->at("x")[0].cvss_score);
  CHECK(loose->at("y").empty());
  CHECK(registry::parse_bulk_advisories("{}", "reply"));

  auto not_object = registry::parse_bulk_advisories("[]", "reply");
  REQUIRE_FALSE(not_object);
  CHECK(not_object.error().message.find("expected a JSON object") != std::string::npos);
  CHECK_FALSE(registry::parse_bulk_advisories(R"({"x":{}})", "reply"));
  CHECK_FALSE(registry::parse_bulk_advisories(R"({"x":[1]})", "reply"));
  auto no_range = registry::parse_bulk_advisories(R"({"x":[{"id":1,"severity":"low"}]})", "reply");
  REQUIRE_FALSE(no_range);
  CHECK(no_range.error().message.find("vulnerable_versions") != std::string::npos);
  CHECK_FALSE(registry::parse_bulk_advisories(R"({"x":[{"vulnerable_versions":"<1"}]})", "reply"));
  auto corrupt = registry::parse_bulk_advisories("{\n \"x\": [\n  {\"id\": 1,,}\n ]\n}", "reply");
  REQUIRE_FALSE(corrupt);
  CHECK(corrupt.error().message.find("invalid advisory JSON") != std::string::npos);
  CHECK(corrupt.error().line == 3);
}

TEST_CASE("advisories: affected and not affected, severity mapping", "[advisories][facts]") {
  CHECK(deps::version_affected("1.2.5", ">=1.0.0 <1.2.6") == true);
  CHECK(deps::version_affected("1.2.5", ">=1.0.0 <1.2.3") == false);
  CHECK(deps::version_affected("1.2.6", ">=1.0.0 <1.2.6") == false);
  CHECK(deps::version_affected("2.88.2", "<=2.88.2") == true);
  CHECK(deps::version_affected("1.2.6-beta.1", "<1.2.6") == true);  // includePrerelease, as npm audit
  CHECK_FALSE(deps::version_affected("1.2.5", "not a range").has_value());

  CHECK(deps::finding_severity("critical") == core::Severity::error);
  CHECK(deps::finding_severity("high") == core::Severity::error);
  CHECK(deps::finding_severity("moderate") == core::Severity::warning);
  CHECK(deps::finding_severity("low") == core::Severity::note);
  CHECK(deps::finding_severity("info") == core::Severity::note);
  CHECK(deps::finding_severity("") == core::Severity::warning);

  // Two locked versions of minimist: the endpoint answers for both, each is
  // judged on its own.
  FakeRegistry server;
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto g = graph_of({{"minimist", "1.2.0"}, {"minimist", "1.2.5"}, {"lodash", "4.17.21"}, {"ms", "2.1.3"}});
  auto fetch = deps::load_advisories(g, client).fetch;
  REQUIRE(fetch.status() == registry::AdvisoryStatus::complete);
  REQUIRE(server.posts() == 1);
  auto sent = nlohmann::json::parse(server.posted()[0].body);
  CHECK(sent["minimist"] == nlohmann::json::array({"1.2.0", "1.2.5"}));

  deps::MetaMap meta{{"minimist", fixture_meta("minimist")}, {"lodash", fixture_meta("lodash")},
                     {"ms", fixture_meta("ms")}};
  auto report = deps::analyze_deps(g, meta, {.today = k_today});
  deps::apply_advisories(report, fetch, meta);
  CHECK(report.advisories.status == "complete");
  const auto* old = report.find("minimist@1.2.0");
  const auto* newer = report.find("minimist@1.2.5");
  REQUIRE(old);
  REQUIRE(newer);
  CHECK(old->advisories->known);
  CHECK(old->advisories->affected_count() == 2);
  CHECK(newer->advisories->affected_count() == 1);
  const auto* moderate = find_advisory(*newer, "GHSA-vh95-rmgr-6w4m");
  REQUIRE(moderate);
  CHECK_FALSE(moderate->affected);
  const auto* critical = find_advisory(*newer, "GHSA-xvch-5gv4-984h");
  REQUIRE(critical);
  CHECK(critical->affected);
  CHECK(critical->severity == "critical");
  CHECK(newer->advisories->list.front().ghsa == "GHSA-xvch-5gv4-984h");  // affected first
  // lodash 4.17.21 is past GHSA-35jh-r3h4-6jhm: the endpoint returns nothing.
  const auto* lodash = report.find("lodash");
  REQUIRE(lodash);
  CHECK(lodash->advisories->known);
  CHECK(lodash->advisories->list.empty());
  CHECK(report.find("ms")->advisories->known);
  CHECK(report.find("ms")->advisories->affected_count() == 0);
}

TEST_CASE("advisories: nearest fixed version (same major, only a new major, none)",
          "[advisories][facts]") {
  auto lodash = fixture_meta("lodash");
  auto f = deps::nearest_fixed_version(lodash.versions, "4.17.20", {"<4.17.21"});
  CHECK(f.kind == deps::FixKind::same_major);
  CHECK(f.version == "4.17.21");

  auto minimist = fixture_meta("minimist");
  f = deps::nearest_fixed_version(minimist.versions, "1.2.0", {">=1.0.0 <1.2.3"});
  CHECK(f.kind == deps::FixKind::same_major);
  CHECK(f.version == "1.2.3");
  f = deps::nearest_fixed_version(minimist.versions, "1.2.0", {">=1.0.0 <1.2.3", ">=1.0.0 <1.2.6"});
  CHECK(f.version == "1.2.6");

  // glob-parent 3.1.0: 4.0.0 and 5.1.1 are still inside <5.1.2.
  auto glob = fixture_meta("glob-parent");
  f = deps::nearest_fixed_version(glob.versions, "3.1.0", {"<5.1.2"});
  CHECK(f.kind == deps::FixKind::new_major);
  CHECK(f.version == "5.1.2");

  // request: every version up to the last one (2.88.2) is affected.
  auto request = fixture_meta("request");
  f = deps::nearest_fixed_version(request.versions, "2.88.0", {"<=2.88.2"});
  CHECK(f.kind == deps::FixKind::none);
  CHECK(f.version.empty());

  // Prereleases are never proposed; an unparsable locked version is unknown.
  f = deps::nearest_fixed_version({"1.0.0", "1.0.1-rc.1", "1.0.2"}, "1.0.0", {"<1.0.2"});
  CHECK(f.version == "1.0.2");
  CHECK(deps::nearest_fixed_version({"1.0.0"}, "github:x/y", {"<2"}).kind == deps::FixKind::unknown);

  // Through apply_advisories, with the package's metadata.
  FakeRegistry server;
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto g = graph_of({{"glob-parent", "3.1.0"}, {"request", "2.88.2"}, {"minimist", "1.2.0"}, {"lodash", "4.17.20"}});
  auto fetch = deps::load_advisories(g, client).fetch;
  deps::MetaMap meta{{"glob-parent", glob}, {"request", request}, {"minimist", minimist}};
  auto report = deps::analyze_deps(g, meta, {.today = k_today});
  deps::apply_advisories(report, fetch, meta);
  const auto& gp = *report.find("glob-parent");
  REQUIRE(gp.advisories->list.size() == 1);
  CHECK(gp.advisories->list[0].fixed.kind == deps::FixKind::new_major);
  CHECK(gp.advisories->list[0].fixed.version == "5.1.2");
  CHECK(report.find("request")->advisories->list.at(0).fixed.kind == deps::FixKind::none);
  const auto& mm = *report.find("minimist");
  CHECK(find_advisory(mm, "GHSA-vh95-rmgr-6w4m")->fixed.version == "1.2.3");
  CHECK(find_advisory(mm, "GHSA-xvch-5gv4-984h")->fixed.version == "1.2.6");
  CHECK(mm.advisories->fixes_all.version == "1.2.6");
  // No metadata for lodash: affected, fix unknown.
  const auto& lo = *report.find("lodash");
  REQUIRE(lo.advisories->list.size() == 1);
  CHECK(lo.advisories->list[0].affected);
  CHECK(lo.advisories->list[0].fixed.kind == deps::FixKind::unknown);
}

TEST_CASE("advisories: 405 or 404 from the endpoint is 'unavailable', never an all-clear",
          "[advisories][errors]") {
  for (int status : {405, 404}) {
    FakeRegistry server;
    server.post_hook = [status](const httplib::Request&, httplib::Response& res, int) {
      res.status = status;  // what the mirror on the development machines answers
      return true;
    };
    auto opts = fast_options(config_for("registry=" + server.url() + "\n"));
    opts.concurrency = 1;
    registry::RegistryClient client(opts);
    auto g = graph_of({{"minimist", "1.2.5"}, {"lodash", "4.17.20"}, {"ms", "2.1.3"}});
    auto fetch = registry::fetch_advisories(client, deps::registry_packages(g), {.batch_size = 1});
    INFO(status);
    CHECK(fetch.status() == registry::AdvisoryStatus::unavailable);
    CHECK(server.posts() == 1);  // not retried, the other batches not sent
    REQUIRE(fetch.errors.size() == 1);
    auto msg = fetch.errors[0].to_string();
    CHECK(msg.find("advisories unavailable from 127.0.0.1:" + std::to_string(server.port())) !=
          std::string::npos);
    CHECK(msg.find(std::to_string(status)) != std::string::npos);
    CHECK(fetch.problem().find("NOT checked") != std::string::npos);
    CHECK(fetch.covered.empty());
    CHECK(fetch.missing == std::vector<std::string>{"lodash", "minimist", "ms"});

    auto report = deps::analyze_deps(g, {}, {.today = k_today});
    deps::apply_advisories(report, fetch, {});
    CHECK(report.advisories.status == "unavailable");
    for (const auto& p : report.packages) {
      CHECK_FALSE(p.advisories->known);
    }
    core::Project project;
    rules::RuleConfig config;
    std::vector<core::Finding> out;
    rules::RuleContext ctx{project, config, out};
    rules::emit_vulnerable_findings(ctx, report);
    CHECK(out.empty());
  }
}

TEST_CASE("advisories: a cache hit makes zero requests; the TTL and the request key apply",
          "[advisories][cache]") {
  FakeRegistry server;
  TempDir cache;
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string());
  registry::PackageVersions pkgs{{"lodash", {"4.17.20"}}, {"minimist", {"1.2.5"}}};
  {
    registry::RegistryClient client(opts);
    auto fetch = registry::fetch_advisories(client, pkgs);
    REQUIRE(fetch.status() == registry::AdvisoryStatus::complete);
    CHECK(fetch.stats.downloaded == 1);
    CHECK(server.posts() == 1);
  }
  registry::RegistryClient second(opts);
  auto again = registry::fetch_advisories(second, pkgs);
  CHECK(again.status() == registry::AdvisoryStatus::complete);
  CHECK(server.posts() == 1);
  CHECK(again.stats.requests == 0);
  CHECK(again.stats.cache_hits == 1);
  REQUIRE(again.advisories.count("lodash") == 1);
  CHECK(again.advisories.at("lodash")[0].id == "1106913");
  // Another set of names and versions is another request.
  registry::PackageVersions other{{"lodash", {"4.17.19"}}, {"minimist", {"1.2.5"}}};
  CHECK(registry::fetch_advisories(second, other).status() == registry::AdvisoryStatus::complete);
  CHECK(server.posts() == 2);
  // Past the TTL the request is sent again.
  auto stale = opts;
  stale.ttl = std::chrono::seconds(0);
  registry::RegistryClient third(stale);
  CHECK(registry::fetch_advisories(third, pkgs).stats.requests == 1);
  CHECK(server.posts() == 3);
}

TEST_CASE("advisories: offline with a cold cache reports them missing", "[advisories][cache]") {
  FakeRegistry server;
  TempDir cache;
  auto opts = fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string());
  opts.offline = true;
  registry::RegistryClient client(opts);
  auto g = graph_of({{"minimist", "1.2.5"}, {"ms", "2.1.3"}});
  auto fetch = deps::load_advisories(g, client).fetch;
  CHECK(server.posts() == 0);
  CHECK(fetch.status() == registry::AdvisoryStatus::missing);
  CHECK(fetch.offline_missing);
  CHECK(fetch.errors.empty());
  CHECK(fetch.missing == std::vector<std::string>{"minimist", "ms"});
  CHECK(fetch.problem().find("advisories missing for 2 packages") != std::string::npos);
  auto report = deps::analyze_deps(g, {}, {.today = k_today});
  deps::apply_advisories(report, fetch, {});
  CHECK(report.advisories.status == "missing");
  CHECK_FALSE(report.find("minimist")->advisories->known);  // unknown, not "none"

  // Warm it online, then offline reads it whatever its age.
  auto online = opts;
  online.offline = false;
  registry::RegistryClient warm(online);
  REQUIRE(deps::load_advisories(g, warm).fetch.status() == registry::AdvisoryStatus::complete);
  opts.ttl = std::chrono::seconds(0);
  registry::RegistryClient offline(opts);
  auto cached = deps::load_advisories(g, offline).fetch;
  CHECK(cached.status() == registry::AdvisoryStatus::complete);
  CHECK(cached.advisories.count("minimist") == 1);
  CHECK(server.posts() == 1);
}

TEST_CASE("advisories: a corrupt reply is an error and nothing is cached", "[advisories][errors]") {
  for (std::string reply : {std::string("{\"lodash\": [{\"id\": 1106913,"), std::string("[]"),
                            std::string("{\"lodash\": {\"id\": 1}}")}) {
    FakeRegistry server;
    server.post_hook = [reply](const httplib::Request&, httplib::Response& res, int) {
      res.status = 200;
      res.set_content(reply, "application/json");
      return true;
    };
    TempDir cache;
    registry::RegistryClient client(
        fast_options(config_for("registry=" + server.url() + "\n"), cache.path().string()));
    auto fetch = registry::fetch_advisories(client, {{"lodash", {"4.17.20"}}});
    INFO(reply);
    CHECK(fetch.status() == registry::AdvisoryStatus::failed);
    REQUIRE(fetch.errors.size() == 1);
    CHECK(fetch.errors[0].message.find("nothing was cached") != std::string::npos);
    CHECK(fetch.missing == std::vector<std::string>{"lodash"});
    CHECK(files_below(cache.path()) == 0);
  }
}

TEST_CASE("advisories: 429 and 5xx are retried like document requests", "[advisories][errors]") {
  FakeRegistry server;
  server.post_hook = [](const httplib::Request&, httplib::Response& res, int n) {
    if (n == 1) {
      res.status = 503;
      return true;
    }
    return false;
  };
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto fetch = registry::fetch_advisories(client, {{"lodash", {"4.17.20"}}});
  CHECK(fetch.status() == registry::AdvisoryStatus::complete);
  CHECK(fetch.stats.retries == 1);
  CHECK(server.posts() == 2);

  FakeRegistry always;
  always.post_hook = [](const httplib::Request&, httplib::Response& res, int) {
    res.status = 500;
    return true;
  };
  auto opts = fast_options(config_for("registry=" + always.url() + "\n"));
  opts.max_retries = 1;
  registry::RegistryClient gives_up(opts);
  auto failed = registry::fetch_advisories(gives_up, {{"lodash", {"4.17.20"}}});
  CHECK(failed.status() == registry::AdvisoryStatus::failed);
  REQUIRE(failed.errors.size() == 1);
  CHECK(failed.errors[0].message.find("500 after 2 attempts") != std::string::npos);
}

TEST_CASE("advisories: a token goes only to the audit registry's own host", "[advisories][auth]") {
  FakeRegistry public_reg;
  FakeRegistry private_reg;
  auto token_line = "//127.0.0.1:" + std::to_string(private_reg.port()) + "/:_authToken=${ACME_TOKEN}\n";
  std::map<std::string, std::string> env{{"ACME_TOKEN", "s3cr3t-advisory-token"}};
  registry::PackageVersions pkgs{{"@acme/tool", {"1.0.0"}}, {"lodash", {"4.17.20"}}};

  // The scope's registry has a token, but advisories go to the default
  // registry, which gets no credentials.
  {
    auto npmrc = "registry=" + public_reg.url() + "\n@acme:registry=" + private_reg.url() + "\n" + token_line;
    registry::RegistryClient client(fast_options(config_for(npmrc, env)));
    auto fetch = registry::fetch_advisories(client, pkgs);
    CHECK(fetch.status() == registry::AdvisoryStatus::complete);
    REQUIRE(public_reg.posted().size() == 1);
    CHECK(public_reg.posted()[0].authorization.empty());
    CHECK(private_reg.posts() == 0);
  }
  // audit-registry on the private host: its token is sent there, and a
  // failure message does not show it.
  {
    private_reg.post_hook = [](const httplib::Request&, httplib::Response& res, int) {
      res.status = 403;
      return true;
    };
    auto npmrc = "registry=" + public_reg.url() + "\naudit-registry=" + private_reg.url() + "\n" + token_line;
    registry::RegistryClient client(fast_options(config_for(npmrc, env)));
    auto fetch = registry::fetch_advisories(client, pkgs);
    CHECK(fetch.status() == registry::AdvisoryStatus::failed);
    REQUIRE(private_reg.posted().size() == 1);
    CHECK(private_reg.posted()[0].authorization == "Bearer s3cr3t-advisory-token");
    CHECK(public_reg.posts() == 1);
    REQUIRE(fetch.errors.size() == 1);
    CHECK(fetch.errors[0].to_string().find("s3cr3t") == std::string::npos);
    CHECK(fetch.errors[0].to_string().find("403") != std::string::npos);
  }
  // A 307 from the audit registry to another host: the token is not forwarded.
  {
    FakeRegistry other;
    FakeRegistry redirecting;
    redirecting.post_hook = [&](const httplib::Request&, httplib::Response& res, int) {
      res.status = 307;
      res.set_header("Location", other.url() + "-/npm/v1/security/advisories/bulk");
      return true;
    };
    auto npmrc = "registry=" + redirecting.url() + "\n//127.0.0.1:" +
                 std::to_string(redirecting.port()) + "/:_authToken=tok-redirect-456\n";
    registry::RegistryClient client(fast_options(config_for(npmrc)));
    auto fetch = registry::fetch_advisories(client, pkgs);
    CHECK(fetch.status() == registry::AdvisoryStatus::complete);
    REQUIRE(redirecting.posted().size() == 1);
    CHECK(redirecting.posted()[0].authorization == "Bearer tok-redirect-456");
    REQUIRE(other.posted().size() == 1);
    CHECK(other.posted()[0].authorization.empty());
    CHECK(other.posted()[0].body == redirecting.posted()[0].body);
  }
}

TEST_CASE("deps/vulnerable: message, severity from the advisory, remediation",
          "[advisories][rules]") {
  FakeRegistry server;
  registry::RegistryClient client(fast_options(config_for("registry=" + server.url() + "\n")));
  auto g = graph_of({{"minimist", "1.2.5"}, {"lodash", "4.17.20"}, {"glob-parent", "3.1.0"},
                     {"request", "2.88.2"}, {"ms", "2.1.3"}});
  auto fetch = deps::load_advisories(g, client).fetch;
  deps::MetaMap meta{{"minimist", fixture_meta("minimist")}, {"lodash", fixture_meta("lodash")},
                     {"glob-parent", fixture_meta("glob-parent")}, {"request", fixture_meta("request")},
                     {"ms", fixture_meta("ms")}};
  deps::DepsSettings settings{.today = k_today};
  auto report = deps::analyze_deps(g, meta, settings);
  deps::apply_advisories(report, fetch, meta);

  core::Project project;
  rules::RuleConfig config;
  std::vector<core::Finding> out;
  rules::RuleContext ctx{project, config, out};
  rules::emit_deps_findings(ctx, report, settings);
  std::map<std::string, const core::Finding*> by_package;
  for (const auto& f : out) {
    if (f.rule == "deps/vulnerable") {
      CHECK(by_package.count(f.package) == 0);
      by_package[f.package] = &f;
    }
  }
  REQUIRE(by_package.size() == 4);  // not ms
  const auto& mini = *by_package.at("minimist@1.2.5");
  CHECK(mini.severity == core::Severity::error);  // critical
  CHECK(mini.message ==
        "minimist@1.2.5 is vulnerable: GHSA-xvch-5gv4-984h \"Prototype Pollution in minimist\" "
        "(critical; affects >=1.0.0 <1.2.6); upgrade to 1.2.6 (nearest fixed)");
  CHECK(mini.remediation.find("minimist@1.2.6") != std::string::npos);
  CHECK(std::find(mini.evidence.begin(), mini.evidence.end(),
                  "https://github.com/advisories/GHSA-xvch-5gv4-984h") != mini.evidence.end());
  CHECK(std::find(mini.evidence.begin(), mini.evidence.end(), "npm advisory 1097678") !=
        mini.evidence.end());

  const auto& lo = *by_package.at("lodash@4.17.20");
  CHECK(lo.severity == core::Severity::error);  // high
  CHECK(lo.message.find("GHSA-35jh-r3h4-6jhm \"Command Injection in lodash\" (high; affects <4.17.21); "
                        "upgrade to 4.17.21 (nearest fixed)") != std::string::npos);

  const auto& gp = *by_package.at("glob-parent@3.1.0");
  CHECK(gp.message.find("upgrade to 5.1.2 (nearest fixed; only a new major fixes it: 3 -> 5)") !=
        std::string::npos);
  CHECK(gp.remediation.find("breaking") != std::string::npos);

  const auto& rq = *by_package.at("request@2.88.2");
  CHECK(rq.severity == core::Severity::warning);  // moderate
  CHECK(rq.message.find("no fixed version is published") != std::string::npos);

  // low/info advisories are notes.
  registry::AdvisoryFetch low;
  low.covered = {"ms"};
  low.advisories["ms"] = {registry::Advisory{.id = "1",
                                             .url = "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
                                             .title = "t",
                                             .severity = "low",
                                             .vulnerable_versions = "<3"}};
  auto r2 = deps::analyze_deps(g, meta, settings);
  deps::apply_advisories(r2, low, meta);
  std::vector<core::Finding> notes;
  rules::RuleContext ctx2{project, config, notes};
  rules::emit_vulnerable_findings(ctx2, r2);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].severity == core::Severity::note);
  CHECK(notes[0].message.find("ms@2.1.3 is vulnerable: GHSA-aaaa-bbbb-cccc") == 0);

  CHECK(rules::find_rule("deps/vulnerable") != nullptr);
}

TEST_CASE("archgate deps: advisories, deps/vulnerable, cache, offline and 405",
          "[advisories][cli]") {
  FakeRegistry server;
  TempDir cache;
  auto project = archgate::test::fixtures_dir() / "projects/deps-vulnerable";
  auto env_for = [](const FakeRegistry& s) {
    return "npm_config_registry=" + s.url() + " npm_config_userconfig=/dev/null " +
           "npm_config_globalconfig=/dev/null ";
  };
  auto cmd = [&](const FakeRegistry& s, const std::string& args, const std::filesystem::path& cache_dir) {
    return archgate::test::run_archgate_env(
        env_for(s), "deps " + archgate::test::q(project) + " --today " + k_today + " --cache-dir " +
                        archgate::test::q(cache_dir) + " " + args);
  };

  auto r = cmd(server, "--format json", cache.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server.posts() == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["advisories"]["status"] == "complete");
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& d : j["dependencies"]) {
    by_name[d["name"].get<std::string>()] = d;
  }
  REQUIRE(by_name.size() == 3);
  const auto& mini = by_name["minimist"]["facts"]["advisories"];
  REQUIRE(mini.is_array());
  REQUIRE(mini.size() == 1);  // the endpoint returns only what affects 1.2.5
  CHECK(mini[0]["ghsa"] == "GHSA-xvch-5gv4-984h");
  CHECK(mini[0]["id"] == "1097678");
  CHECK(mini[0]["severity"] == "critical");
  CHECK(mini[0]["affected"] == true);
  CHECK(mini[0]["fixedIn"] == "1.2.6");
  CHECK(mini[0]["fix"] == "same-major");
  CHECK(mini[0]["cvss"]["score"] == 9.8);
  CHECK(by_name["lodash"]["facts"]["advisories"][0]["fixedIn"] == "4.17.21");
  CHECK(by_name["ms"]["facts"]["advisories"] == nlohmann::json::array());
  std::set<std::string> found;
  for (const auto& f : j["findings"]) {
    if (f["rule"] == "deps/vulnerable") {
      found.insert(f["package"].get<std::string>() + " " + f["severity"].get<std::string>());
    }
  }
  CHECK(found == std::set<std::string>{"lodash@4.17.20 error", "minimist@1.2.5 error"});

  // Text, from the cache: no request.
  auto text = cmd(server, "", cache.path());
  CHECK(text.exit_code == 0);
  CHECK(server.posts() == 1);
  CHECK(text.out.find("Known vulnerabilities:") != std::string::npos);
  CHECK(text.out.find("GHSA-35jh-r3h4-6jhm") != std::string::npos);
  CHECK(text.out.find("nearest fixed 1.2.6") != std::string::npos);

  auto explain = cmd(server, "--offline --explain minimist", cache.path());
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("advisory GHSA-xvch-5gv4-984h (critical, CVSS 9.8)") != std::string::npos);
  CHECK(explain.out.find("nearest fixed 1.2.6") != std::string::npos);

  // check reads advisories from the same cache, never the network.
  auto check = archgate::test::run_archgate_env(
      env_for(server) + "ARCHGATE_CACHE_DIR=" + archgate::test::q(cache.path()) + " ",
      "check " + archgate::test::q(project) + " --today " + k_today + " --format json --only 'deps/*'");
  CHECK(server.posts() == 1);
  CHECK(check.out.find("deps/vulnerable") != std::string::npos);
  CHECK(check.out.find("GHSA-xvch-5gv4-984h") != std::string::npos);

  // Offline with a cold cache: advisories missing, not "no vulnerabilities".
  TempDir cold;
  auto off = cmd(server, "--offline --format json", cold.path());
  CHECK(off.exit_code == 0);
  CHECK(server.posts() == 1);
  CHECK(off.err.find("advisories missing for 3 packages") != std::string::npos);
  auto oj = nlohmann::json::parse(off.out);
  CHECK(oj["advisories"]["status"] == "missing");
  CHECK(oj["advisories"]["missing"].size() == 3);
  for (const auto& d : oj["dependencies"]) {
    CHECK(d["facts"]["advisories"].is_null());
  }
  auto off_text = cmd(server, "--offline", cold.path());
  CHECK(off_text.out.find("No known vulnerabilities") == std::string::npos);
  CHECK(off_text.out.find("Advisories: advisories missing") != std::string::npos);
  auto cold_check = archgate::test::run_archgate_env(
      env_for(server) + "ARCHGATE_CACHE_DIR=" + archgate::test::q(cold.path()) + " ",
      "check " + archgate::test::q(project) + " --today " + k_today + " --format json --only 'deps/*'");
  // A cold cache: deps/vulnerable did not run, and says so; it is never
  // shown as passing.
  auto cj = nlohmann::json::parse(cold_check.out);
  bool not_checked = false;
  for (const auto& rule : cj["rules"]) {
    if (rule["id"] == "deps/vulnerable") {
      not_checked = rule["status"] == "not-checked" && !rule["reason"].get<std::string>().empty();
    }
  }
  CHECK(not_checked);
  for (const auto& f : cj["findings"]) {
    CHECK(f["rule"] != "deps/vulnerable");
  }

  // --no-advisories: no POST, status skipped.
  TempDir other;
  auto skip = cmd(server, "--no-advisories --format json", other.path());
  CHECK(skip.exit_code == 0);
  CHECK(server.posts() == 1);
  CHECK(nlohmann::json::parse(skip.out)["advisories"]["status"] == "skipped");

  // The mirror's 405: a clear error and exit 2.
  FakeRegistry mirror;
  mirror.post_hook = [](const httplib::Request&, httplib::Response& res, int) {
    res.status = 405;
    return true;
  };
  TempDir fresh;
  auto m = cmd(mirror, "", fresh.path());
  CHECK(m.exit_code == 2);
  CHECK(m.err.find("advisories unavailable from 127.0.0.1:" + std::to_string(mirror.port())) !=
        std::string::npos);
  CHECK(m.out.find("Advisories: advisories unavailable from") != std::string::npos);
  CHECK(m.out.find("No known vulnerabilities") == std::string::npos);
}
