// deps/license and deps/native-replacement: the SPDX expression parser, the
// license policy, license facts from lockfile and registry documents, the
// embedded module-replacements table, the runtime floor, and the findings on
// fixtures/projects/deps-license (no network: empty metadata, cold caches).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzers/deps/license.hpp"
#include "analyzers/deps/replacements.hpp"
#include "analyzers/deps/scoring.hpp"
#include "analyzers/deps/spdx.hpp"
#include "analyzers/project_loader.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/snapshot.hpp"
#include "analyzers/pipeline.hpp"
#include "rules/deps_policy_rules.hpp"
#include "test_registry_server.hpp"

using namespace archgate;
using archgate::test::TempDir;

namespace {

constexpr const char* k_today = "2026-11-20";

std::filesystem::path fixture() { return archgate::test::fixtures_dir() / "projects/deps-license"; }

std::string canonical(std::string_view text) {
  auto ex = deps::spdx::parse(text);
  REQUIRE(ex);
  return ex->to_string();
}

std::string parse_error(std::string_view text) {
  auto ex = deps::spdx::parse(text);
  REQUIRE_FALSE(ex);
  return ex.error().message;
}

deps::LicenseIssue issue(std::string_view expr, std::vector<std::string> allow,
                         std::vector<std::string> deny = {}) {
  return deps::evaluate_license(expr, deps::LicensePolicy{std::move(allow), std::move(deny)}).issue;
}

analyzers::runtime::ResolvedPin pin(analyzers::runtime::PinRole role, analyzers::runtime::SpecKind kind,
                                    std::string version, std::optional<int> major,
                                    std::string source = "nvmrc") {
  analyzers::runtime::ResolvedPin r;
  r.pin.role = role;
  r.pin.source = std::move(source);
  r.pin.version = version;
  r.pin.spec = version;
  r.kind = kind;
  r.major = major;
  if (kind == analyzers::runtime::SpecKind::exact) {
    r.exact = version;
  }
  return r;
}

}  // namespace

