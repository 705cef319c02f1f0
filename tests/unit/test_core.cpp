// Core helpers: glob matching, path normalisation, snapshots, the JSON syntax
// checker, findings.
#include <catch2/catch.hpp>
#include <libfyaml.h>

#include "core/finding.hpp"
#include "core/glob.hpp"
#include "core/graph.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"
#include "core/text.hpp"
#include "core/yaml.hpp"
#include "analyzers/settings.hpp"
#include "core/settings.hpp"
#include "test_support.hpp"
#include "test_support.hpp"

using namespace archgate;

TEST_CASE("glob_match follows workspace-glob semantics", "[core][glob]") {
  CHECK(core::glob_match("packages/*", "packages/a"));
  CHECK_FALSE(core::glob_match("packages/*", "packages/a/b"));
  CHECK_FALSE(core::glob_match("packages/*", "packages"));
  CHECK(core::glob_match("packages/**", "packages/a/b"));
  CHECK(core::glob_match("packages/**", "packages"));
  CHECK(core::glob_match("./apps/*", "apps/web"));
  CHECK(core::glob_match("apps/*/", "apps/web"));
  CHECK(core::glob_match("{apps,libs}/*", "libs/x"));
  CHECK_FALSE(core::glob_match("{apps,libs}/*", "tools/x"));
  CHECK(core::glob_match("pkg-?", "pkg-a"));
  CHECK(core::glob_match("pkg-[ab]", "pkg-b"));
  CHECK_FALSE(core::glob_match("pkg-[ab]", "pkg-c"));
  CHECK_FALSE(core::glob_match("packages/*", "packages/.hidden"));
  CHECK(core::glob_match("**/fixtures", "a/b/fixtures"));
  CHECK(core::glob_match("examples/*", "examples/next-app"));
  CHECK(core::glob_match("packages/@*/*", "packages/@scope/x"));
  // One segment against one is matched without splitting; it answers as the
  // same pair one folder down (which goes through the segment lists) does.
  for (std::string_view pat : {"*", "*.log", "*.d.ts", "?", "a?c", "[ab]*", "x*y", "**", ".*", "*~"}) {
    for (std::string_view name : {"a", "abc", "a.log", ".log", ".hidden", "x.d.ts", "xy", "x-y", "b~"}) {
      INFO(pat << " vs " << name);
      CHECK(core::glob_match(pat, name) ==
            core::glob_match("d/" + std::string(pat), "d/" + std::string(name)));
    }
  }
  CHECK(core::glob_match("*.log", "a.log"));
  CHECK_FALSE(core::glob_match("*", ".hidden"));
}

TEST_CASE("normalize_path and join_path", "[core]") {
  CHECK(core::normalize_path("a/./b/../c") == "a/c");
  CHECK(core::normalize_path("./libs/local") == "libs/local");
  CHECK(core::normalize_path("") == "");
  CHECK_FALSE(core::normalize_path("../outside"));
  CHECK(core::join_path("", "x") == "x");
  CHECK(core::join_path("a", "x") == "a/x");
  CHECK(core::parent_path("a/b/c") == "a/b");
  CHECK(core::parent_path("c").empty());
}

