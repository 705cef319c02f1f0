#include "analyzers/ci.hpp"

#include <algorithm>

#include "core/manifest.hpp"
#include "core/text.hpp"

namespace archgate::analyzers {

namespace {

std::size_t indent_of(std::string_view l) {
  std::size_t i = 0;
  while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
  return i;
}

void add(CiFacts& out, const std::string& file, int line, std::string_view text, const std::string& dir = {}) {
  text = core::trim_blanks(text);
  if (text.empty() || text.front() == '#') return;
  out.commands.push_back({file, line, std::string(text), dir});
}

// The directory the shell is in after `text`, from `dir`: each `cd DIR` to a
// relative folder moves it (an absolute or variable one is not followed).
std::string after_cd(std::string dir, std::string_view text) {
  for (const auto& simple : core::split_shell_commands(text)) {
    if (auto next = core::cd_into(dir, core::shell_words(simple))) dir = std::move(*next);
  }
  return dir;
}

bool is_ci_file(const std::string& path) {
  auto yaml = path.ends_with(".yml") || path.ends_with(".yaml");
  if (yaml && (path.starts_with(".github/workflows/") || path.starts_with(".github/actions/"))) return true;
  return path == ".gitlab-ci.yml" || path == ".circleci/config.yml" || path == ".travis.yml" || path == "appveyor.yml" ||
         path == ".appveyor.yml" || path == "Jenkinsfile" || path == "azure-pipelines.yml" || path == "bitbucket-pipelines.yml" ||
         (path.starts_with(".gitlab/") && yaml);
}

}  // namespace

void read_ci_file(const std::string& path, std::string_view text, CiFacts& out) {
  out.files.push_back(path);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  if (path == "Jenkinsfile") {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto l = core::trim_blanks(lines[i]);
      if (l.starts_with("//")) continue;
      if (l.starts_with("sh ") || l.starts_with("sh(") || l.starts_with("bat ")) {
        auto q = l.find_first_of("'\"");
        if (q != std::string_view::npos) {
          auto end = l.find(l[q], q + 1);
          add(out, path, static_cast<int>(i + 1), l.substr(q + 1, end == std::string_view::npos ? std::string_view::npos : end - q - 1));
        }
      }
    }
    return;
  }
  // YAML: whether the mapping that holds the key at line `i` (a step, a
  // job) also says its failure is tolerated: a sibling key at the same
  // indentation, `continue-on-error: true` or `allow_failure: true`. The
  // mapping runs up to a line less indented, or to the list item ("- ")
  // that opens it.
  auto tolerated = [&](std::size_t i) {
    auto raw = lines[i];
    std::size_t col = indent_of(raw);
    bool item_start = core::trim_blanks(raw).starts_with("- ");
    if (item_start) col += 2;
    auto sibling = [&](std::string_view line) {
      auto t = core::trim_blanks(line);
      if (t.starts_with("- ")) t = core::trim_blanks(t.substr(2));
      for (std::string_view k : {"continue-on-error:", "allow_failure:"}) {
        if (t.starts_with(k)) {
          auto v = core::strip_quotes(core::trim_blanks(t.substr(k.size())));
          return v == "true";
        }
      }
      return false;
    };
    auto key_col = [&](std::string_view line) {
      auto c = indent_of(line);
      return core::trim_blanks(line).starts_with("- ") ? c + 2 : c;
    };
    for (std::size_t j = i + 1; j < lines.size(); ++j) {  // below, to the mapping's end
      auto t = core::trim_blanks(lines[j]);
      if (t.empty() || t.front() == '#') continue;
      if (indent_of(lines[j]) < col && !(t.starts_with("- ") && key_col(lines[j]) == col)) break;
      if (t.starts_with("- ") && indent_of(lines[j]) + 2 == col) break;  // the next item
      if (indent_of(lines[j]) == col && sibling(lines[j])) return true;
    }
    if (!item_start) {
      for (std::size_t j = i; j-- > 0;) {  // above, to the item or key that opens it
        auto t = core::trim_blanks(lines[j]);
        if (t.empty() || t.front() == '#') continue;
        if (key_col(lines[j]) != col) {
          if (indent_of(lines[j]) < col) break;
          continue;  // a deeper line (a block above)
        }
        if (sibling(lines[j])) return true;
        if (t.starts_with("- ")) break;  // the item's first key
      }
    }
    return false;
  };
  // YAML: keys whose value is a command (or a list/block of commands).
  static constexpr std::string_view k_keys[] = {"run:", "- run:", "script:", "command:", "test_script:", "before_script:",
                                                "- script:", "build_script:", "- command:", "- bash:", "bash:",
                                                "- script", "install:"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto raw = lines[i];
    auto l = core::trim_blanks(raw);
    if (l.empty() || l.front() == '#') continue;
    std::string_view key;
    for (auto k : k_keys) {
      if (l.starts_with(k) && (l.size() == k.size() || l[k.size()] == ' ')) {
        key = k;
        break;
      }
    }
    if (key.empty()) continue;
    auto value = core::trim_blanks(l.substr(key.size()));
    std::size_t base_indent = indent_of(raw);
    const auto first = out.commands.size();
    const bool may_fail = tolerated(i);
    auto mark = [&] {
      for (auto c = first; c < out.commands.size(); ++c) out.commands[c].may_fail = may_fail;
    };
    if (!value.empty() && value.front() != '|' && value.front() != '>') {
      add(out, path, static_cast<int>(i + 1), core::strip_quotes(value));
      mark();
      continue;
    }
    // A block scalar (`run: |`) or a list (`script:` then `- cmd` lines):
    // one shell, so a `cd` holds for the lines after it.
    std::string dir;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      auto next = lines[j];
      if (core::trim_blanks(next).empty()) continue;
      if (indent_of(next) <= base_indent && !(core::trim_blanks(next).starts_with("- ") && indent_of(next) == base_indent && value.empty() && key.find("script") != std::string_view::npos)) {
        break;
      }
      auto t = core::trim_blanks(next);
      if (t.front() == '#') continue;
      if (value.empty() && t.starts_with("- ")) t = core::trim_blanks(t.substr(2));
      else if (value.empty()) break;  // a nested mapping, not a list of commands
      add(out, path, static_cast<int>(j + 1), core::strip_quotes(t), dir);
      dir = after_cd(std::move(dir), core::strip_quotes(t));
    }
    mark();
  }
}

