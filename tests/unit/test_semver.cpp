// core/semver: node-semver's own fixtures (../shared/data/semver), then our
// cases for coerce, minVersion, maxSatisfying, intersects, the fast path and
// hostile input. Expected values were checked against node-semver 7.8.6.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/semver.hpp"
#include "test_support.hpp"

using namespace archgate::core::semver;
using nlohmann::json;

namespace {

std::optional<std::filesystem::path> semver_fixture_dir() {
  std::optional<std::filesystem::path> shared;
#ifdef ARCHGATE_SHARED_DIR
  shared = std::filesystem::path(ARCHGATE_SHARED_DIR);
#else
  shared = archgate::test::shared_dir();
  if (!shared) {
    shared = archgate::test::source_dir().parent_path() / "shared";
  }
#endif
  auto dir = *shared / "data" / "semver";
  if (!std::filesystem::is_regular_file(dir / "range-parse.json")) {
    return std::nullopt;
  }
  return dir;
}

// The fixture file as a JSON array, or nullopt (after a WARN) when the shared
// data is not beside the checkout.
std::optional<json> load_fixture(const char* name) {
  auto dir = semver_fixture_dir();
  if (!dir) {
    WARN("skipping: ../shared/data/semver is not available");
    return std::nullopt;
  }
  std::ifstream in(*dir / (std::string(name) + ".json"));
  return json::parse(in);
}

Options options_of(const json& e) {
  Options o;
  o.loose = e.contains("loose") && e["loose"].is_boolean() && e["loose"].get<bool>();
  o.include_prerelease = e.contains("includePrerelease") && e["includePrerelease"].is_boolean() &&
                         e["includePrerelease"].get<bool>();
  return o;
}

std::string str(const std::optional<Version>& v) { return v ? v->to_string() : "null"; }

std::string valid(std::string_view range, Options o = {}) {
  return valid_range(range, o).value_or("null");
}

}  // namespace

TEST_CASE("range-parse fixtures: canonical form or null", "[semver]") {
  auto cases = load_fixture("range-parse");
  if (!cases) {
    return;
  }
  REQUIRE(cases->size() > 100);
  for (const auto& e : *cases) {
    auto o = options_of(e);
    std::string expected = e["expected"].is_null() ? "null" : e["expected"].get<std::string>();
    INFO(e.dump());
    CHECK(valid(e["range"].get<std::string>(), o) == expected);
  }
}

TEST_CASE("range-include fixtures: version satisfies range", "[semver]") {
  auto cases = load_fixture("range-include");
  if (!cases) {
    return;
  }
  REQUIRE(cases->size() > 100);
  for (const auto& e : *cases) {
    INFO(e.dump());
    REQUIRE(e["version"].is_string());
    CHECK(satisfies(e["version"].get<std::string>(), e["range"].get<std::string>(),
                    options_of(e)));
  }
}

TEST_CASE("range-exclude fixtures: version does not satisfy range", "[semver]") {
  auto cases = load_fixture("range-exclude");
  if (!cases) {
    return;
  }
  REQUIRE(cases->size() > 50);
  for (const auto& e : *cases) {
    INFO(e.dump());
    if (!e["version"].is_string()) {
      continue;  // `false` in the fixtures: not a version at all
    }
    CHECK_FALSE(satisfies(e["version"].get<std::string>(), e["range"].get<std::string>(),
                          options_of(e)));
  }
}

TEST_CASE("comparisons fixtures: greater > lesser", "[semver]") {
  auto cases = load_fixture("comparisons");
  if (!cases) {
    return;
  }
  REQUIRE(cases->size() > 20);
  for (const auto& e : *cases) {
    INFO(e.dump());
    auto o = options_of(e);
    auto a = parse_version(e["greater"].get<std::string>(), o);
    auto b = parse_version(e["lesser"].get<std::string>(), o);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(compare(*a, *b) == 1);
    CHECK(compare(*b, *a) == -1);
    CHECK(compare(*a, *a) == 0);
  }
}

TEST_CASE("equality fixtures: a == b", "[semver]") {
  auto cases = load_fixture("equality");
  if (!cases) {
    return;
  }
  REQUIRE(cases->size() > 20);
  for (const auto& e : *cases) {
    INFO(e.dump());
    auto o = options_of(e);
    auto a = parse_version(e["a"].get<std::string>(), o);
    auto b = parse_version(e["b"].get<std::string>(), o);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(compare(*a, *b) == 0);
  }
}