TEST_CASE("spdx: real license expressions parse to their canonical form", "[deps][license][spdx]") {
  CHECK(canonical("MIT") == "MIT");
  CHECK(canonical("  ISC ") == "ISC");
  CHECK(canonical("(MIT OR Apache-2.0)") == "MIT OR Apache-2.0");
  CHECK(canonical("Apache-2.0 WITH LLVM-exception") == "Apache-2.0 WITH LLVM-exception");
  CHECK(canonical("GPL-2.0+") == "GPL-2.0+");
  CHECK(canonical("GPL-2.0-or-later WITH Classpath-exception-2.0") ==
        "GPL-2.0-or-later WITH Classpath-exception-2.0");
  CHECK(canonical("BSD-3-Clause AND MIT") == "BSD-3-Clause AND MIT");
  CHECK(canonical("(MIT AND Zlib) OR Apache-2.0") == "MIT AND Zlib OR Apache-2.0");
  CHECK(canonical("MIT AND (Apache-2.0 OR BSD-2-Clause)") == "MIT AND (Apache-2.0 OR BSD-2-Clause)");
  CHECK(canonical("((((MIT))))") == "MIT");
  CHECK(canonical("mit or isc") == "mit OR isc");  // operators in any case, ids as written
  CHECK(canonical("LicenseRef-Acme-Proprietary") == "LicenseRef-Acme-Proprietary");
  CHECK(canonical("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2") ==
        "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
  CHECK(canonical("(MIT OR CC0-1.0) AND (Apache-2.0 OR BSD-3-Clause)") ==
        "(MIT OR CC0-1.0) AND (Apache-2.0 OR BSD-3-Clause)");
  CHECK(canonical("Unlicense") == "Unlicense");  // The Unlicense, not UNLICENSED

  // AND binds tighter than OR: "A OR B AND C" is A OR (B AND C).
  auto ex = deps::spdx::parse("MIT OR GPL-3.0-only AND Apache-2.0");
  REQUIRE(ex);
  CHECK(ex->satisfiable([](const deps::spdx::Term& t) { return t.id == "MIT"; }));
  CHECK_FALSE(ex->satisfiable([](const deps::spdx::Term& t) { return t.id == "Apache-2.0"; }));
  auto terms = ex->terms();
  REQUIRE(terms.size() == 3);
  CHECK(terms[0]->id == "MIT");
  CHECK(terms[1]->id == "GPL-3.0-only");
  CHECK(terms[2]->id == "Apache-2.0");

  auto plus = deps::spdx::parse("LGPL-2.1+ WITH GCC-exception-3.1");
  REQUIRE(plus);
  REQUIRE(plus->terms().size() == 1);
  CHECK(plus->terms()[0]->id == "LGPL-2.1");
  CHECK(plus->terms()[0]->or_later);
  CHECK(plus->terms()[0]->exception == "GCC-exception-3.1");

  // A long flat chain evaluates without recursion.
  std::string chain = "MIT";
  for (int i = 0; i < 500; ++i) {
    chain += " AND ISC";
  }
  auto long_ex = deps::spdx::parse(chain);
  REQUIRE(long_ex);
  CHECK(long_ex->terms().size() == 501);
  CHECK(long_ex->satisfiable([](const deps::spdx::Term&) { return true; }));
}

TEST_CASE("spdx: npm's special values", "[deps][license][spdx]") {
  auto u = deps::spdx::parse("UNLICENSED");
  REQUIRE(u);
  CHECK(u->form == deps::spdx::Form::unlicensed);
  auto see = deps::spdx::parse("SEE LICENSE IN LICENSE.md");
  REQUIRE(see);
  CHECK(see->form == deps::spdx::Form::see_file);
  CHECK(see->file == "LICENSE.md");
  CHECK(see->to_string() == "SEE LICENSE IN LICENSE.md");
  for (const char* none : {"", "   ", "NONE", "NOASSERTION"}) {
    auto n = deps::spdx::parse(none);
    REQUIRE(n);
    CHECK(n->form == deps::spdx::Form::none);
  }
}

TEST_CASE("spdx: malformed expressions are errors with a column", "[deps][license][spdx]") {
  CHECK_THAT(parse_error("Apache 2.0"), Catch::Contains("expected AND, OR or the end at column 8"));
  CHECK_THAT(parse_error("MIT OR"), Catch::Contains("expected a license id at column 7"));
  CHECK_THAT(parse_error("(MIT OR ISC"), Catch::Contains("expected \")\""));
  CHECK_THAT(parse_error("MIT)"), Catch::Contains("unbalanced"));
  CHECK_THAT(parse_error("AND MIT"), Catch::Contains("expected a license id, found \"AND\""));
  CHECK_THAT(parse_error("MIT/X11"), Catch::Contains("unexpected character '/' at column 4"));
  CHECK_THAT(parse_error("Apache-2.0 WITH"), Catch::Contains("expected an exception id after WITH"));
  CHECK_THAT(parse_error("LicenseRef-Acme+"), Catch::Contains("\"+\" after a LicenseRef"));
  CHECK_THAT(parse_error("LicenseRef-"), Catch::Contains("empty LicenseRef"));
  CHECK_THAT(parse_error("DocumentRef-x:MIT"), Catch::Contains("invalid license reference"));
  CHECK_THAT(parse_error("()"), Catch::Contains("expected a license id"));
  CHECK_THAT(parse_error("SEE LICENSE IN"), Catch::Contains("names no file"));
  CHECK_THAT(parse_error("Public Domain"), Catch::Contains("column 8"));
  CHECK_THAT(parse_error(std::string(100, '(') + "MIT" + std::string(100, ')')),
             Catch::Contains("nested too deeply"));
  CHECK_THAT(parse_error(std::string(5000, 'M')), Catch::Contains("longer than"));
}

TEST_CASE("spdx: policy keys ignore case and version suffixes", "[deps][license][spdx]") {
  CHECK(deps::spdx::match_key("GPL-2.0") == "gpl-2.0");
  CHECK(deps::spdx::match_key("GPL-2.0-only") == "gpl-2.0");
  CHECK(deps::spdx::match_key("GPL-2.0-or-later") == "gpl-2.0");
  CHECK(deps::spdx::match_key("GPL-2.0+") == "gpl-2.0");
  CHECK(deps::spdx::match_key("mit") == "mit");
  CHECK(deps::spdx::match_key("LicenseRef-Acme-only") == "licenseref-acme-only");
}

TEST_CASE("license policy: allow and deny lists", "[deps][license][policy]") {
  using deps::LicenseIssue;
  // No lists: only missing, invalid and UNLICENSED.
  CHECK(issue("MIT", {}) == LicenseIssue::none);
  CHECK(issue("WTFPL", {}) == LicenseIssue::none);
  CHECK(issue("SEE LICENSE IN LICENSE", {}) == LicenseIssue::none);
  CHECK(issue("", {}) == LicenseIssue::missing);
  CHECK(issue("NONE", {}) == LicenseIssue::missing);
  CHECK(issue("Apache 2.0", {}) == LicenseIssue::invalid);
  CHECK(issue("UNLICENSED", {}) == LicenseIssue::unlicensed);
  CHECK(issue("UNLICENSED", {"UNLICENSED"}) == LicenseIssue::unlicensed);

  const std::vector<std::string> allow = {"MIT", "ISC", "Apache-2.0", "BSD-3-Clause"};
  CHECK(issue("MIT", allow) == LicenseIssue::none);
  CHECK(issue("mit", allow) == LicenseIssue::none);  // ids compare case-insensitively
  CHECK(issue("(MIT OR GPL-3.0-only)", allow) == LicenseIssue::none);  // OR: one side
  CHECK(issue("MIT AND GPL-3.0-only", allow) == LicenseIssue::not_allowed);  // AND: both
  CHECK(issue("BSD-3-Clause AND MIT", allow) == LicenseIssue::none);
  CHECK(issue("Apache-2.0 WITH LLVM-exception", allow) == LicenseIssue::none);
  CHECK(issue("(MIT AND GPL-2.0) OR (ISC AND Apache-2.0)", allow) == LicenseIssue::none);
  CHECK(issue("(MIT AND GPL-2.0) OR (ISC AND LGPL-2.1)", allow) == LicenseIssue::not_allowed);
  CHECK(issue("WTFPL", allow) == LicenseIssue::not_allowed);
  CHECK(issue("SEE LICENSE IN EULA.txt", allow) == LicenseIssue::not_allowed);
  CHECK(issue("LicenseRef-Acme", allow) == LicenseIssue::not_allowed);
  CHECK(issue("LicenseRef-Acme", {"licenseref-acme"}) == LicenseIssue::none);
  CHECK(issue("GPL-2.0+", {"GPL-2.0-or-later"}) == LicenseIssue::none);

  // Deny: reported when every alternative uses a denied id.
  const std::vector<std::string> deny = {"AGPL-3.0-only", "SSPL-1.0"};
  CHECK(issue("AGPL-3.0-only", {}, deny) == LicenseIssue::denied);
  CHECK(issue("AGPL-3.0", {}, deny) == LicenseIssue::denied);  // deprecated id, same license
  CHECK(issue("agpl-3.0-or-later", {}, deny) == LicenseIssue::denied);
  CHECK(issue("AGPL-3.0-only OR MIT", {}, deny) == LicenseIssue::none);
  CHECK(issue("MIT AND SSPL-1.0", {}, deny) == LicenseIssue::denied);
  CHECK(issue("(MIT AND SSPL-1.0) OR (AGPL-3.0-only AND ISC)", {}, deny) == LicenseIssue::denied);
  CHECK(issue("GPL-3.0-only", {}, deny) == LicenseIssue::none);
  // Deny wins over allow; an alternative that is allowed and not denied passes.
  CHECK(issue("AGPL-3.0-only", {"AGPL-3.0-only"}, deny) == LicenseIssue::denied);
  CHECK(issue("AGPL-3.0-only OR MIT", {"AGPL-3.0-only", "MIT"}, deny) == LicenseIssue::none);
  CHECK(issue("AGPL-3.0-only OR GPL-3.0-only", {"AGPL-3.0-only"}, deny) == LicenseIssue::not_allowed);

  auto v = deps::evaluate_license("MIT AND (GPL-3.0-only OR AGPL-3.0-only)",
                                  deps::LicensePolicy{allow, deny});
  CHECK(v.issue == LicenseIssue::not_allowed);
  CHECK(v.offending == "GPL-3.0-only, AGPL-3.0-only");
  CHECK(v.canonical == "MIT AND (GPL-3.0-only OR AGPL-3.0-only)");
  auto d = deps::evaluate_license("(SSPL-1.0 OR AGPL-3.0-only)", deps::LicensePolicy{{}, deny});
  CHECK(d.issue == LicenseIssue::denied);
  CHECK(d.offending == "SSPL-1.0, AGPL-3.0-only");

  CHECK(deps::evaluate_license(deps::LicenseFacts{}, {}).issue == LicenseIssue::unknown);
  CHECK(deps::evaluate_license(deps::LicenseFacts{true, "", "registry"}, {}).issue ==
        LicenseIssue::missing);
}

TEST_CASE("registry documents: license string, legacy object and licenses array",
          "[deps][license][registry]") {
  auto doc = R"json({"name":"x","dist-tags":{"latest":"5.0.0"},
    "time":{"1.0.0":"2015-01-01T00:00:00.000Z","2.0.0":"2016-01-01T00:00:00.000Z",
            "3.0.0":"2017-01-01T00:00:00.000Z","4.0.0":"2018-01-01T00:00:00.000Z",
            "5.0.0":"2019-01-01T00:00:00.000Z"},
    "versions":{
      "1.0.0":{"licenses":[{"type":"MIT","url":"http://x"},{"type":"GPL-2.0","url":"http://y"}]},
      "2.0.0":{"license":{"type":"BSD-3-Clause","url":"http://x"}},
      "3.0.0":{"license":["ISC"]},
      "4.0.0":{},
      "5.0.0":{"license":"(MIT OR Apache-2.0)"}}})json";
  auto meta = registry::parse_package_doc(doc, "x.json", {"1.0.0", "2.0.0", "3.0.0", "4.0.0"});
  REQUIRE(meta);
  CHECK(meta->version("1.0.0")->license == "(MIT) OR (GPL-2.0)");
  CHECK(canonical(meta->version("1.0.0")->license) == "MIT OR GPL-2.0");
  CHECK(meta->version("2.0.0")->license == "BSD-3-Clause");
  CHECK(meta->version("3.0.0")->license == "ISC");
  CHECK(meta->version("4.0.0")->license.empty());
  CHECK(meta->version("5.0.0")->license == "(MIT OR Apache-2.0)");

  // analyze_deps: the lockfile's record wins; else the locked version's document.
  core::DependencyGraph g;
  auto root = g.add_node(core::Node{.role = core::NodeRole::root});
  auto node = [&](std::string_view name, std::string_view version, std::string_view license) {
    core::Node n;
    n.name = name;
    n.version = version;
    n.license = license;
    auto id = g.add_node(n);
    g.add_edge(root, name, version, core::EdgeKind::prod, id);
  };
  node("x", "2.0.0", "");
  node("y", "4.0.0", "");
  node("z", "1.0.0", "Apache-2.0");
  node("w", "1.0.0", "");
  g.finalize();
  deps::MetaMap mm;
  mm.emplace("x", *meta);
  auto y = *meta;
  y.name = "y";
  mm.emplace("y", y);
  auto z = *meta;
  z.name = "z";
  mm.emplace("z", z);
  deps::DepsSettings s;
  s.today = k_today;
  auto report = deps::analyze_deps(g, mm, s);
  CHECK(report.find("x")->license.expression == "BSD-3-Clause");
  CHECK(report.find("x")->license.source == "registry");
  CHECK(report.find("y")->license.known);  // a full document without a license: none declared
  CHECK(report.find("y")->license.expression.empty());
  CHECK(report.find("z")->license.expression == "Apache-2.0");
  CHECK(report.find("z")->license.source == "lockfile");
  CHECK_FALSE(report.find("w")->license.known);  // no metadata: unknown
  auto explained = report.find("x")->explanation;
  CHECK(std::find(explained.begin(), explained.end(), "license: BSD-3-Clause (registry)") !=
        explained.end());

  // An abbreviated document (no `time`) carries no license: unknown, not missing.
  auto abbreviated = registry::parse_package_doc(
      R"({"name":"y","dist-tags":{"latest":"4.0.0"},"versions":{"4.0.0":{}}})", "y.json", {"4.0.0"});
  REQUIRE(abbreviated);
  deps::MetaMap am{{"y", *abbreviated}};
  auto r2 = deps::analyze_deps(g, am, s);
  CHECK_FALSE(r2.find("y")->license.known);

  rules::RuleConfig config;
  core::Project project;
  std::vector<core::Finding> out;
  rules::RuleContext ctx{project, config, out};
  rules::emit_license_findings(ctx, report);
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule == "deps/license");
  CHECK(out[0].package == "y@4.0.0");
  CHECK(out[0].message == "y@4.0.0 declares no license");
  CHECK(out[0].severity == core::Severity::warning);
}

