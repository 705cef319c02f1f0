// Opt-in: the registry client and `archgate deps` against the registry npm's
// own configuration names (.npmrc, npm_config_registry). Needs the network,
// so it is hidden from the default run and from ctest:
//   ARCHGATE_LIVE_REGISTRY=1 ./build-test/tests/archgate_tests "[.live]"
#include <catch2/catch.hpp>

#include <cstdlib>

#include "analyzers/registry/client.hpp"
#include "analyzers/registry/npm_config.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "test_registry_server.hpp"

using namespace archgate;

TEST_CASE("live: the configured registry serves real documents, then the cache does", "[.live]") {
  if (std::getenv("ARCHGATE_LIVE_REGISTRY") == nullptr) {
    WARN("set ARCHGATE_LIVE_REGISTRY=1 to run the live registry test");
    return;
  }
  registry::ConfigSources sources;  // the machine's own npm configuration
  auto cfg = registry::load_npm_config(sources);
  REQUIRE(cfg);
  test::TempDir cache;
  registry::ClientOptions opts;
  opts.config = *cfg;
  opts.cache_dir = cache.path().string();
  {
    registry::RegistryClient client(opts);
    auto docs = client.fetch_all({"is-number", "@types/node", "express"});
    REQUIRE(docs.size() == 3);
    for (auto& d : docs) {
      INFO((d ? d->name : d.error().to_string()));
      REQUIRE(d);
      CHECK(d->source == registry::FetchSource::network);
      auto meta = registry::parse_package_doc(*d->body, d->name, {});
      REQUIRE(meta);
      CHECK_FALSE(meta->latest.empty());
    }
    CHECK(client.stats().requests >= 3);
  }
  registry::RegistryClient warm(opts);
  auto again = warm.fetch("is-number");
  REQUIRE(again);
  CHECK(again->source == registry::FetchSource::cache);
  CHECK(warm.stats().requests == 0);

  auto r = test::run_archgate_env("ARCHGATE_CACHE_DIR=" + test::q(cache.path()) + " ",
                                  "deps " + test::q(test::fixtures_dir() / "example") +
                                      " --no-advisories --format json");
  INFO(r.err);
  CHECK((r.exit_code == 0 || r.exit_code == 1));
  CHECK_THAT(r.out, Catch::Contains("\"dependencies\""));
}