TEST_CASE("versions: parse, loose mode, canonical text", "[semver]") {
  CHECK(str(parse_version("1.2.3")) == "1.2.3");
  CHECK(str(parse_version(" v1.2.3+build.5 ")) == "1.2.3");
  CHECK(parse_version(" v1.2.3+build.5 ")->build == std::vector<std::string>{"build", "5"});
  CHECK(str(parse_version("=1.2.3")) == "null");
  CHECK(str(parse_version("=1.2.3", {.loose = true})) == "1.2.3");
  CHECK(str(parse_version("1.2.3beta", {.loose = true})) == "1.2.3-beta");
  CHECK(str(parse_version("1.2.3beta")) == "null");
  CHECK(str(parse_version("01.02.03", {.loose = true})) == "1.2.3");
  CHECK(str(parse_version("01.02.03")) == "null");
  CHECK(str(parse_version("1.2.3-01", {.loose = true})) == "1.2.3-1");
  CHECK(str(parse_version("1.2.34.5", {.loose = true})) == "1.2.3-4.5");  // regex backtracking
  CHECK(str(parse_version("1.2.3-", {.loose = true})) == "1.2.3--");
  CHECK(str(parse_version("1.2.3--")) == "1.2.3--");
  CHECK(str(parse_version("1.2")) == "null");
  CHECK(str(parse_version("1.2.3.4")) == "null");
  CHECK(str(parse_version("9007199254740991.0.0")) == "9007199254740991.0.0");
  CHECK(str(parse_version("9007199254740992.0.0")) == "null");
  CHECK(str(parse_version("\xc2\xa0" "1.2.3\xef\xbb\xbf")) == "1.2.3");  // NBSP, BOM trimmed
  CHECK(str(parse_version("1.2.3-" + std::string(250, 'a'))) == "1.2.3-" + std::string(250, 'a'));
  CHECK(str(parse_version("1.2.3-" + std::string(251, 'a'))) == "null");  // over 256
}