TEST_CASE("module replacements: the embedded table", "[deps][replacement]") {
  auto lp = deps::find_replacement("left-pad");
  REQUIRE(lp);
  CHECK(lp->kind == deps::ReplacementKind::native);
  REQUIRE(lp->options.size() == 1);
  CHECK(lp->options[0].id == "String.prototype.padStart");
  CHECK(lp->options[0].node_min == "8.0.0");
  CHECK(lp->options[0].url ==
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/padStart");
  auto num = deps::find_replacement("is-number");
  REQUIRE(num);
  CHECK(num->kind == deps::ReplacementKind::micro_utility);
  CHECK_FALSE(num->options[0].description.empty());
  auto fetch = deps::find_replacement("node-fetch");
  REQUIRE(fetch);
  CHECK(fetch->kind == deps::ReplacementKind::preferred);
  REQUIRE(fetch->options.size() == 1);  // ofetch and ky are packages, not built-ins
  CHECK(fetch->options[0].id == "fetch");
  CHECK(fetch->options[0].node_min == "18.0.0");
  auto shim = deps::find_replacement("es6-shim");
  REQUIRE(shim);
  CHECK(shim->options[0].removal);
  CHECK_FALSE(deps::find_replacement("express"));
  CHECK_FALSE(deps::find_replacement("lodash"));  // preferred removals are left out
  CHECK(deps::replacement_table().size() > 400);
  // Names are ruled out by first byte and length before the lookup: every
  // entry must still be found, and names beside them not.
  std::size_t found = 0;
  for (const auto& [name, r] : deps::replacement_table()) {
    found += deps::find_replacement(name) == &r ? 1 : 0;
    CHECK_FALSE(deps::find_replacement(name + "-x"));
  }
  CHECK(found == deps::replacement_table().size());
  CHECK_FALSE(deps::find_replacement(""));

  CHECK(deps::expand_url("node:api/fs.html#x") == "https://nodejs.org/api/fs.html#x");
  CHECK(deps::expand_url("e18e:fetch") == "https://e18e.dev/docs/replacements/fetch");
  CHECK(deps::expand_url("https://example.org/") == "https://example.org/");

  auto bad = deps::parse_replacements(R"({"native":{"a":["nope"]},"micro-utility":{},"preferred":{},"replacements":{}})");
  CHECK_FALSE(bad);
  auto ok = deps::parse_replacements(
      R"({"native":{"a":["x"]},"micro-utility":{},"preferred":{},"docs":{"a":"e18e:a"},
          "replacements":{"x":{"node":"20.0.0","url":"mdn:X"}}})");
  REQUIRE(ok);
  CHECK(ok->at("a").docs == "https://e18e.dev/docs/replacements/a");
  CHECK(ok->at("a").options[0].url == "https://developer.mozilla.org/en-US/docs/X");
}

