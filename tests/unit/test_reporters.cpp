// The SARIF, Markdown, JUnit and HTML reporters: structure, levels, counts
// and escaping of hostile text, on a hand-built AuditResult; SARIF end to end
// through the CLI.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "core/audit.hpp"
#include "reports/cyclonedx_report.hpp"
#include "reports/deps_report.hpp"
#include "reports/json_writer.hpp"
#include "reports/reporter.hpp"
#include "reports/table.hpp"
#include "rules/rule.hpp"
#include "reports/markdown.hpp"
#include "test_support.hpp"

using archgate::core::AuditResult;
using archgate::core::Error;
using archgate::core::Finding;
using archgate::core::Severity;
using nlohmann::json;

namespace {

// Three findings across two rules and three severities, with text that needs
// escaping in every format, and one input error (so: incomplete).
AuditResult sample_result() {
  AuditResult r;
  r.tool_version = "0.1.0";
  r.root = "fixtures/projects/demo";

  Finding drift;
  drift.rule = "lockfile/out-of-sync";
  drift.severity = Severity::error;
  drift.message = "express: package.json wants \"^5.1.0\" | lock has <script>alert('x')</script> & more";
  drift.location = {"package.json", 16, 5};
  drift.package = "express";
  drift.remediation = "Run npm install\nthen commit both files";
  drift.evidence = {"package-lock.json:120:5: locked here"};

  Finding insecure;
  insecure.rule = "lockfile/insecure-url";
  insecure.severity = Severity::warning;
  insecure.message = "left-pad@1.3.0 is fetched over http://";
  insecure.location = {"package-lock.json", 40, 0};
  insecure.package = "left-pad@1.3.0";

  Finding git;
  git.rule = "lockfile/git-dependency";
  git.severity = Severity::note;
  git.message = "isarray@2.0.5 is installed from git\x01";
  git.location = {"dir with space/package-lock.json", 0, 0};

  r.findings = {drift, insecure, git};
  archgate::core::assign_fingerprints(r.findings);
  r.errors = {Error{"yarn.lock", 3, 7, "expected ':' after \"key\" <here>"}};
  for (const auto& info : archgate::rules::rule_catalog()) {
    bool has = std::any_of(r.findings.begin(), r.findings.end(),
                           [&](const Finding& f) { return f.rule == info.id; });
    r.rules.push_back({info, has ? archgate::core::RuleStatus::findings
                                 : archgate::core::RuleStatus::clean, {}});
  }
  return r;
}

std::string render(std::string_view format, const AuditResult& r) {
  auto reporter = archgate::reports::make_reporter(format);
  REQUIRE(reporter != nullptr);
  std::ostringstream out;
  reporter->write(r, out);
  return out.str();
}

std::size_t count_of(const std::string& hay, std::string_view needle) {
  std::size_t n = 0;
  for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("reports: JsonWriter writes a tree exactly as nlohmann's dump(2) does", "[reports][json]") {
  // The streamed reports (deps, check, inventory) write small trees through
  // JsonWriter; a report must read the same whichever writer made it.
  auto tree = nlohmann::json::parse(R"({
    "b": [1, -2, 18446744073709551615, 7.5, 10.0, 0.1, 1e21, true, false, null, [], {}],
    "a": {"z": "tab\tquote\"back\\slash\u0001\u007f/é☃", "y": {"x": [[], [{}]]}},
    "c": "", "d": 9.8, "e": 123456789012
  })");
  std::ostringstream streamed;
  {
    archgate::reports::JsonWriter w(streamed);
    w.value(tree);
    w.finish();
  }
  CHECK(streamed.str() == tree.dump(2) + "\n");
  // Inside a streamed object, at depth: the same as the tree dumped whole.
  std::ostringstream nested;
  {
    archgate::reports::JsonWriter w(nested);
    w.begin_object().key("list").begin_array().value(tree).value(tree["b"]).end_array().end_object();
    w.finish();
  }
  nlohmann::json whole{{"list", {tree, tree["b"]}}};
  CHECK(nested.str() == whole.dump(2) + "\n");
  // Keys as literals (written without a scan), as strings, and as arrays
  // filled at run time (checked, and escaped where they need it).
  char quoted_key[8] = "q\"k";
  char short_key[8] = "ab";
  std::ostringstream keys;
  {
    archgate::reports::JsonWriter w(keys);
    w.begin_object().field("lit", 1).field(std::string("str\n"), 2).field(quoted_key, 3).field(short_key, 4);
    w.key("obj").begin_object().field("x", true).end_object().end_object();
    w.finish();
  }
  nlohmann::ordered_json expected{{"lit", 1}, {"str\n", 2}, {"q\"k", 3}, {"ab", 4}, {"obj", {{"x", true}}}};
  CHECK(keys.str() == expected.dump(2) + "\n");
}

// Found in review: a truncated multi-byte sequence became one U+FFFD per
// byte, where nlohmann's dump(…, replace) writes one, so the streamed SARIF
// was no longer byte-identical to the tree it replaced.
TEST_CASE("reports: JsonWriter replaces invalid UTF-8 as nlohmann's dump does", "[reports][json][regression]") {
  for (std::string s : {std::string("lp\xE2\x82z"), std::string("end\xE2\x82"), std::string("\xF0\x9F\x98"),
                        std::string("\xFF\x80ok"), std::string("\xE2\xE2\x82\xAC"), std::string("\xED\xA0\x80"),
                        std::string("\xC0\xAF"), std::string("\xF4\x90\x80\x80"), std::string("ok \xC3\xA9 \xE2\x98\x83")}) {
    INFO(nlohmann::json(s).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
    std::ostringstream streamed;
    {
      archgate::reports::JsonWriter w(streamed);
      w.value(s);
      w.finish();
    }
    CHECK(streamed.str() == nlohmann::json(s).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
}

// Plain ASCII is scanned sixteen bytes at a time, then eight, then one;
// every byte that needs more than a copy is found wherever it falls in or
// across those blocks.
TEST_CASE("reports: JsonWriter escapes a special byte at any position", "[reports][json]") {
  for (std::string special : {std::string("\""), std::string("\\"), std::string("\n"), std::string("\x01"),
                              std::string("\x1f"), std::string("\x7f"), std::string("\xC3\xA9"), std::string("\xFF"),
                              std::string(" "), std::string("!"), std::string("#"), std::string("["), std::string("]")}) {
    for (std::size_t at = 0; at <= 40; ++at) {
      std::string s = std::string("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH").substr(0, at) + special +
                      std::string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ").substr(0, 36 - at % 17);
      INFO("special " << nlohmann::json(special).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace)
                      << " at " << at);
      std::string out;
      archgate::reports::append_json_string(out, s);
      CHECK(out == nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
}

TEST_CASE("reports: JsonWriter::elements writes what a plain loop writes, at any count", "[reports][json]") {
  // Large runs are rendered in blocks, every other one on a second thread;
  // the bytes must be those of one writer in order (commas, indentation).
  auto element = [](archgate::reports::JsonWriter& w, std::size_t i) {
    w.begin_object().field("i", i).field("text", "line \"" + std::to_string(i) + "\"\n");
    w.key("list").begin_array().value(i % 3 == 0).value(std::string(i % 5, 'x')).end_array();
    w.end_object();
  };
  for (std::size_t n : {0UL, 1UL, 4095UL, 4096UL, 4097UL, 5000UL, 10241UL}) {
    INFO("n = " << n);
    std::ostringstream plain;
    std::ostringstream blocks;
    {
      archgate::reports::JsonWriter w(plain);
      w.begin_object().key("outer").begin_object().field("before", 1).key("items").begin_array();
      for (std::size_t i = 0; i < n; ++i) element(w, i);
      w.end_array().field("after", 2).end_object().end_object();
      w.finish();
    }
    {
      archgate::reports::JsonWriter w(blocks);
      w.begin_object().key("outer").begin_object().field("before", 1).key("items").begin_array();
      w.elements(n, element);
      w.end_array().field("after", 2).end_object().end_object();
      w.finish();
    }
    REQUIRE(blocks.str() == plain.str());
    auto doc = json::parse(blocks.str());
    CHECK(doc["outer"]["items"].size() == n);
  }
}

TEST_CASE("reports: every new format is registered", "[reports]") {
  auto formats = archgate::reports::report_formats();
  for (std::string_view name : {"sarif", "markdown", "junit", "html", "gitlab"}) {
    CHECK(std::find(formats.begin(), formats.end(), name) != formats.end());
    CHECK(archgate::reports::make_reporter(name) != nullptr);
  }
}

TEST_CASE("reports: SARIF 2.1.0 structure, rules, levels and notifications", "[reports]") {
  auto text = render("sarif", sample_result());
  auto doc = json::parse(text);
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const auto& run = doc["runs"][0];
  const auto& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "archgate");
  CHECK(driver["version"] == "0.1.0");
  CHECK_FALSE(driver.contains("informationUri"));

  // Rules: the three used ones, in catalog order, with catalog text.
  const auto& rules = driver["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "lockfile/git-dependency");
  CHECK(rules[1]["id"] == "lockfile/insecure-url");
  CHECK(rules[2]["id"] == "lockfile/out-of-sync");
  const auto* info = archgate::rules::find_rule("lockfile/insecure-url");
  REQUIRE(info != nullptr);
  CHECK(rules[1]["shortDescription"]["text"] == std::string(info->title));
  CHECK(rules[1]["fullDescription"]["text"] == std::string(info->rationale));
  CHECK(rules[1]["help"]["text"] == std::string(info->remedy));
  // help.markdown for the alert, helpUri to the rule's page (which exists).
  CHECK_THAT(rules[1]["help"]["markdown"].get<std::string>(), Catch::Contains("Fix: " + std::string(info->remedy)));
  auto uri = rules[1]["helpUri"].get<std::string>();
  CHECK(uri.starts_with("https://"));
  CHECK(uri.ends_with("/docs/rules/lockfile-insecure-url.md"));
  CHECK(std::filesystem::exists(archgate::test::source_dir() / "docs/rules/lockfile-insecure-url.md"));
  CHECK(rules[1]["defaultConfiguration"]["level"] == "error");

  const auto& results = run["results"];
  REQUIRE(results.size() == 3);
  for (const auto& res : results) {
    auto idx = res["ruleIndex"].get<std::size_t>();
    REQUIRE(idx < rules.size());
    CHECK(rules[idx]["id"] == res["ruleId"]);
    CHECK(res["partialFingerprints"]["archgate/v2"].get<std::string>().size() == 16);
    CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] ==
          "%SRCROOT%");
  }
  CHECK(results[0]["level"] == "error");
  CHECK(results[1]["level"] == "warning");
  CHECK(results[2]["level"] == "note");
  CHECK(results[0]["message"]["text"] == sample_result().findings[0].message);
  const auto& loc0 = results[0]["locations"][0]["physicalLocation"];
  CHECK(loc0["artifactLocation"]["uri"] == "package.json");
  CHECK(loc0["region"]["startLine"] == 16);
  CHECK(loc0["region"]["startColumn"] == 5);
  // No column: startLine only. No line: no region. Spaces percent-encoded.
  const auto& loc1 = results[1]["locations"][0]["physicalLocation"];
  CHECK(loc1["region"]["startLine"] == 40);
  CHECK_FALSE(loc1["region"].contains("startColumn"));
  const auto& loc2 = results[2]["locations"][0]["physicalLocation"];
  CHECK_FALSE(loc2.contains("region"));
  CHECK(loc2["artifactLocation"]["uri"] == "dir%20with%20space/package-lock.json");
  CHECK(results[0]["partialFingerprints"]["archgate/v2"] ==
        sample_result().findings[0].fingerprint);
  CHECK(results[0]["properties"]["package"] == "express");

  // The input error: the run did not complete.
  REQUIRE(run["invocations"].size() == 1);
  const auto& inv = run["invocations"][0];
  CHECK(inv["executionSuccessful"] == false);
  REQUIRE(inv["toolExecutionNotifications"].size() == 1);
  const auto& note = inv["toolExecutionNotifications"][0];
  CHECK(note["level"] == "error");
  CHECK(note["message"]["text"] == "expected ':' after \"key\" <here>");
  CHECK(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "yarn.lock");
  CHECK(note["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);

  // A complete, clean run: successful, no results, no rules.
  AuditResult clean;
  clean.tool_version = "0.1.0";
  auto c = json::parse(render("sarif", clean));
  CHECK(c["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  CHECK_FALSE(c["runs"][0]["invocations"][0].contains("toolExecutionNotifications"));
  CHECK(c["runs"][0]["results"].empty());
  CHECK(c["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST_CASE("reports: SARIF survives invalid UTF-8 in a message", "[reports]") {
  AuditResult r;
  r.tool_version = "0.1.0";
  Finding f;
  f.rule = "lockfile/out-of-sync";
  f.severity = Severity::error;
  f.message = "bad \xff\xfe bytes";
  f.location = {"package.json", 1, 1};
  r.findings = {f};
  auto doc = json::parse(render("sarif", r));
  CHECK(doc["runs"][0]["results"].size() == 1);
}

TEST_CASE("reports: markdown sections by severity, escapes cells, ticks the rules", "[reports]") {
  auto md = render("markdown", sample_result());
  INFO(md);
  CHECK_THAT(md, Catch::Contains("**incomplete: 1 input could not be read** — 3 findings"));
  CHECK_THAT(md, Catch::Contains("1 error"));
  CHECK_THAT(md, Catch::Contains("1 warning"));
  CHECK_THAT(md, Catch::Contains("1 note"));
  CHECK_THAT(md, Catch::Contains("Analysis incomplete"));
  CHECK_THAT(md, Catch::Contains("yarn.lock:3:7"));

  // Sections by worst severity (the error first), with the rule title.
  auto g_git = md.find("### lockfile/git-dependency — ");
  auto g_insecure = md.find("### lockfile/insecure-url — ");
  auto g_drift = md.find("### lockfile/out-of-sync — ");
  REQUIRE(g_git != std::string::npos);
  REQUIRE(g_insecure != std::string::npos);
  REQUIRE(g_drift != std::string::npos);
  CHECK(g_drift < g_insecure);
  CHECK(g_insecure < g_git);
  CHECK(count_of(md, "| | Location | Message |") == 3);

  // The hostile row: '|' escaped, no raw tag, newline in the fix as <br>.
  CHECK_THAT(md, Catch::Contains(
                     "| ❌ | package.json:16:5 | express: package.json wants \"^5.1.0\" \\| lock "
                     "has &lt;script&gt;alert('x')&lt;/script&gt; &amp; more"
                     "<br>package-lock.json:120:5: locked here"
                     "<br>**Fix:** Run npm install<br>then commit both files |"));
  CHECK_THAT(md, !Catch::Contains("<script>"));
  CHECK_THAT(md, Catch::Contains("| ⚠️ | package-lock.json:40 | left-pad@1.3.0 is fetched over http://"));
  // Every table row is a single line with four cell separators.
  std::istringstream lines(md);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) == 0 && line.find("Location") == std::string::npos) {
      std::size_t bars = 0;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) {
          ++bars;
        }
      }
      CHECK(bars == 4);
    }
  }
  CHECK_THAT(md, Catch::Contains("**Remedy:** "));

  // Rules checked: every catalog rule once; clean ones ticked.
  for (const auto& info : archgate::rules::rule_catalog()) {
    CHECK(count_of(md, " " + std::string(info.id) + " — ") == 1 +
              static_cast<std::size_t>(md.find("### " + std::string(info.id) + " — ") !=
                                       std::string::npos));
  }
  CHECK_THAT(md, Catch::Contains("- ❌ lockfile/out-of-sync — "));
  CHECK_THAT(md, Catch::Contains("- ⚠️ lockfile/insecure-url — "));
  CHECK_THAT(md, Catch::Contains("- ℹ️ lockfile/git-dependency — "));
  CHECK_THAT(md, Catch::Contains("- ✅ lockfile/missing — "));
  CHECK(count_of(md, "- ✅ ") == archgate::rules::rule_catalog().size() - 3);
}

TEST_CASE("reports: JUnit fails a testcase only at or above --fail-on", "[reports]") {
  auto r = sample_result();
  r.fail_on = Severity::error;
  auto xml = render("junit", r);
  CHECK(count_of(xml, "<failure ") == 1);  // the error; the warning is reported, not failed
  CHECK(count_of(xml, "<system-out>") == 2);
  r.fail_on = std::nullopt;  // --fail-on none
  CHECK(count_of(render("junit", r), "<failure ") == 0);
}

TEST_CASE("reports: JUnit counts, failures and XML escaping", "[reports]") {
  auto r = sample_result();
  r.fail_on = Severity::warning;
  auto xml = render("junit", r);
  INFO(xml);
  auto catalog = archgate::rules::rule_catalog().size();
  // tests = 3 findings + clean catalog rules + 1 input error.
  auto tests = 3 + (catalog - 3) + 1;
  CHECK_THAT(xml, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"archgate\" tests=\"" +
                                    std::to_string(tests) + "\" failures=\"2\" errors=\"1\""));
  CHECK(count_of(xml, "<testsuite ") == 1);
  CHECK(count_of(xml, "<testcase ") == tests);
  CHECK(count_of(xml, "<failure ") == 2);
  CHECK(count_of(xml, "<error ") == 1);
  CHECK(count_of(xml, "<system-out>") == 1);

  // Testcase names are rule, file and subject: stable across runs.
  CHECK_THAT(xml, Catch::Contains(
                      "<testcase classname=\"lockfile/out-of-sync\" name=\"lockfile/out-of-sync "
                      "package.json express\" file=\"package.json\" line=\"16\">"));
  CHECK_THAT(xml, Catch::Contains("<failure message=\"express: package.json wants &quot;^5.1.0&quot; | "
                                  "lock has &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; more\""));
  CHECK_THAT(xml, Catch::Contains("type=\"error\">"));
  CHECK_THAT(xml, Catch::Contains("type=\"warning\">"));
  CHECK_THAT(xml, Catch::Contains("fix: Run npm install&#10;then commit both files"));
  CHECK_THAT(xml, !Catch::Contains("<script>"));
  CHECK_THAT(xml, !Catch::Contains("'x'"));
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK_THAT(xml, Catch::Contains("installed from git\xEF\xBF\xBD"));
  CHECK_THAT(xml, Catch::Contains("<testcase classname=\"lockfile/missing\" name=\"lockfile/missing\"/>"));
  CHECK_THAT(xml, Catch::Contains("&lt;here&gt;"));
  CHECK_THAT(xml, Catch::EndsWith("</testsuite>\n"));
}

TEST_CASE("reports: HTML is self-contained and escapes everything", "[reports]") {
  auto html = render("html", sample_result());
  INFO(html);
  CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>"));
  CHECK_THAT(html, Catch::Contains("<style>"));
  CHECK_THAT(html, !Catch::Contains("<script"));
  CHECK_THAT(html, !Catch::Contains("src="));
  CHECK_THAT(html, !Catch::Contains("<link"));
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
  CHECK_THAT(html, Catch::Contains("wants &quot;^5.1.0&quot;"));
  CHECK_THAT(html, Catch::Contains("<span class=\"badge error\">error</span>"));
  CHECK_THAT(html, Catch::Contains("<span class=\"badge warning\">warning</span>"));
  CHECK_THAT(html, Catch::Contains("<span class=\"badge note\">note</span>"));
  CHECK_THAT(html, Catch::Contains("<li>package-lock.json:120:5: locked here</li>"));
  CHECK_THAT(html, Catch::Contains("Run npm install\nthen commit both files"));
  CHECK_THAT(html, Catch::Contains("Analysis incomplete"));
  CHECK_THAT(html, Catch::Contains("&lt;here&gt;"));
  CHECK(count_of(html, "<tr><td>") == 3);
  CHECK_THAT(html, Catch::EndsWith("</html>\n"));
}

TEST_CASE("cli: check --format sarif on a drifted project", "[reports][cli]") {
  using archgate::test::fixtures_dir;
  using archgate::test::q;
  auto r = archgate::test::run_archgate("check " + q(fixtures_dir() / "projects" / "drift-npm") +
                                        " --format sarif --only 'lockfile/*'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto doc = json::parse(r.out);
  CHECK(doc["version"] == "2.1.0");
  const auto& run = doc["runs"][0];
  CHECK(run["invocations"][0]["executionSuccessful"] == true);
  REQUIRE(run["results"].size() == 4);
  for (const auto& res : run["results"]) {
    CHECK(res["ruleId"] == "lockfile/out-of-sync");
    CHECK(res["level"] == "error");
    CHECK(res["ruleIndex"] == 0);
    CHECK(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "package.json");
    CHECK(res["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() > 0);
  }
  REQUIRE(run["tool"]["driver"]["rules"].size() == 1);
  CHECK(run["tool"]["driver"]["rules"][0]["id"] == "lockfile/out-of-sync");
}

// Rules left out by --only/--skip or turned off in archgate.toml did not run:
// Markdown and JUnit must not show them as passing.
// Seen on hoppscotch/hoppscotch: evidence paths in code spans showed their
// escapes (`aio\_run.mjs:14`): Markdown takes backslashes in code spans
// literally.
TEST_CASE("reports: markdown code spans are literal, with only what ends them replaced", "[reports]") {
  auto r = sample_result();
  archgate::core::ChecklistItem it;
  it.id = "graceful-shutdown";
  it.title = "Graceful shutdown";
  it.verdict = archgate::core::Verdict::partial;  // details are shown for what fails or is partial
  it.reason = "process.on('SIGINT') closes the server (aio_run.mjs:73)";
  it.evidence = {{"scripts/aio_run.mjs", 73, 1, "process.on('SIGINT')"}, {"a`b|c.js", 2, 1, "odd name"}};
  r.checklist.push_back(it);
  auto md = render("markdown", r);
  INFO(md);
  CHECK_THAT(md, Catch::Contains("- `scripts/aio_run.mjs:73` process.on('SIGINT')"));
  CHECK_THAT(md, Catch::Contains("- `a b\\|c.js:2` odd name"));
  CHECK_THAT(md, Catch::Contains("(aio\\_run.mjs:73)"));  // outside a code span, escaped
}

TEST_CASE("cli: markdown and JUnit list only the rules that ran", "[reports][cli]") {
  using archgate::test::fixtures_dir;
  using archgate::test::q;
  auto dir = q(fixtures_dir() / "projects" / "drift-npm");
  auto junit = archgate::test::run_archgate("check " + dir +
                                            " --format junit --only 'lockfile/*' --skip lockfile/multiple");
  INFO(junit.out << junit.err);
  CHECK(junit.exit_code == 1);
  CHECK_THAT(junit.out, Catch::Contains("classname=\"lockfile/missing\""));
  CHECK_THAT(junit.out, !Catch::Contains("classname=\"lockfile/multiple\""));
  CHECK_THAT(junit.out, !Catch::Contains("runtime/"));
  CHECK_THAT(junit.out, !Catch::Contains("deps/"));

  auto md = archgate::test::run_archgate("check " + dir + " --format markdown --only 'runtime/*'");
  CHECK_THAT(md.out, Catch::Contains("runtime/eol"));
  CHECK_THAT(md.out, !Catch::Contains("lockfile/missing"));
}

// Issue "Gaps found on other projects' lockfiles", item 11: a long path
// widens its column instead of running into the next one.
TEST_CASE("reports: text tables size columns to their content", "[reports]") {
  std::ostringstream out;
  archgate::reports::write_table(
      out,
      {{"WHERE", "SOURCE"},
       {".github/workflows/docker-build-and-publish-images.yml:85", "github-actions"},
       {".nvmrc:1", "nvmrc"}},
      "  ");
  CHECK(out.str() ==
        "  WHERE                                                     SOURCE\n"
        "  .github/workflows/docker-build-and-publish-images.yml:85  github-actions\n"
        "  .nvmrc:1                                                  nvmrc\n");
}

// The same item, on `archgate deps`: a scoped name longer than the old fixed
// 32-character column pushed its scores out of line with the others.
TEST_CASE("reports: deps score lines stay aligned for long package names", "[reports][deps]") {
  archgate::core::deps::DepsReport report;
  report.today = "2026-12-03";
  auto add = [&](std::string name, std::string version, int overall, std::string label) {
    archgate::core::deps::PackageReport p;
    p.name = std::move(name);
    p.version = std::move(version);
    p.direct = true;
    p.scores = {.maintenance = overall, .install_scripts = 100, .weight = 90, .overall = overall};
    p.maintenance.mut().label = std::move(label);
    report.packages.push_back(std::move(p));
  };
  add("@angular-eslint/eslint-plugin-template", "22.1.0", 87, "");
  add("ms", "2.1.3", 100, "stale");
  add("@angular-devkit/build-angular", "22.1.4", 9, "deprecated");
  archgate::reports::DepsOutput d;
  d.report = &report;
  std::ostringstream out;
  archgate::reports::write_deps_text(d, out);
  std::vector<std::string> rows;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" overall ") != std::string::npos) rows.push_back(line);
  }
  REQUIRE(rows.size() == 3);
  for (const char* column : {"overall", "maintenance", "installScripts", "weight", "license"}) {
    INFO(column);
    CHECK(rows[1].find(column) == rows[0].find(column));
    CHECK(rows[2].find(column) == rows[0].find(column));
  }
  CHECK_THAT(rows[2], Catch::Contains("maintenance   9 deprecated"));
  CHECK(rows[0].find("  overall  87") != std::string::npos);
}

TEST_CASE("reports: markdown fits a pull-request comment and says what it left out", "[reports]") {
  // A large monorepo's worth of findings: every rule of the catalog with
  // hundreds of findings in distinct files (so none group into one line).
  AuditResult r;
  r.tool_version = "0.1.0";
  for (const auto& info : archgate::rules::rule_catalog()) {
    for (int i = 0; i < 300; ++i) {
      Finding f;
      f.rule = std::string(info.id);
      f.severity = Severity::warning;
      f.message = "a long message about package number " + std::to_string(i) + " that a reviewer reads " +
                  std::string(120, 'x');
      f.location = {"packages/p" + std::to_string(i) + "/package.json", i + 1, 3};
      f.evidence = {"evidence line for " + std::to_string(i)};
      r.findings.push_back(std::move(f));
    }
    r.rules.push_back({info, archgate::core::RuleStatus::findings, {}});
  }
  archgate::core::assign_fingerprints(r.findings);
  auto all = archgate::reports::make_reporter("markdown", archgate::reports::ReportOptions{.all = true});
  REQUIRE(all);
  std::ostringstream out;
  all->write(r, out);
  auto md = out.str();
  CHECK(md.size() <= 65'536);
  CHECK(md.find("are not shown, to fit a pull-request comment") != std::string::npos);
  CHECK(md.find("--format json") != std::string::npos);
  // A small report is whole: no truncation note.
  auto small = render("markdown", sample_result());
  CHECK(small.find("not shown, to fit") == std::string::npos);
}

TEST_CASE("reports: GitLab Code Quality entries with stable fingerprints", "[reports]") {
  auto r = sample_result();
  auto doc = json::parse(render("gitlab", r));
  REQUIRE(doc.is_array());
  REQUIRE(doc.size() == 3);
  // The fields GitLab requires, on every entry.
  for (const auto& e : doc) {
    CHECK(e["description"].is_string());
    CHECK(e["check_name"].is_string());
    CHECK(e["fingerprint"].is_string());
    CHECK(e["location"]["path"].is_string());
    CHECK(e["location"]["lines"]["begin"].get<int>() >= 1);
    auto sev = e["severity"].get<std::string>();
    CHECK((sev == "info" || sev == "minor" || sev == "major" || sev == "critical" || sev == "blocker"));
  }
  CHECK(doc[0]["severity"] == "critical");
  CHECK(doc[0]["check_name"] == "lockfile/out-of-sync");
  CHECK(doc[0]["fingerprint"] == r.findings[0].fingerprint);
  CHECK(doc[0]["location"]["lines"]["begin"] == 16);
  CHECK(doc[0]["content"]["body"] == "Run npm install\nthen commit both files");
  CHECK(doc[1]["severity"] == "major");
  CHECK(doc[2]["severity"] == "info");
  CHECK(doc[2]["location"]["lines"]["begin"] == 1);  // no line: GitLab needs one
  CHECK(doc[2]["location"]["path"] == "dir with space/package-lock.json");
  // Fingerprints never depend on the line.
  r.findings[0].location.line = 99;
  CHECK(json::parse(render("gitlab", r))[0]["fingerprint"] == doc[0]["fingerprint"]);
  // An empty run is an empty array, which GitLab reads as "no issues".
  AuditResult clean;
  CHECK(json::parse(render("gitlab", clean)) == json::array());
}

TEST_CASE("reports: CycloneDX SBOM of the example's lockfile", "[reports][cyclonedx]") {
  CHECK(archgate::reports::npm_purl("@types/node", "20.19.43") == "pkg:npm/%40types/node@20.19.43");
  CHECK(archgate::reports::npm_purl("left-pad", "1.3.0+build.1") == "pkg:npm/left-pad@1.3.0%2Bbuild.1");
  auto dir = archgate::test::q(archgate::test::fixtures_dir() / "example");
  auto a = archgate::test::run_archgate("inventory " + dir + " --format cyclonedx --today 2026-12-02");
  REQUIRE(a.exit_code == 0);
  auto b = archgate::test::run_archgate("inventory " + dir + " --format cyclonedx --today 2026-12-02");
  CHECK(a.out == b.out);  // deterministic: serial from the lockfile, timestamp from --today
  auto doc = json::parse(a.out);
  CHECK(doc["bomFormat"] == "CycloneDX");
  CHECK(doc["specVersion"] == "1.5");
  CHECK(doc["metadata"]["timestamp"] == "2026-12-02T00:00:00Z");
  CHECK(doc["serialNumber"].get<std::string>().starts_with("urn:uuid:"));
  auto inv = json::parse(archgate::test::run_archgate("inventory " + dir + " --format json").out);
  CHECK(doc["components"].size() == inv["packages"].size() + inv["workspaces"].size());
  std::map<std::string, json> by_ref;
  for (const auto& c : doc["components"]) by_ref[c["bom-ref"].get<std::string>()] = c;
  for (const auto& p : inv["packages"]) {
    auto ref = archgate::reports::npm_purl(p["name"].get<std::string>(), p["version"].get<std::string>());
    REQUIRE(by_ref.count(ref) == 1);
    const auto& c = by_ref[ref];
    CHECK(c["scope"] == (p["dev"] == true ? "excluded" : p["optional"] == true ? "optional" : "required"));
  }
  // Hashes are the lockfile's integrity in hex; every dependency ref is a component.
  bool hashed = false;
  for (const auto& c : doc["components"]) {
    for (const auto& h : c.value("hashes", json::array())) {
      hashed = true;
      CHECK(h["alg"] == "SHA-512");
      CHECK(h["content"].get<std::string>().size() == 128);
    }
  }
  CHECK(hashed);
  // express's integrity "sha512-Bdcs4+3q…" decodes to 05 d7 2c e3 ed ea …
  CHECK(by_ref["pkg:npm/express@4.22.3"]["hashes"][0]["content"].get<std::string>().starts_with("05d72ce3edea"));
  for (const auto& d : doc["dependencies"]) {
    CHECK((d["ref"] == "root" || by_ref.count(d["ref"].get<std::string>()) == 1));
    for (const auto& to : d["dependsOn"]) CHECK(by_ref.count(to.get<std::string>()) == 1);
  }
}

// Seen on every Markdown report: remedies wrote \`archgate runtime\` with
// the backticks escaped, so a reviewer saw backslashes instead of code.
TEST_CASE("markdown: archgate's own prose keeps its code spans; other text stays escaped", "[reporters][markdown][regression]") {
  using archgate::reports::md_prose;
  CHECK(md_prose("see `archgate runtime` for the plan") == "see `archgate runtime` for the plan");
  CHECK(md_prose("run `a | b` *now*") == "run `a \\| b` \\*now\\*");
  CHECK(md_prose("an odd ` backtick") == "an odd \\` backtick");
  CHECK(md_prose("<b>`x`</b>") == "&lt;b&gt;`x`&lt;/b&gt;");
}