TEST_CASE("versions: precedence", "[semver]") {
  auto cmp = [](const char* a, const char* b) { return compare(*parse_version(a), *parse_version(b)); };
  CHECK(cmp("1.0.0-alpha", "1.0.0-alpha.1") == -1);
  CHECK(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta") == -1);
  CHECK(cmp("1.0.0-alpha.beta", "1.0.0-beta") == -1);
  CHECK(cmp("1.0.0-beta.2", "1.0.0-beta.11") == -1);
  CHECK(cmp("1.0.0-beta.11", "1.0.0-rc.1") == -1);
  CHECK(cmp("1.0.0-rc.1", "1.0.0") == -1);
  CHECK(cmp("1.0.0+a", "1.0.0+b") == 0);
  // Identifiers past 2^53 compare as JavaScript doubles: these round alike.
  CHECK(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992") == 0);
  CHECK(compare_identifiers("10", "9") == 1);
  CHECK(compare_identifiers("a", "9") == 1);
  CHECK(compare_identifiers("B", "a") == -1);
}

TEST_CASE("ranges: prerelease rule and include_prerelease", "[semver]") {
  CHECK(satisfies("1.2.3-beta.2", "^1.2.3-beta.1"));
  CHECK_FALSE(satisfies("1.3.0-alpha", "^1.2.3-beta.1"));
  CHECK(satisfies("1.3.0-alpha", "^1.2.3-beta.1", {.include_prerelease = true}));
  CHECK_FALSE(satisfies("2.0.0-alpha", "^1.2.3", {.include_prerelease = true}));
  CHECK_FALSE(satisfies("1.2.3-beta", "*"));
  CHECK(satisfies("1.2.3-beta", "*", {.include_prerelease = true}));
  CHECK_FALSE(satisfies("not a version", "*"));
  CHECK_FALSE(satisfies("1.2.3", "not a range"));
  auto r = Range::parse("^1.2.3 || ~2.4");
  REQUIRE(r);
  CHECK(r->comparator_sets().size() == 2);
  CHECK(r->satisfies(*parse_version("2.4.9")));
  CHECK_FALSE(r->satisfies(*parse_version("2.5.0")));
}

TEST_CASE("ranges: node-semver's quirks are kept", "[semver]") {
  CHECK(valid("^00.1.2", {.loose = true}) == ">=0.1.2 <1.0.0-0");  // the caret tests the text "0"
  CHECK(valid("^0.1.2") == ">=0.1.2 <0.2.0-0");
  CHECK(valid("= 1.2.3 - 2") == "null");
  CHECK(valid("= 1.2.3 - 2", {.loose = true}) == "1.2.3 <3.0.0-0");
  CHECK(valid("1.2.3 - 2") == ">=1.2.3 <3.0.0-0");
  CHECK(valid("== 1.0.0 || foo", {.loose = true}) == "1.0.0");
  CHECK(valid("1.2.3-alpha*") == "1.2.3-alpha");  // the star stage drops the first '*'
  CHECK(valid(">= 1.2.3 < 2") == ">=1.2.3 <2.0.0-0");
  CHECK(valid("~> 1.2") == ">=1.2.0 <1.3.0-0");
  CHECK(valid("1.x.2") == "null");
  CHECK(valid("+build") == "*");
  CHECK(valid("<=999999999999999999999.x 1.2.3", {.loose = true}) == "1.2.3");
  CHECK(valid(">x") == "<0.0.0-0");
  CHECK(valid("1.2.3 || <0.0.0-0") == "1.2.3");
  CHECK(valid("") == "*");
}

TEST_CASE("coerce", "[semver]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {".1", "1.0.0"},
      {"..1", "1.0.0"},
      {".1.1", "1.1.0"},
      {"1.", "1.0.0"},
      {"0", "0.0.0"},
      {"1.2.3.4", "1.2.3"},
      {"v1.2", "1.2.0"},
      {" 1", "1.0.0"},
      {"1 1", "1.0.0"},
      {"1.1-1", "1.1.0"},
      {"a1a", "1.0.0"},
      {"version1.1", "1.1.0"},
      {"42.6.7.9.3-alpha", "42.6.7"},
      {"v3.4 replaces v3.3.1", "3.4.0"},
      {std::string(17, '1') + ".2", "2.0.0"},
      {std::string(17, '1') + ".2.3", "2.3.0"},
      {"1." + std::string(17, '2') + ".3", "1.0.0"},
      {"1.2." + std::string(17, '3'), "1.2.0"},
      {std::string(16, '1'), std::string(16, '1') + ".0.0"},
      {"1.2.3." + std::string(1024, '4'), "1.2.3"},
      {std::string(16, '9'), "null"},  // above 2^53-1
      {std::string(17, '1'), "null"},
      {"", "null"},
      {".", "null"},
      {"version one", "null"},
      {"v01.2.3", "null"},  // node-semver re-parses "01.2.3" strictly
  };
  for (const auto& [in, out] : cases) {
    INFO(in);
    CHECK(str(coerce(in)) == out);
  }
}

TEST_CASE("min_version", "[semver]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"*", "0.0.0"},
      {"* || >=2", "0.0.0"},
      {">2 || *", "0.0.0"},
      {"1.0", "1.0.0"},
      {"1.x.*", "1.0.0"},
      {"=1.0.0", "1.0.0"},
      {"~1.1.1-beta", "1.1.1-beta"},
      {"^1.1.1 || >=2", "1.1.1"},
      {"^2.16.2 ^2.16", "2.16.2"},
      {"1.1 - 1.8.0", "1.1.0"},
      {"<2", "0.0.0"},
      {"<0.0.0-beta", "0.0.0-0"},
      {"<0.0.1-beta", "0.0.0"},
      {">=4 || <=2", "0.0.0"},
      {"<0.0.0-beta >0.0.0-alpha", "0.0.0-alpha.0"},
      {">=2.2.2 <2 || >=1.1.1 <2", "1.1.1"},
      {">1.0.0", "1.0.1"},
      {">1.0.0-0", "1.0.0-0.0"},
      {">2 || >1.0.0-beta", "1.0.0-beta.0"},
      {">4 <3", "null"},
  };
  for (const auto& [range, min] : cases) {
    INFO(range);
    auto r = Range::parse(range);
    REQUIRE(r);
    CHECK(str(r->min_version()) == min);
  }
}