TEST_CASE("module replacements: runtime floor and availability", "[deps][replacement]") {
  using analyzers::runtime::PinRole;
  using analyzers::runtime::SpecKind;
  analyzers::runtime::RuntimeAnalysis a;
  a.pins.push_back(pin(PinRole::runtime, SpecKind::line, "22", 22));
  a.pins.push_back(pin(PinRole::runtime, SpecKind::exact, "20.11.1", 20, "dockerfile"));
  a.pins.push_back(pin(PinRole::ci, SpecKind::line, "18", 18, "github-actions"));  // CI: ignored
  a.pins.push_back(pin(PinRole::constraint, SpecKind::range, ">=16", 16, "engines"));
  auto f = deps::runtime_floor(a);
  CHECK(f.from == deps::RuntimeFloor::From::pins);
  REQUIRE(f.version);
  CHECK(f.version->to_string() == "20.11.1");
  CHECK(f.text == "your pins: 22, 20.11.1");

  analyzers::runtime::RuntimeAnalysis line;
  line.pins.push_back(pin(PinRole::runtime, SpecKind::line, "20.12", 20));
  line.pins.push_back(pin(PinRole::runtime, SpecKind::codename, "lts/iron", 20));
  auto lf = deps::runtime_floor(line);
  CHECK(lf.version->to_string() == "20.0.0");  // lts/iron counts as the line's start
  CHECK(lf.text == "your pins: 20.12, 20");

  analyzers::runtime::RuntimeAnalysis engines;
  engines.pins.push_back(pin(PinRole::constraint, SpecKind::range, "^18.17 || >=20", 18, "engines"));
  auto ef = deps::runtime_floor(engines);
  CHECK(ef.from == deps::RuntimeFloor::From::engines);
  CHECK(ef.version->to_string() == "18.17.0");
  CHECK_THAT(ef.text, Catch::Contains("engines.node \"^18.17 || >=20\" admits 18.17.0"));

  auto unknown = deps::runtime_floor({});
  CHECK(unknown.from == deps::RuntimeFloor::From::unknown);
  CHECK_FALSE(unknown.version);
  CHECK_THAT(unknown.text, Catch::Contains("unknown"));

  auto glob = deps::find_replacement("glob");  // fs.promises.glob: Node.js 22
  REQUIRE(glob);
  CHECK(deps::available_options(*glob, f).empty());
  CHECK(deps::available_options(*glob, unknown).size() == 1);
  auto rimraf = deps::find_replacement("rimraf");  // fs.promises.rm (14.14) or rmdir (10)
  REQUIRE(rimraf);
  CHECK(deps::available_options(*rimraf, ef).size() == 2);
}

