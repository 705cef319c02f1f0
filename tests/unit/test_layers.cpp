// The layering docs/ARCHITECTURE.md draws, checked on the source tree:
// core/ rests on nothing of ours; analyzers/ produce facts on core/; rules/
// read those facts; reports/ see only the result model in core/; cli/ uses
// all of them. A project #include that crosses a layer fails here, naming
// file:line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The project directories each layer may include from.
const std::map<std::string, std::set<std::string>>& allowed_layers() {
  static const std::map<std::string, std::set<std::string>> k_allowed = {
      {"core", {"core"}},
      {"analyzers", {"core", "analyzers"}},
      {"rules", {"core", "analyzers", "rules"}},
      {"reports", {"core", "reports"}},
      {"cli", {"core", "analyzers", "rules", "reports", "cli"}},
  };
  return k_allowed;
}

// `#include "dir/..."` lines whose dir is a project layer: {line, dir}.
std::vector<std::pair<int, std::string>> project_includes(const fs::path& file) {
  std::vector<std::pair<int, std::string>> out;
  std::ifstream in(file);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto p = line.find_first_not_of(" \t");
    if (p == std::string::npos || line.compare(p, 8, "#include") != 0) {
      continue;
    }
    auto q = line.find('"', p);
    if (q == std::string::npos) {
      continue;  // <system>
    }
    auto slash = line.find('/', q);
    auto close = line.find('"', q + 1);
    if (slash == std::string::npos || slash > close) {
      continue;  // "same_dir.hpp"
    }
    auto dir = line.substr(q + 1, slash - q - 1);
    if (allowed_layers().contains(dir)) {
      out.emplace_back(n, dir);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every #include stays inside the layers ARCHITECTURE.md draws", "[layers]") {
  const fs::path root = ARCHGATE_SOURCE_DIR;
  std::vector<std::string> violations;
  std::size_t files = 0;
  for (const auto& [layer, allowed] : allowed_layers()) {
    REQUIRE(fs::is_directory(root / layer));
    for (const auto& e : fs::recursive_directory_iterator(root / layer)) {
      auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".hpp" && ext != ".cpp")) {
        continue;
      }
      ++files;
      for (const auto& [line, dir] : project_includes(e.path())) {
        if (!allowed.contains(dir)) {
          violations.push_back(fs::relative(e.path(), root).string() + ":" +
                               std::to_string(line) + ": " + layer + "/ includes " + dir + "/");
        }
      }
    }
  }
  CHECK(files > 100);
  INFO([&] {
    std::string s;
    for (const auto& v : violations) s += v + "\n";
    return s;
  }());
  CHECK(violations.empty());
}

TEST_CASE("the layer check sees an include that crosses a layer", "[layers]") {
  auto dir = fs::temp_directory_path() / "archgate-layers-test";
  fs::create_directories(dir);
  auto f = dir / "x.cpp";
  {
    std::ofstream out(f);
    out << "#include <vector>\n#include \"local.hpp\"\n  #include \"analyzers/deps/scoring.hpp\"\n"
           "#include \"core/result.hpp\"\n#include \"nlohmann/json.hpp\"\n";
  }
  auto inc = project_includes(f);
  fs::remove_all(dir);
  REQUIRE(inc.size() == 2);
  CHECK(inc[0] == std::pair<int, std::string>{3, "analyzers"});
  CHECK(inc[1] == std::pair<int, std::string>{4, "core"});
  CHECK_FALSE(allowed_layers().at("reports").contains(inc[0].second));
}