std::optional<std::string> shell_script_path(std::string_view dir, const std::vector<std::string>& words) {
  std::size_t k = 0;
  while (k < words.size() && words[k].find('=') != std::string::npos) ++k;  // VAR=value
  if (k < words.size() && (words[k] == "sh" || words[k] == "bash")) {
    ++k;
    while (k < words.size() && words[k].starts_with("-")) ++k;
  }
  if (k >= words.size()) return std::nullopt;
  std::string_view script = words[k];
  if (!script.ends_with(".sh") || script.starts_with("/") || script.starts_with("$")) return std::nullopt;
  return core::normalize_path(core::join_path(dir, script));
}

void read_package_shell_scripts(const core::Snapshot& snapshot, const std::vector<const core::Manifest*>& packages,
                                CiFacts& out) {
  constexpr std::size_t k_max_bytes = 64 * 1024;
  for (const auto* m : packages) {
    for (const auto& [name, body] : m->scripts) {
      for (const auto& simple : core::split_shell_commands(body)) {
        auto path = shell_script_path(m->dir, core::shell_words(simple));
        if (!path || out.shell_scripts.count(*path) || !snapshot.is_file(*path)) continue;
        auto text = snapshot.read(*path);
        if (text && text->size() <= k_max_bytes) out.shell_scripts.emplace(*path, std::move(*text));
      }
    }
  }
}

CiFacts read_ci(const core::Snapshot& snapshot) {
  CiFacts out;
  std::vector<std::string> paths;
  for (const auto& p : {".gitlab-ci.yml", ".circleci/config.yml", ".travis.yml", "appveyor.yml", ".appveyor.yml", "Jenkinsfile",
                        "azure-pipelines.yml", "bitbucket-pipelines.yml"}) {
    if (snapshot.is_file(p)) paths.emplace_back(p);
  }
  for (const auto& dir : {".github/workflows", ".gitlab"}) {
    for (const auto& p : snapshot.walk(dir)) {
      if (is_ci_file(p)) paths.push_back(p);
    }
  }
  for (const auto& p : snapshot.walk(".github/actions")) {
    if (p.ends_with("action.yml") || p.ends_with("action.yaml")) paths.push_back(p);
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  for (const auto& p : paths) {
    auto text = snapshot.read(p);
    if (text) read_ci_file(p, *text, out);
  }
  return out;
}

}  // namespace archgate::analyzers