TEST_CASE("deps/license and deps/native-replacement on the deps-license fixture",
          "[deps][license][replacement][rules]") {
  core::WorkingTreeSnapshot snap(fixture().string());
  auto project = analyzers::load_project(snap);
  REQUIRE(project);
  REQUIRE(project->graph);
  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(*project->graph, {}, settings);
  const auto* lp = report.find("left-pad");
  REQUIRE(lp);
  CHECK(lp->license.expression == "WTFPL");
  CHECK(lp->license.source == "lockfile");
  REQUIRE(lp->replacement);

  // The settings and the runtime floor come from the pipeline's passes.
  analyzers::PipelineOptions popts;
  popts.env = std::map<std::string, std::string>{};
  popts.adjust_settings = [](core::Settings& s) { s.today = k_today; };
  auto facts = analyzers::run_pipeline(snap, analyzers::pass_bit(analyzers::Pass::runtime), popts);
  REQUIRE(facts);
  auto floor = deps::runtime_floor(facts->runtime->analysis);
  rules::RuleConfig config = facts->settings;
  CHECK(config.license_deny == std::vector<std::string>{"AGPL-3.0-only"});
  auto run = [&](const rules::RuleConfig& c) {
    std::vector<core::Finding> out;
    rules::RuleContext ctx{*project, c, out};
    rules::emit_policy_findings(ctx, report, floor);
    std::map<std::string, core::Finding> by;
    for (auto& f : out) {
      by[f.rule + " " + f.package] = f;
    }
    return by;
  };
  auto by = run(config);
  std::set<std::string> keys;
  for (const auto& [k, f] : by) {
    keys.insert(k);
  }
  CHECK(keys == std::set<std::string>{
                    "deps/license agpl-lib@1.2.0",
                    "deps/license bad-license-lib@0.1.0",
                    "deps/license proprietary-lib@5.0.0",
                    "deps/native-replacement is-number@7.0.0",
                    "deps/native-replacement left-pad@1.3.0",
                    "deps/native-replacement node-fetch@2.7.0",
                    "deps/native-replacement object-assign@4.1.1",
                });
  const auto& pad = by["deps/native-replacement left-pad@1.3.0"];
  CHECK(pad.message == "left-pad: use String.prototype.padStart (Node.js >= 8.0.0; your pins: 20)");
  CHECK(pad.severity == core::Severity::warning);
  CHECK(pad.location.file == "package-lock.json");
  CHECK(pad.location.line > 0);
  CHECK_THAT(pad.remediation.str(), Catch::Contains("developer.mozilla.org"));
  CHECK(by["deps/native-replacement is-number@7.0.0"].severity == core::Severity::note);
  CHECK_THAT(by["deps/native-replacement is-number@7.0.0"].message, Catch::Contains("snippet"));
  CHECK(by["deps/native-replacement node-fetch@2.7.0"].severity == core::Severity::note);
  CHECK(by["deps/native-replacement node-fetch@2.7.0"].message ==
        "node-fetch: use fetch (Node.js >= 18.0.0; your pins: 20)");
  CHECK(by["deps/license agpl-lib@1.2.0"].message ==
        "agpl-lib@1.2.0 is licensed AGPL-3.0-only: every alternative uses a denied license "
        "(AGPL-3.0-only)");
  CHECK_THAT(by["deps/license bad-license-lib@0.1.0"].message,
             Catch::Contains("\"Apache 2.0\" is not an SPDX expression"));
  CHECK_THAT(by["deps/license proprietary-lib@5.0.0"].message, Catch::Contains("UNLICENSED"));

  auto allow = config;
  allow.license_allow = {"MIT", "ISC", "Apache-2.0"};
  auto with_allow = run(allow);
  CHECK(with_allow.count("deps/license left-pad@1.3.0") == 1);   // WTFPL
  CHECK(with_allow.count("deps/license gpl-lib@3.0.0") == 1);
  CHECK(with_allow.count("deps/license custom-lib@1.0.0") == 1);  // SEE LICENSE IN
  CHECK(with_allow.count("deps/license llvm-lib@2.1.0") == 0);
  CHECK(with_allow.count("deps/license dual-lib@1.0.0") == 0);
  CHECK(with_allow.count("deps/license agpl-or-mit-lib@1.0.0") == 0);
  CHECK(with_allow.count("deps/license whatwg-url@5.0.0") == 0);
  CHECK(with_allow.count("deps/license unknown-lib@1.0.0") == 0);  // unknown: not judged
  CHECK(with_allow["deps/license gpl-lib@3.0.0"].message ==
        "gpl-lib@3.0.0 is licensed GPL-3.0-only, which license-allow does not cover (GPL-3.0-only)");

  // Without a pin, engines.node sets the floor; without either the runtime is unknown.
  deps::RuntimeFloor none = deps::runtime_floor({});
  std::vector<core::Finding> out;
  rules::RuleContext ctx{*project, config, out};
  rules::emit_replacement_findings(ctx, report, none);
  auto it = std::find_if(out.begin(), out.end(),
                         [](const core::Finding& f) { return f.package == "left-pad@1.3.0"; });
  REQUIRE(it != out.end());
  CHECK_THAT(it->message, Catch::Contains("the runtime is unknown"));
  CHECK_THAT(it->remediation.str(), Catch::Contains("Pin the Node.js runtime"));
  // glob's fs.promises.glob is usable on an unknown runtime, reported with its version.
  CHECK(std::any_of(out.begin(), out.end(),
                    [](const core::Finding& f) { return f.package == "glob@10.4.5"; }));
}