TEST_CASE("working-tree snapshot lists, reads and never descends into node_modules",
          "[core][snapshot]") {
  auto dir = std::filesystem::temp_directory_path() / ("archgate-snap-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "node_modules/x");
  std::filesystem::create_directories(dir / "src/lib");
  std::filesystem::create_directories(dir / ".git");
  std::ofstream(dir / "package.json") << "{}";
  std::ofstream(dir / "src/lib/a.js") << "export {}";
  std::ofstream(dir / "node_modules/x/index.js") << "";
  std::ofstream(dir / ".git/HEAD") << "";
  core::WorkingTreeSnapshot snap(dir.string());
  CHECK(snap.walk() == std::vector<std::string>{"package.json", "src/lib/a.js"});
  CHECK(snap.is_dir("src"));
  CHECK(snap.is_file("package.json"));
  CHECK_FALSE(snap.stat("missing"));
  auto content = snap.read("src/lib/a.js");
  REQUIRE(content);
  CHECK(*content == "export {}");
  // read_into reuses one buffer: a long file then a short one leaves only
  // the short one's bytes, and what it cannot read is an error, as read().
  std::ofstream(dir / "src/long.js") << std::string(5000, 'x');
  std::string buffer;
  REQUIRE(snap.read_into("src/long.js", buffer));
  CHECK(buffer == std::string(5000, 'x'));
  auto n = snap.read_into("src/lib/a.js", buffer);
  REQUIRE(n);
  CHECK(*n == 9);
  CHECK(buffer == "export {}");
  CHECK(buffer.capacity() >= 5000);
  CHECK_FALSE(snap.read_into("src", buffer));
  CHECK_FALSE(snap.read_into("missing.js", buffer));
  std::filesystem::remove(dir / "src/long.js");
  auto bad = snap.read("src");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("is a directory"));
  auto missing = snap.read("nope.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().file == "nope.json");
  std::filesystem::remove_all(dir);
}

TEST_CASE("working-tree snapshot never follows directory links, so a link loop ends",
          "[core][snapshot][regression]") {
  // Regression: a symlink pointing at an ancestor made walk() and the source
  // listing recurse until paths grew too long (a hang on real repositories).
  auto dir = std::filesystem::temp_directory_path() / ("archgate-links-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "src/a");
  std::ofstream(dir / "package.json") << "{}";
  std::ofstream(dir / "src/a/x.js") << "import './y.js'";
  std::filesystem::create_directory_symlink("../..", dir / "src/a/up");    // loop
  std::filesystem::create_directory_symlink("a", dir / "src/same");        // alias
  std::filesystem::create_symlink("a/x.js", dir / "src/linked.js");        // file link
  std::filesystem::create_symlink("nowhere", dir / "src/dangling");        // broken
  core::WorkingTreeSnapshot snap(dir.string());
  CHECK(snap.walk() == std::vector<std::string>{"package.json", "src/a/x.js", "src/linked.js"});
  auto entries = snap.list("src/a");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].name == "up");
  CHECK(entries[0].kind == core::EntryKind::link);
  CHECK(*snap.read("src/linked.js") == "import './y.js'");
  auto r = test::run_archgate("check --today 2026-06-01 --format json '" + dir.string() + "'");
  CHECK(r.exit_code != 2);
  CHECK(r.out.find("\"schemaVersion\"") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("memory snapshot behaves like the working tree", "[core][snapshot]") {
  core::MemorySnapshot snap;
  snap.add("package.json", "{}");
  snap.add("packages/a/package.json", "{\"name\":\"a\"}");
  snap.add("node_modules/z/package.json", "{}");
  CHECK(snap.walk() == std::vector<std::string>{"package.json", "packages/a/package.json"});
  CHECK(snap.is_dir("packages"));
  CHECK(snap.list("packages").size() == 1);
  CHECK(*snap.read("packages/a/package.json") == "{\"name\":\"a\"}");
}

TEST_CASE("JSON syntax checker finds the first error and its position", "[core][json]") {
  auto pos = [](std::string_view text, bool trailing = false) {
    auto e = core::json::find_syntax_error(text, trailing);
    if (!e) {
      return std::string("ok");
    }
    auto lc = core::json::line_col(text, e->offset);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + e->message;
  };
  CHECK(pos("{\"a\": [1, 2.5e3, -0, true, null, \"x\\u00e9\"]}") == "ok");
  CHECK(pos("{\"a\": 1,}") == "1:9 expected a string key in object");
  CHECK(pos("{\"a\": 1,}", true) == "ok");
  CHECK(pos("[1,]", true) == "ok");
  CHECK(pos("{\n\"a\" 1}") == "2:5 expected ':' after object key");
  CHECK(pos("[01]") == "1:3 expected ',' or ']'");
  CHECK(pos("\"abc") == "1:5 unterminated string, expected a closing '\"'");
  CHECK(pos("{} {}") == "1:4 unexpected content after the JSON value");
  CHECK(pos("") == "1:1 empty file, expected a JSON value");
  CHECK(pos("\"\\x\"") == "1:3 invalid escape sequence in string");
  CHECK(pos("\"a\tb\"") == "1:3 control character in string (escape it)");
  CHECK(pos("\"\xc3\x28\"") == "1:2 invalid UTF-8 byte sequence");
  CHECK(pos(std::string(2000, '[')) == "1:1025 nesting deeper than 1024 levels");
}

TEST_CASE("JSON syntax: the 64-byte block validator agrees with the scanner", "[core][json]") {
  // Documents whose strings, escapes and numbers cross 64-byte blocks, each
  // mutated at every byte (deleted, or replaced by a byte that matters to
  // JSON); both verdicts must agree on every one, with and without trailing
  // commas, and at a small nesting limit.
  const std::vector<std::string> docs = {
      "{\"lockfileVersion\": 3, \"packages\": {\"\": {\"name\": \"a\\\\b\\\"c\"},"
      " \"node_modules/x\": {\"version\": \"1.0.0\", \"dev\": true, \"n\": -12.5e+3,"
      " \"z\": null, \"arr\": [1, [], {}, \"\\u00e9\\/\\n\"]}}}",
      std::string(61, ' ') + "[\"\\\\\\\\\\\"\", 0, false, {\"k\": [true]}]",
      "[" + std::string(62, '1') + ", \"" + std::string(70, 'x') + "\\\\\", -0.0]",
      "{\"a\": [1,], \"b\": {\"c\": 2,},}",
  };
  const std::string_view bytes = "\"\\{}[]:, 0-.eEa\t\n\x01\x7f\xc3";
  std::size_t cases = 0;
  std::size_t mismatches = 0;
  auto agree = [&](const std::string& text) {
    for (bool trailing : {false, true}) {
      for (std::size_t depth : {std::size_t{1024}, std::size_t{2}}) {
        ++cases;
        bool fast = core::json::detail::valid_by_blocks(text, trailing, depth);
        bool slow = !core::json::detail::scan_for_syntax_error(text, trailing, depth);
        if (fast != slow) {
          ++mismatches;
          UNSCOPED_INFO("trailing=" << trailing << " depth=" << depth << " fast=" << fast << " text=" << text);
        }
      }
    }
  };
  for (const auto& doc : docs) {
    agree(doc);
    for (std::size_t i = 0; i < doc.size(); ++i) {
      agree(doc.substr(0, i) + doc.substr(i + 1));
      agree(doc.substr(0, i));
      for (char b : bytes) {
        std::string m = doc;
        m[i] = b;
        agree(m);
      }
    }
  }
  CHECK(cases > 10000);
  CHECK(mismatches == 0);
  // The valid documents are valid, and find_syntax_error() takes the fast yes.
  CHECK(core::json::detail::valid_by_blocks(docs[0], false, 1024));
  CHECK(core::json::detail::valid_by_blocks(docs[3], true, 1024));
  CHECK_FALSE(core::json::detail::valid_by_blocks(docs[3], false, 1024));
}

TEST_CASE("string_body decodes escapes and surrogate pairs", "[core][json]") {
  core::StringArena arena;
  std::string raw = "a\\\"b\\n\\ud83d\\ude00c\" tail";
  const char* next = nullptr;
  auto s = core::json::string_body(raw.data(), raw.data() + raw.size(), arena, &next);
  REQUIRE(s);
  CHECK(*s == "a\"b\n\xf0\x9f\x98\x80" "c");
  CHECK(std::string_view(next) == " tail");
  std::string plain = "plain\"";
  auto p = core::json::string_body(plain.data(), plain.data() + plain.size(), arena);
  REQUIRE(p);
  CHECK(p->data() == plain.data());  // no escape: a view into the input
  std::string unterminated = "abc";
  CHECK_FALSE(core::json::string_body(unterminated.data(), unterminated.data() + 3, arena));
}

TEST_CASE("finding fingerprints: rule, file and subject; never line or message", "[core][findings]") {
  core::Finding a;
  a.rule = "lockfile/out-of-sync";
  a.severity = core::Severity::error;
  a.message = "x";
  a.location = {"package.json", 3, 5};
  a.package = "p";
  auto fp = [](core::Finding f) {
    std::vector<core::Finding> one{std::move(f)};
    core::assign_fingerprints(one);
    return one[0].fingerprint;
  };
  core::Finding b = a;
  b.location.line = 40;
  b.message = "y (in 159 days)";
  CHECK(fp(a) == fp(b));
  b.subject = "other";
  CHECK(fp(a) != fp(b));
  core::Finding c = a;
  c.location.file = "packages/x/package.json";
  CHECK(fp(a) != fp(c));
  // Duplicates are counted, not collapsed: two equal keys, two identities,
  // numbered in report order.
  std::vector<core::Finding> dup{a, a};
  dup[1].location.line = 9;
  core::assign_fingerprints(dup);
  CHECK(dup[0].fingerprint != dup[1].fingerprint);
  CHECK(dup[0].fingerprint == fp(a));
  std::vector<core::Finding> v{b, a};
  v[0].location = {"z.json", 1, 1};
  core::sort_findings(v);
  CHECK(v[0].location.file == "package.json");
  CHECK(core::parse_severity("warning") == core::Severity::warning);
  CHECK_FALSE(core::parse_severity("fatal"));
}

TEST_CASE("finding fingerprints are FNV-1a of rule, file and subject, whatever the order of findings",
          "[core][findings][regression]") {
  // Baselines store these values, so they must not change: FNV-1a 64 over
  // the rule, the file and the subject, each followed by a 0xff byte (the
  // n-th of equal keys adds its number), from the basis 1469598103934665603
  // (not FNV's published 14695981039346656037: a digit short since the first
  // baselines, and kept so that they still match). Computed here from that definition,
  // for findings whose rule and file change from one to the next, and whose
  // texts are shared or separately made (the hash of a rule and file is
  // kept from one finding to the next when their texts are the same).
  auto fnv = [](std::initializer_list<std::string_view> parts) {
    std::uint64_t h = 1469598103934665603ULL;
    for (auto s : parts) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
      h = (h ^ 0xffU) * 1099511628211ULL;
    }
    return h;
  };
  core::SharedText rules[] = {"lockfile/unexpected-host", "lockfile/missing-integrity"};
  core::SharedText files[] = {"package-lock.json", "packages/x/a.json"};  // equal lengths
  std::vector<core::Finding> fs(9);
  for (std::size_t i = 0; i < fs.size(); ++i) {
    // The same rule text twice in a row with the two files; every third
    // finding with texts of its own (equal bytes at another address).
    fs[i].rule = i % 3 == 2 ? core::SharedText(rules[(i / 2) % 2].view()) : rules[(i / 2) % 2];
    fs[i].location = {i % 3 == 2 ? core::SharedText(files[i % 2].view()) : files[i % 2], static_cast<int>(i) + 1, 1};
    fs[i].package = "p" + std::to_string(i % 5) + "@1.0.0";
  }
  fs[6].subject = "volta 20";
  core::assign_fingerprints(fs);
  for (std::size_t i = 0; i < fs.size(); ++i) {
    INFO("finding " << i);
    const auto& f = fs[i];
    const std::string_view subject = f.subject.empty() ? std::string_view(f.package) : std::string_view(f.subject);
    CHECK(f.fingerprint == core::Fingerprint(fnv({f.rule, f.location.file, subject})).view());
  }
  CHECK(core::Fingerprint(fnv({"lockfile/unexpected-host", "package-lock.json", "p0@1.0.0"})) == "34f04f22951f1a1d");
}

// Equal keys are numbered in report order wherever they fall: the first
// keeps the key's hash, the n-th hashes the key and n. Among 20,000 findings
// (the table of hashes seen grows and probes), duplicates interleaved.
TEST_CASE("finding fingerprints number equal keys in report order among many", "[core][findings]") {
  auto fnv = [](std::initializer_list<std::string_view> parts) {
    std::uint64_t h = 1469598103934665603ULL;
    for (auto s : parts) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
      h = (h ^ 0xffU) * 1099511628211ULL;
    }
    return core::Fingerprint(h);
  };
  std::vector<core::Finding> fs(20'000);
  for (std::size_t i = 0; i < fs.size(); ++i) {
    fs[i].rule = "lockfile/unexpected-host";
    fs[i].location = {"package-lock.json", static_cast<int>(i) + 1, 1};
    // Every 1,000th finding repeats key "dup-a" or "dup-b" in turn.
    fs[i].package = i % 1000 == 7 ? (i / 1000 % 2 == 0 ? "dup-a" : "dup-b") : "p" + std::to_string(i);
  }
  core::assign_fingerprints(fs);
  std::map<std::string, int> seen;
  std::set<std::string> all;
  std::size_t wrong = 0;
  for (const auto& f : fs) {
    const int n = ++seen[f.package];
    const auto expected = n == 1 ? fnv({f.rule, f.location.file, f.package})
                                 : fnv({f.rule, f.location.file, f.package, std::to_string(n)});
    wrong += f.fingerprint == expected.view() ? 0 : 1;
    all.insert(f.fingerprint.str());
  }
  CHECK(wrong == 0);
  CHECK(seen["dup-a"] == 10);
  CHECK(all.size() == fs.size());
}

TEST_CASE("finding fingerprints are 16 hex digits kept in place; paths are shared", "[core][findings]") {
  // The identity baselines store: the FNV-1a hash as 16 lower-case hex
  // digits, the same text the std::string form wrote.
  CHECK(core::Fingerprint(0x0123456789abcdefULL) == "0123456789abcdef");
  CHECK(core::Fingerprint(0).view() == "0000000000000000");
  CHECK(core::Fingerprint().empty());
  CHECK(core::Fingerprint(1).str() == "0000000000000001");
  std::vector<core::Finding> fs(3);
  for (auto& f : fs) {
    f.rule = "lockfile/unexpected-host";
    f.location = {"package-lock.json", 1, 1};
    f.package = "a@1.0.0";
  }
  fs[2].package = "b@1.0.0";
  core::assign_fingerprints(fs);
  for (const auto& f : fs) {
    CHECK(f.fingerprint.view().size() == 16);
    CHECK(f.fingerprint.view().find_first_not_of("0123456789abcdef") == std::string_view::npos);
  }
  CHECK(fs[0].fingerprint != fs[1].fingerprint.view());  // an occurrence number tells equal keys apart
  // One lockfile path for every finding: copies of a SharedText share it.
  core::SharedText path("package-lock.json");
  core::Location l1{path, 1, 1};
  core::Location l2{path, 2, 1};
  CHECK(l1.file.data() == l2.file.data());
  CHECK(l2.file == "package-lock.json");
}

TEST_CASE("sort_findings orders like a stable sort of the findings themselves", "[core][finding]") {
  // It sorts positions and then moves each finding along its permutation
  // cycle; every cycle shape must land where a plain stable sort puts it.
  std::vector<core::Finding> v;
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245U + 12345U; };
  for (int i = 0; i < 300; ++i) {
    core::Finding f;
    // (append, not "f" + std::to_string(...): GCC 12 warns falsely on that here)
    f.location.file = std::string("f").append(std::to_string(next() % 5));
    f.location.line = static_cast<int>(next() % 7);
    f.rule = std::string("r").append(std::to_string(next() % 3));
    f.message = std::string("m").append(std::to_string(i));  // keeps the input order visible
    f.evidence = {std::string("e").append(std::to_string(i))};
    v.push_back(f);
  }
  auto expected = v;
  std::stable_sort(expected.begin(), expected.end(), [](const core::Finding& a, const core::Finding& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package, a.message) <
           std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.package, b.message);
  });
  core::sort_findings(v);
  REQUIRE(v.size() == expected.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    CHECK(v[i].message == expected[i].message);
    CHECK(v[i].evidence == expected[i].evidence);
  }
  auto sorted = v;
  core::sort_findings(sorted);  // already in order: nothing moves
  for (std::size_t i = 0; i < v.size(); ++i) CHECK(sorted[i].message == v[i].message);
  // A prefix sorted by an earlier call (check orders the early findings
  // beside the deps pass), the rest merged in (a few: each placed by a
  // binary search; more: sorted keys merged): the same order as one sort.
  // Equal findings (same message) keep their order across the two parts.
  auto unsorted = expected;
  std::reverse(unsorted.begin(), unsorted.end());
  for (auto& f : unsorted) f.message = std::string("m").append(std::to_string(f.message.size() % 4));
  for (std::size_t prefix : {std::size_t{0}, std::size_t{1}, std::size_t{150}, std::size_t{270}, std::size_t{299}, std::size_t{300}}) {
    INFO("prefix " << prefix);
    auto all = unsorted;
    std::stable_sort(all.begin(), all.end(), [](const core::Finding& a, const core::Finding& b) {
      return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package, a.message) <
             std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.package, b.message);
    });
    std::vector<core::Finding> head(unsorted.begin(), unsorted.begin() + static_cast<std::ptrdiff_t>(prefix));
    core::sort_findings(head);
    auto two = head;
    two.insert(two.end(), unsorted.begin() + static_cast<std::ptrdiff_t>(prefix), unsorted.end());
    core::sort_findings(two, prefix);
    REQUIRE(two.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(two[i].evidence == all[i].evidence);
  }
}

