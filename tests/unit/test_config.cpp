// archgate.toml: every section, errors with positions, [rules] overrides.
#include <catch2/catch.hpp>

#include "core/snapshot.hpp"
#include "analyzers/settings.hpp"
#include "rules/rule.hpp"
#include "test_support.hpp"

using archgate::core::Finding;
using archgate::core::Severity;
using archgate::rules::RuleConfig;

namespace {
// [rules] ids are checked against the catalog, as every command does.
const archgate::analyzers::KnownRule known = [](std::string_view id) {
  return archgate::rules::find_rule(id) != nullptr;
};
}  // namespace

TEST_CASE("config: every section fills the rule settings", "[config]") {
  RuleConfig c;
  auto pc = archgate::analyzers::parse_settings("archgate.toml", R"(
[lockfile]
allowed-hosts = ["npm.internal.example.com", "https://registry.example.org/"]

[runtime]
eol-soon-days = 90

[deps]
unmaintained-days = 365
heavy-threshold = 250
license-allow = ["MIT", "ISC", "Apache-2.0"]
license-deny = ["AGPL-3.0-only"]

[rules]
"deps/*" = "note"
"runtime/floating" = "off"
"deps/heavy" = "error"
)",
                                                  c, known);
  REQUIRE(pc);
  CHECK(c.file == "archgate.toml");
  CHECK(c.allowed_hosts ==
        std::vector<std::string>{"npm.internal.example.com", "https://registry.example.org/"});
  CHECK(c.eol_soon_days == 90);
  CHECK(c.unmaintained_days == 365);
  CHECK(c.heavy_threshold == 250);
  CHECK(c.license_allow == std::vector<std::string>{"MIT", "ISC", "Apache-2.0"});
  CHECK(c.license_deny == std::vector<std::string>{"AGPL-3.0-only"});
  REQUIRE(c.overrides.size() == 3);
  // File order, not key order: the last matching entry wins as written.
  CHECK(c.overrides[0].rule == "deps/*");
  CHECK(c.overrides[2].rule == "deps/heavy");

  std::vector<Finding> fs(4);
  fs[0].rule = "deps/heavy";
  fs[0].severity = Severity::warning;
  fs[1].rule = "deps/deprecated";
  fs[1].severity = Severity::warning;
  fs[2].rule = "runtime/floating";
  fs[2].severity = Severity::warning;
  fs[3].rule = "runtime/eol";
  fs[3].severity = Severity::error;
  archgate::core::apply_overrides(c.overrides, fs);
  REQUIRE(fs.size() == 3);
  CHECK(fs[0].severity == Severity::error);  // deps/heavy: last entry wins over deps/*
  CHECK(fs[1].severity == Severity::note);   // deps/deprecated via deps/*
  CHECK(fs[2].rule == "runtime/eol");        // untouched; runtime/floating dropped
  CHECK(fs[2].severity == Severity::error);
}

TEST_CASE("config: mistakes are errors with line:column", "[config]") {
  struct Case {
    const char* text;
    int line;
    int column;
    const char* says;
  };
  const Case cases[] = {
      {"[deps]\nunmaintained-days = \"soon\"\n", 2, 21, "must be an integer"},
      {"[deps]\nunmaintaned-days = 10\n", 2, 1, "unknown key 'unmaintaned-days' in [deps]"},
      {"[lockfile]\nallowed-hosts = \"a.example\"\n", 2, 17, "must be an array of strings"},
      {"[lockfile]\nallowed-hosts = [1]\n", 2, 18, "must hold strings only"},
      {"[runtme]\nx = 1\n", 1, 2, "unknown section [runtme]"},
      {"[rules]\n\"runtime/floatin\" = \"off\"\n", 2, 1, "unknown rule 'runtime/floatin'"},
      {"[rules]\n\"runtime/floating\" = \"fatal\"\n", 2, 22, "unknown level \"fatal\""},
      {"[deps\n", 1, 6, "invalid TOML"},
      {"[deps]\nheavy-threshold = 0\n", 2, 19, "from 1 to 1000000"},
      {"a = \"\xC3\x28\"\n", 1, 6, "invalid UTF-8"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    RuleConfig rc;
    auto r = archgate::analyzers::parse_settings("archgate.toml", c.text, rc, known);
    REQUIRE_FALSE(r);
    CHECK(r.error().file == "archgate.toml");
    CHECK(r.error().line == c.line);
    CHECK(r.error().column == c.column);
    CHECK_THAT(r.error().message, Catch::Contains(c.says));
  }
}

TEST_CASE("config: found at the project root, optional, or named explicitly", "[config]") {
  archgate::core::MemorySnapshot none;
  none.add("package.json", "{}");
  RuleConfig c;
  auto pc = archgate::analyzers::load_settings(none, "", c);
  REQUIRE(pc);
  CHECK(c.file.empty());
  CHECK(c.eol_soon_days == 180);

  archgate::core::MemorySnapshot hidden;
  hidden.add(".archgate.toml", "[runtime]\neol-soon-days = 30\n");
  pc = archgate::analyzers::load_settings(hidden, "", c);
  REQUIRE(pc);
  CHECK(c.file == ".archgate.toml");
  CHECK(c.eol_soon_days == 30);

  auto missing = archgate::analyzers::load_settings(none, "no/such/archgate.toml", c);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().file == "no/such/archgate.toml");
}

// fixtures/projects/configured/archgate.toml is the example of
// docs/configuration.md: it must stay valid as rules are added or renamed.
TEST_CASE("config: the documented example parses", "[config]") {
  auto path = archgate::test::fixtures_dir() / "projects" / "configured" / "archgate.toml";
  RuleConfig c;
  auto pc = archgate::analyzers::parse_settings("archgate.toml", archgate::test::read_file(path), c, known);
  INFO((pc ? std::string() : pc.error().to_string()));
  REQUIRE(pc);
  CHECK_FALSE(c.license_allow.empty());
  CHECK_FALSE(c.overrides.empty());
  REQUIRE(c.boundaries.size() == 1);
  CHECK(c.boundaries[0].name == "routes-no-db");
  CHECK(c.boundaries[0].to == std::vector<std::string>{"src/db/**", "pg"});
  REQUIRE(c.checklist_skip.size() == 1);
  CHECK(c.checklist_skip[0].first == "workers");
}