TEST_CASE("archgate deps and check show licenses and replacements offline", "[deps][license][cli]") {
  TempDir cache;
  std::string env = "ARCHGATE_CACHE_DIR=" + archgate::test::q(cache.path()) +
                    " npm_config_registry=http://127.0.0.1:9/ npm_config_userconfig=/dev/null "
                    "npm_config_globalconfig=/dev/null ";
  auto deps_cmd = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(fixture()) + " --offline --format json --today " + k_today +
               " --cache-dir " + archgate::test::q(cache.path()) +
               " --license-allow MIT --license-allow ISC --license-allow Apache-2.0");
  INFO(deps_cmd.err);
  auto j = nlohmann::json::parse(deps_cmd.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& d : j["dependencies"]) {
    by_name[d["name"].get<std::string>()] = d;
  }
  CHECK(by_name["left-pad"]["facts"]["license"] == "WTFPL");
  CHECK(by_name["left-pad"]["facts"]["licenseSource"] == "lockfile");
  CHECK(by_name["left-pad"]["facts"]["replacement"]["kind"] == "native");
  CHECK(by_name["left-pad"]["facts"]["replacement"]["options"][0]["id"] == "String.prototype.padStart");
  CHECK(by_name["unknown-lib"]["facts"]["license"].is_null());
  CHECK(by_name["dual-lib"]["facts"]["replacement"].is_null());
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) {
    rules.insert(f["rule"].get<std::string>() + " " + f["package"].get<std::string>());
  }
  CHECK(rules.count("deps/license agpl-lib@1.2.0") == 1);    // archgate.toml license-deny
  CHECK(rules.count("deps/license gpl-lib@3.0.0") == 1);     // --license-allow
  CHECK(rules.count("deps/native-replacement left-pad@1.3.0") == 1);
  CHECK(rules.count("deps/native-replacement glob@10.4.5") == 0);  // needs Node.js 22

  auto text = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(fixture()) + " --offline --today " + k_today +
               " --cache-dir " + archgate::test::q(cache.path()));
  CHECK_THAT(text.out, Catch::Contains("license WTFPL"));
  CHECK_THAT(text.out, Catch::Contains("license ?"));  // unknown-lib
  auto explain = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(fixture()) + " --offline --today " + k_today +
               " --cache-dir " + archgate::test::q(cache.path()) + " --explain left-pad");
  CHECK_THAT(explain.out, Catch::Contains("license: WTFPL (lockfile)"));
  CHECK_THAT(explain.out, Catch::Contains("replacement (native): String.prototype.padStart (Node.js >= 8.0.0)"));

  auto check = archgate::test::run_archgate_env(
      env, "check " + archgate::test::q(fixture()) + " --today " + k_today +
               " --format json --only 'deps/license' --only 'deps/native-replacement'");
  INFO(check.err);
  auto cj = nlohmann::json::parse(check.out);
  std::set<std::string> ids;
  for (const auto& f : cj["findings"]) {
    ids.insert(f["rule"].get<std::string>());
  }
  CHECK(ids == std::set<std::string>{"deps/license", "deps/native-replacement"});
}