// A few merged into many: the many move right in two halves on two threads
// (from 16,384 on), each half's segments in turn; the order must be one
// stable sort's, equal findings keeping theirs across the parts.
TEST_CASE("sort_findings merges a few into many, in two halves, as one stable sort", "[core][finding]") {
  std::uint32_t state = 777;
  auto next = [&] { return state = state * 1103515245U + 12345U; };
  auto make = [&](int i) {
    core::Finding f;
    f.location.file = std::string("f").append(std::to_string(next() % 3));
    f.location.line = static_cast<int>(next() % 2000);
    f.rule = "r";
    f.message = "m";  // many equal findings: ties at every insertion point
    f.evidence = {std::string("e").append(std::to_string(i))};
    return f;
  };
  auto before = [](const core::Finding& a, const core::Finding& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package, a.message) <
           std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.package, b.message);
  };
  for (std::size_t few : {std::size_t{1}, std::size_t{7}, std::size_t{300}, std::size_t{2600}}) {
    INFO("few " << few);
    std::vector<core::Finding> v;
    for (int i = 0; i < 20'000; ++i) v.push_back(make(i));
    core::sort_findings(v);
    for (std::size_t i = 0; i < few; ++i) v.push_back(make(static_cast<int>(100'000 + i)));
    if (few == 7) {  // all at the very end, or all before the first
      for (std::size_t i = 0; i < few; ++i) v[v.size() - 1 - i].location.file = i % 2 ? "a" : "z";
    }
    auto expected = v;
    std::stable_sort(expected.begin(), expected.end(), before);
    core::sort_findings(v, 20'000);
    REQUIRE(v.size() == expected.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < v.size(); ++i) differ += v[i].evidence == expected[i].evidence ? 0 : 1;
    CHECK(differ == 0);
  }
}

TEST_CASE("compute_flags derives dev and optional from the importers' edges", "[core][graph]") {
  core::DependencyGraph g;
  core::Node root;
  root.role = core::NodeRole::root;
  auto r = g.add_node(root);
  auto mk = [&](std::string_view name) {
    core::Node n;
    n.name = name;
    n.version = "1.0.0";
    return g.add_node(n);
  };
  auto prod = mk("prod");
  auto dev = mk("dev");
  auto shared = mk("shared");
  auto opt = mk("opt");
  auto opt_child = mk("opt-child");
  auto devopt = mk("devopt");
  g.add_edge(r, "prod", "^1", core::EdgeKind::prod, prod);
  g.add_edge(r, "dev", "^1", core::EdgeKind::dev, dev);
  g.add_edge(r, "opt", "^1", core::EdgeKind::optional, opt);
  g.add_edge(dev, "shared", "^1", core::EdgeKind::prod, shared);
  g.add_edge(prod, "shared", "^1", core::EdgeKind::prod, shared);
  g.add_edge(opt, "opt-child", "^1", core::EdgeKind::prod, opt_child);
  g.add_edge(dev, "devopt", "^1", core::EdgeKind::optional, devopt);
  g.finalize();
  core::compute_flags(g);
  CHECK_FALSE(g.nodes[prod].dev);
  CHECK(g.nodes[dev].dev);
  CHECK_FALSE(g.nodes[shared].dev);
  CHECK_FALSE(g.nodes[shared].optional);
  CHECK(g.nodes[opt].optional);
  CHECK_FALSE(g.nodes[opt].dev);
  CHECK(g.nodes[opt_child].optional);
  CHECK(g.nodes[devopt].dev);
  CHECK(g.nodes[devopt].optional);
  CHECK(g.nodes[devopt].dev_optional);
}

TEST_CASE("DependencyGraph::location: line and column from any offset, with or without a hint", "[core][graph]") {
  // Lines of every length across the 16-byte blocks the index reads, an
  // empty line, a last line with no newline, and lookups in and out of order.
  std::string text;
  std::vector<std::uint32_t> starts{0};
  for (int i = 0; i < 300; ++i) {
    text += std::string(static_cast<std::size_t>((i * 7) % 41), static_cast<char>('a' + i % 26)) + "\n";
    starts.push_back(static_cast<std::uint32_t>(text.size()));
  }
  text += "last";
  core::DependencyGraph g;
  g.hold_text(std::make_shared<const std::string>(text));
  auto expect = [&](std::uint32_t offset) {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    return std::pair<int, int>{static_cast<int>(it - starts.begin()),
                               static_cast<int>(offset - *(it - 1)) + 1};
  };
  std::size_t hint = 0;
  for (std::uint32_t off = 0; off <= text.size(); off += 3) {
    auto lc = g.location(off, hint);
    INFO("offset " << off);
    CHECK(std::pair<int, int>{lc.line, lc.column} == expect(off));
    CHECK(hint + 1 == static_cast<std::size_t>(lc.line));
  }
  // Backwards from a hint far on, and a hint past the last line.
  for (std::uint32_t off : {5000u, 17u, 0u, 2600u, 1u}) {
    if (off > text.size()) continue;
    auto lc = g.location(off, hint);
    CHECK(std::pair<int, int>{lc.line, lc.column} == expect(off));
    auto plain = g.location(off);
    CHECK(std::pair<int, int>{plain.line, plain.column} == expect(off));
  }
  hint = 1u << 30;
  auto lc = g.location(10, hint);
  CHECK(std::pair<int, int>{lc.line, lc.column} == expect(10));
  CHECK(g.location(static_cast<std::uint32_t>(text.size()) + 1).line == 0);  // past the end
}

TEST_CASE("make_inventory: name@version order and merged instances, from any node order",
          "[core][graph]") {
  // Names that share their first 8 and 16 bytes, a name that is a prefix of
  // another, instances of one name@version with different flags, listed out
  // of order.
  core::DependencyGraph g;
  core::Node root;
  root.role = core::NodeRole::root;
  auto r = g.add_node(root);
  auto mk = [&](std::string_view name, std::string_view version, bool dev, bool optional,
                core::Source source = core::Source::registry) {
    core::Node n;
    n.name = name;
    n.version = version;
    n.dev = dev;
    n.optional = optional;
    n.source = source;
    return g.add_node(n);
  };
  mk("pkg-12346", "1.0.0", true, false);
  auto direct = mk("@scope/long-name-b", "2.0.0", false, false);
  mk("pkg-1234", "1.0.0", true, true);
  mk("@scope/long-name-a", "1.0.0", true, false, core::Source::git);
  mk("pkg-12345", "1.0.0", true, true);
  mk("@scope/long-name-b", "10.0.0", true, true);
  mk("@scope/long-name-b", "2.0.0", true, true);
  mk("@scope/long-name-a", "1.0.0", true, true);
  mk("pkg-12345", "1.0.0", false, true);
  g.add_edge(r, "@scope/long-name-b", "^2", core::EdgeKind::prod, direct);
  g.finalize();
  auto inv = core::make_inventory(g);
  std::vector<std::string> got;
  for (const auto& p : inv.packages) {
    std::string line(p.name);
    line += "@";
    line += p.version;
    line += p.dev ? " dev" : "";
    line += p.optional ? " optional" : "";
    line += p.direct ? " direct" : "";
    line += p.source != core::Source::registry ? " git" : "";
    got.push_back(line);
  }
  CHECK(got == std::vector<std::string>{
                   "@scope/long-name-a@1.0.0 dev git",  // dev in both; optional in one only
                   "@scope/long-name-b@10.0.0 dev optional",
                   "@scope/long-name-b@2.0.0 direct",  // one instance is neither dev nor optional
                   "pkg-1234@1.0.0 dev optional",
                   "pkg-12345@1.0.0 optional",
                   "pkg-12346@1.0.0 dev",
               });
}

TEST_CASE("find_invalid_utf8 points at the first bad sequence", "[core][text]") {
  using archgate::core::find_invalid_utf8;
  CHECK_FALSE(find_invalid_utf8("plain ascii\n"));
  CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  CHECK(find_invalid_utf8("ab\xFF") == std::optional<std::size_t>(2));
  CHECK(find_invalid_utf8("a\xC0\xAF") == std::optional<std::size_t>(1));      // overlong '/'
  CHECK(find_invalid_utf8("\xED\xA0\x80") == std::optional<std::size_t>(0));    // surrogate
  CHECK(find_invalid_utf8("x\xE2\x82") == std::optional<std::size_t>(1));       // truncated
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));  // > U+10FFFF
}

// Regression: libfyaml 0.8 never returned on a `%` directive line holding
// invalid UTF-8 (found by fuzz_runtime_pins); parse_yaml now rejects the
// bytes first, with their position.
TEST_CASE("parse_yaml rejects invalid UTF-8 with line:column", "[core][yaml]") {
  auto r = archgate::core::parse_yaml("ci.yml", "on: push\n%YAML 1.2 \xC3\x28\n---\na: 1\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().file == "ci.yml");
  CHECK(r.error().line == 2);
  CHECK(r.error().column == 11);
  CHECK(r.error().message.find("UTF-8") != std::string::npos);
  auto ok = archgate::core::parse_yaml("ci.yml", "name: caf\xC3\xA9\n");
  CHECK(ok);
}

// Seen on novuhq/novu: `cross-env TS_NODE_COMPILER_OPTIONS='{"strictNullChecks": false}' mocha`
// split inside the quotes, so `false}` looked like the command and the
// test runner was never found.
TEST_CASE("shell words and commands respect quotes", "[core][shell]") {
  using archgate::core::shell_words;
  using archgate::core::split_shell_commands;
  CHECK(shell_words("cross-env A='{\"x\": false}' NODE_ENV=test mocha 'src/**/*.spec.ts'") ==
        std::vector<std::string>{"cross-env", "A={\"x\": false}", "NODE_ENV=test", "mocha", "src/**/*.spec.ts"});
  CHECK(shell_words("echo \"a b\" c\\ d ''") == std::vector<std::string>{"echo", "a b", "c d", ""});
  CHECK(shell_words("  npm   test  ") == std::vector<std::string>{"npm", "test"});
  CHECK(split_shell_commands("a && b 'x && y'; c | d || \"e;f\"") ==
        std::vector<std::string>{"a ", " b 'x && y'", " c ", " d ", " \"e;f\""});
}

// Seen on trpc/trpc: an empty docker-compose.yaml was "invalid YAML" and
// made `check` exit 2. A stream with no document is valid and empty.
TEST_CASE("parse_yaml: an empty stream is an empty document, not an error", "[core][yaml]") {
  for (const char* text : {"", "\n\n", "# only a comment\n", "  # indented comment\n\n"}) {
    INFO("text: " << text);
    auto doc = archgate::core::parse_yaml("docker-compose.yaml", text);
    REQUIRE(doc);
    CHECK(fy_document_root(doc->get()) == nullptr);
  }
  // A marker alone opens a document whose root is an empty scalar.
  CHECK(archgate::core::parse_yaml("a.yml", "---\n"));
  CHECK(archgate::core::parse_yaml("a.yml", "---\n...\n"));
  // Still errors: a real syntax error, and text that is not a marker.
  CHECK_FALSE(archgate::core::parse_yaml("x.yml", "a: [1, 2\n"));
  auto one = archgate::core::parse_yaml("x.yml", "--- # c\nkey: 1\n");
  REQUIRE(one);
  CHECK(fy_document_root(one->get()) != nullptr);
}

// Seen on novuhq/novu: a workflow's `needs: [ ... ]` closed at the key's
// indentation was "wrongly indented sequence end in flow mode" (exit 2);
// GitHub reads it.
TEST_CASE("parse_yaml: a flow sequence closed at its key's indentation is read", "[core][yaml]") {
  auto doc = archgate::core::parse_yaml("ci.yml",
                                        "jobs:\n  deploy:\n    needs: [\n      a,\n      b\n    ]\n    runs-on: x\n");
  REQUIRE(doc);
  auto* needs = archgate::core::yaml_get(archgate::core::yaml_get(archgate::core::yaml_get(
                                             fy_document_root(doc->get()), "jobs"), "deploy"), "needs");
  REQUIRE(needs != nullptr);
  CHECK(fy_node_sequence_item_count(needs) == 2);
  CHECK(archgate::core::yaml_get(archgate::core::yaml_get(fy_document_root(doc->get()), "jobs"), "deploy") != nullptr);
}

// Regression (fuzz_config): nested and repeated {a,b} groups multiplied into
// billions of expansions; the budget keeps matching bounded.
TEST_CASE("glob_match bounds brace expansion", "[core][glob]") {
  namespace core = archgate::core;
  std::string bomb;
  for (int i = 0; i < 30; ++i) {
    bomb += "{a,b,{c,d}}";
  }
  CHECK_FALSE(core::glob_match(bomb, "zzz"));
  CHECK(core::glob_match("{x,y}/{a,b}/{c,d}", "y/b/d"));
  auto text = archgate::test::read_file(archgate::test::fixtures_dir() / "fuzz-regressions" /
                                        "config-brace-explosion.toml");
  core::Settings c;
  if (archgate::analyzers::parse_settings("archgate.toml", text, c)) {
    std::vector<core::Finding> fs(1);
    fs[0].rule = "deps/heavy";
    core::apply_overrides(c.overrides, fs);
  }
  SUCCEED("matched in bounded time");
}

// fuzz_package_manager_config found a segfault inside libfyaml 0.8 (while it
// cleans up after an error) on a tab before a block indicator in an explicit
// key; parse_yaml reports the invalid YAML instead of handing it to libfyaml.
TEST_CASE("parse_yaml: a tab before a block indicator is an error, not a crash", "[core][yaml]") {
  auto text = archgate::test::read_file(archgate::test::fixtures_dir() / "fuzz-regressions" /
                                        "yaml-tab-before-indicator.yml");
  auto doc = archgate::core::parse_yaml(".yarnrc.yml", text);
  REQUIRE_FALSE(doc);
  CHECK(doc.error().line == 1);
  CHECK(doc.error().column == 5);
  CHECK_THAT(doc.error().message, Catch::Contains("a tab in an explicit key"));
  auto fuzzed = archgate::test::read_file(archgate::test::fixtures_dir() / "fuzz-seeds" /
                                          "package_manager_config" / "libfyaml-crash");
  CHECK_FALSE(archgate::core::parse_yaml(".yarnrc.yml", fuzzed));
  // Tabs elsewhere (in a comment, in quotes, in an ordinary line) are not it.
  CHECK(archgate::core::parse_yaml("x.yml", "a: 1 # \t- c\nb: \"\t- d\"\nc: x\ty\n"));
  auto ctl = archgate::core::parse_yaml("x.yml", std::string("a: 1\nb: \x02\n"));
  REQUIRE_FALSE(ctl);
  CHECK(ctl.error().line == 2);
  CHECK(ctl.error().column == 4);
  // Deliberately conservative: a tab on a `?` line is refused even in quotes.
  CHECK(archgate::core::find_libfyaml_crash("? a: '\t?'\n"));
  CHECK_FALSE(archgate::core::find_libfyaml_crash("a: '\tb'\nc: d\n"));
}

// Every input the config fuzzer crashed libfyaml with is a seed; each must
// now be a clean answer from every YAML entry point.
TEST_CASE("parse_yaml: the fuzzer's libfyaml crash inputs are clean errors", "[core][yaml][fuzz]") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e : fs::directory_iterator(archgate::test::fixtures_dir() / "fuzz-seeds" /
                                              "package_manager_config")) {
    if (e.path().filename().string().starts_with("libfyaml-crash")) {
      ++n;
      INFO(e.path());
      auto text = archgate::test::read_file(e.path());
      CHECK_FALSE(archgate::core::parse_yaml(".yarnrc.yml", text));
    }
  }
  CHECK(n >= 3);
}
