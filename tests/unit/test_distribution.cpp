// The files users meet archgate through, checked against what consumes
// them: the GitHub Action's definition (the runner's rules for composite
// actions, and the flags it passes exist in `archgate check --help`), the
// pre-commit hook definition, and the Dockerfile against archgate's own
// containers item.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>

#include <libfyaml.h>

#include "core/snapshot.hpp"
#include "core/yaml.hpp"
#include "test_support.hpp"

using archgate::core::yaml_get;
using archgate::core::yaml_scalar;

namespace {

std::string scalar(fy_node* n) {
  auto s = yaml_scalar(n);
  return s ? std::string(*s) : std::string();
}

}  // namespace

TEST_CASE("distribution: action.yml is a composite action whose flags archgate accepts", "[distribution]") {
  auto root = archgate::test::source_dir();
  auto text = archgate::test::read_file(root / "action.yml");
  auto doc = archgate::core::parse_yaml("action.yml", text);
  REQUIRE(doc);
  auto* top = fy_document_root(doc->get());
  CHECK_FALSE(scalar(yaml_get(top, "name")).empty());
  CHECK_FALSE(scalar(yaml_get(top, "description")).empty());
  auto* runs = yaml_get(top, "runs");
  REQUIRE(runs);
  CHECK(scalar(yaml_get(runs, "using")) == "composite");
  // Every input has a description; every `${{ inputs.X }}` names one.
  std::set<std::string> inputs;
  archgate::core::yaml_for_each_pair(yaml_get(top, "inputs"), [&](std::string_view k, fy_node* v) {
    inputs.emplace(k);
    CHECK_FALSE(scalar(yaml_get(v, "description")).empty());
  });
  std::regex ref(R"(inputs\.([a-z-]+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), ref); it != std::sregex_iterator(); ++it) {
    INFO((*it)[1].str());
    CHECK(inputs.count((*it)[1].str()) == 1);
  }
  // A composite step that runs a script must name its shell.
  auto* steps = yaml_get(runs, "steps");
  REQUIRE(steps);
  void* iter = nullptr;
  int n = 0;
  while (fy_node* step = fy_node_sequence_iterate(steps, &iter)) {
    ++n;
    if (yaml_get(step, "run")) CHECK(scalar(yaml_get(step, "shell")) == "bash");
    if (!yaml_get(step, "run")) CHECK_FALSE(scalar(yaml_get(step, "uses")).empty());
  }
  CHECK(n >= 3);
  // The flags the action passes exist, and its default format is one archgate writes.
  auto help = archgate::test::run_archgate("check --help");
  for (std::string flag : {"--format", "--output", "--fail-on", "--baseline", "--diff-base"}) {
    CHECK(text.find(flag) != std::string::npos);
    CHECK(help.out.find(flag) != std::string::npos);
  }
  auto fmt = scalar(yaml_get(yaml_get(yaml_get(top, "inputs"), "format"), "default"));
  CHECK(help.out.find(fmt) != std::string::npos);
}

TEST_CASE("distribution: the pre-commit hook runs a command archgate accepts", "[distribution]") {
  auto text = archgate::test::read_file(archgate::test::source_dir() / ".pre-commit-hooks.yaml");
  auto doc = archgate::core::parse_yaml(".pre-commit-hooks.yaml", text);
  REQUIRE(doc);
  auto* top = fy_document_root(doc->get());
  REQUIRE(fy_node_is_sequence(top));
  void* iter = nullptr;
  int hooks = 0;
  while (fy_node* hook = fy_node_sequence_iterate(top, &iter)) {
    ++hooks;
    CHECK_FALSE(scalar(yaml_get(hook, "id")).empty());
    auto entry = scalar(yaml_get(hook, "entry"));
    REQUIRE(entry.starts_with("archgate "));
    // The hook's arguments parse (no project is needed for --help).
    auto r = archgate::test::run_archgate(entry.substr(9) + " --help");
    CHECK(r.exit_code == 0);
  }
  CHECK(hooks >= 1);
}

TEST_CASE("distribution: the Dockerfile passes archgate's own containers item", "[distribution]") {
  auto root = archgate::test::source_dir();
  archgate::core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"image-check","private":true})");
  snap.add("Dockerfile", archgate::test::read_file(root / "Dockerfile"));
  snap.add(".dockerignore", archgate::test::read_file(root / ".dockerignore"));
  auto r = archgate::test::audit(snap, "2026-12-02");
  const archgate::core::ChecklistItem* item = nullptr;
  for (const auto& i : r.checklist) {
    if (i.id == "containers") item = &i;
  }
  REQUIRE(item);
  INFO(item->reason);
  CHECK(item->verdict == archgate::core::Verdict::pass);
}