TEST_CASE("max_satisfying", "[semver]") {
  CHECK(str(max_satisfying({"1.2.3", "1.2.4"}, "1.2")) == "1.2.4");
  CHECK(str(max_satisfying({"1.2.4", "1.2.3"}, "1.2")) == "1.2.4");
  CHECK(str(max_satisfying({"1.2.3", "1.2.4", "1.2.5", "1.2.6"}, "~1.2.3")) == "1.2.6");
  CHECK(str(max_satisfying({"1.1.0", "1.2.0", "1.3.0", "2.0.0b1", "2.0.0", "2.1.0"}, "~2.0.0")) ==
        "2.0.0");
  CHECK(str(max_satisfying({"1.2.3-beta", "1.2.3"}, "*")) == "1.2.3");
  CHECK(str(max_satisfying({"1.2.3-beta", "1.2.4-beta"}, "^1.2.3-alpha")) == "1.2.3-beta");
  CHECK(str(max_satisfying({"not-a-version", "1.0.0", "v1.0.1", "=1.0.2"}, "1")) == "1.0.1");
  CHECK(str(max_satisfying({"not-a-version", "1.0.0", "v1.0.1", "=1.0.2"}, "1", {.loose = true})) ==
        "1.0.2");
  auto first = max_satisfying({"1.0.0+a", "1.0.0+b"}, "1.0.0");
  REQUIRE(first);
  CHECK(first->build == std::vector<std::string>{"a"});  // ties keep the first
  CHECK(str(max_satisfying({}, "*")) == "null");
  CHECK(str(max_satisfying({"1.0.0"}, "bad range ^^")) == "null");
}

TEST_CASE("intersects", "[semver]") {
  struct Case {
    const char* a;
    const char* b;
    bool plain;
    bool with_prerelease;
  };
  const std::vector<Case> cases = {
      {"1.3.0 || <1.0.0 >2.0.0", "1.3.0 || <1.0.0 >2.0.0", true, true},
      {"<1.0.0 >2.0.0", ">0.0.0", false, false},
      {">1.0.0 <=2.0.0", "2.0.0", true, true},
      {"<1.0.0 >=2.0.0", "2.1.0", false, false},
      {"1.5.x", "<1.5.0 || >=1.6.0", false, true},
      {"<=1.6.16 || >=1.7.0 <1.7.11 || >=1.8.0 <1.8.2",
       ">=1.6.16 <1.7.0 || >=1.7.11 <1.8.0 || >=1.8.2", true, true},
      {"<1.6.16 || >=1.7.0 <1.7.11 || >=1.8.0 <1.8.2",
       ">=1.6.16 <1.7.0 || >=1.7.11 <1.8.0 || >=1.8.2", false, false},
      {">=1.0.0", "<=1.0.0", true, true},
      {">1.0.0 <1.0.0", "<=0.0.0", false, false},
      {"*", "0.0.1", true, true},
      {"1.*", "0.0.1", false, false},
      {"1.*", "<2.0.0", true, true},
      {"1.0.*", ">0.0.1", true, true},
      {"x", "", true, true},
      {"^1.2.3", "~1.2.9", true, true},
      {"^1.2.3", "^2.0.0", false, false},
      {"1.2.3-beta", ">=1.0.0", false, true},
      {"1.2.3-beta", ">=1.2.3-alpha", true, true},
      {">=1.0.0-rc.1 <1.0.0", "1.0.0-rc.2", false, true},
      {"^0.0.1", "0.0.2", false, false},
  };
  for (const auto& c : cases) {
    INFO(c.a << " <~> " << c.b);
    CHECK(intersects(c.a, c.b) == c.plain);
    CHECK(intersects(c.b, c.a) == c.plain);
    CHECK(intersects(c.a, c.b, {.include_prerelease = true}) == c.with_prerelease);
  }
  CHECK_FALSE(intersects("^^", "*"));
}

TEST_CASE("fast path agrees with the faithful pipeline", "[semver]") {
  // Build metadata sends a range down the faithful path (the fast one refuses
  // '+'), and stripping it gives the same tokens back, so both must agree.
  const char* nums[] = {"0", "1", "2", "10", "x", "*", "123456789012345"};
  const char* ops[] = {"", "^", "~", ">", ">=", "<", "<=", "=", "~>", "> ", "^ ", "~ "};
  const char* pres[] = {"", "-0", "-alpha.1", "-rc-1"};
  std::uint32_t seed = 12345;
  auto next = [&](std::uint32_t n) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
  };
  int checked = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string range;
    std::string slow;
    int tokens = 1 + static_cast<int>(next(3));
    for (int t = 0; t < tokens; ++t) {
      std::string sep = t == 0 ? "" : (next(4) == 0 ? " || " : " ");
      int parts = 1 + static_cast<int>(next(3));
      std::string tok = ops[next(12)];
      for (int p = 0; p < parts; ++p) {
        tok += (p ? "." : "") + std::string(nums[next(7)]);
      }
      if (parts == 3) {
        tok += pres[next(4)];
      }
      range += sep + tok;
      slow += (sep == " || " ? "+b || " : sep) + tok;
    }
    slow += "+b";
    for (Options o : {Options{}, Options{.loose = true}, Options{.include_prerelease = true}}) {
      INFO(range << " / " << slow << " loose=" << o.loose << " incpr=" << o.include_prerelease);
      CHECK(valid(range, o) == valid(slow, o));
      ++checked;
    }
  }
  CHECK(checked == 12000);
}

TEST_CASE("hostile input neither crashes nor hangs", "[semver]") {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> inputs = {
      std::string(1 << 20, '1'),
      std::string(1 << 20, 'v') + "1.2.3",
      std::string(1 << 20, ' ') + "1",
      std::string(1 << 20, '.'),
      std::string(1 << 20, '-'),
      std::string(1 << 20, '+'),
      std::string(1 << 20, '|'),
      std::string(1 << 20, '*'),
      "1.2." + std::string(100000, '3'),
      "1.2.3-" + std::string(100000, 'a') + " - 2",
      "^" + std::string(300, '9') + ".1.2",
      "99999999999999999999999.0.0",
      "^9007199254740991.0.0",
      ">9007199254740991.x",
      std::string("\0\xff\xfe\x80 ^1.2.3 \xe2\x80", 14),
  };
  // Just under the range length cap, where intersection is the most work.
  std::string many;
  while (many.size() < k_max_range_length - 32) {
    many += "> = v ~ ^ 1.2 - x || ";
  }
  inputs.push_back(many);
  std::string comparators;
  for (int i = 0; comparators.size() < k_max_range_length - 32; ++i) {
    comparators += ">=0." + std::to_string(i % 700) + "." + std::to_string(i) + " ";
  }
  inputs.push_back(comparators);
  std::string alternatives;
  for (int i = 0; alternatives.size() < k_max_range_length - 32; ++i) {
    alternatives += std::to_string(i) + "||";
  }
  inputs.push_back(alternatives + "1");
  std::uint32_t seed = 7;
  for (int i = 0; i < 3000; ++i) {
    std::string junk;
    auto len = static_cast<int>((seed >> 4) % 40);
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245u + 12345u;
      junk.push_back(static_cast<char>(seed >> 16));
    }
    inputs.push_back(junk);
  }
  int survived = 0;
  for (const auto& in : inputs) {
    for (Options o : {Options{}, Options{.loose = true, .include_prerelease = true}}) {
      auto r = Range::parse(in, o);
      auto v = parse_version(in, o);
      auto c = coerce(in);
      if (r) {
        (void)r->to_string();
        (void)r->min_version();
        (void)r->intersects(*r);
        if (v) {
          (void)r->satisfies(*v);
        }
      }
      (void)c;
      ++survived;
    }
  }
  CHECK(survived == static_cast<int>(inputs.size()) * 2);
  CHECK_FALSE(parse_version(std::string(1 << 20, '1')));
  CHECK_FALSE(Range::parse(std::string(k_max_range_length + 1, '1')));
  CHECK(Range::parse(alternatives + "1"));
  CHECK(Range::parse(comparators));
  CHECK_FALSE(Range::parse("^" + std::string(300, '9') + ".1.2"));
  CHECK_FALSE(Range::parse("^9007199254740991.0.0"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(60));  // linear work; generous for sanitizers
}
