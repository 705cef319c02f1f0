#include "analyzers/project_loader.hpp"

#include <libfyaml.h>

#include <algorithm>
#include <memory>

#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/manifest/package_json.hpp"
#include "core/glob.hpp"
#include "core/json_util.hpp"
#include "core/timing.hpp"
#include "core/yaml.hpp"

namespace archgate::analyzers {

using core::Result;

Result<PnpmWorkspace> parse_pnpm_workspace(std::string path, std::string_view text) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  PnpmWorkspace out;
  fy_node* root = fy_document_root(doc->get());
  if (!root) {
    return out;
  }
  if (!fy_node_is_mapping(root)) {
    return core::fail(std::move(path), "expected a mapping at the top level", 1, 1);
  }
  fy_node* packages = core::yaml_get(root, "packages");
  if (packages && !fy_node_is_null(packages)) {
    if (!fy_node_is_sequence(packages)) {
      auto [line, col] = core::yaml_position(packages);
      return core::fail(std::move(path), "\"packages\" must be a list of globs", line, col);
    }
    void* iter = nullptr;
    fy_node* item = nullptr;
    while ((item = fy_node_sequence_iterate(packages, &iter)) != nullptr) {
      auto s = core::yaml_scalar(item);
      if (!s) {
        return core::fail(std::move(path), "\"packages\" entries must be strings");
      }
      out.packages.emplace_back(*s);
    }
  }
  // `catalog:` is the "default" catalog, `catalogs:` the named ones.
  auto read = [&](fy_node* map, const std::string& name) -> Result<void> {
    if (!map || fy_node_is_null(map)) {
      return {};
    }
    if (!fy_node_is_mapping(map)) {
      auto [line, col] = core::yaml_position(map);
      return core::fail(path, "catalog \"" + name + "\" must map package names to specs", line,
                        col);
    }
    auto& cat = out.catalogs[name];
    bool ok = true;
    core::yaml_for_each_pair(map, [&](std::string_view pkg, fy_node* value) {
      auto spec = core::yaml_scalar(value);
      if (!spec || pkg.empty()) {
        ok = false;
        return;
      }
      cat[std::string(pkg)] = {std::string(*spec), path, core::yaml_position(value).first};
    });
    if (!ok) {
      return core::fail(path, "catalog \"" + name + "\" entries must be `package: spec` strings");
    }
    return {};
  };
  core::yaml_for_each_pair(core::yaml_get(root, "overrides"), [&](std::string_view k, fy_node* v) {
    if (auto spec = core::yaml_scalar(v); spec && !k.empty()) {
      out.overrides[std::string(k)] = std::string(*spec);
    }
  });
  if (auto r = read(core::yaml_get(root, "catalog"), "default"); !r) {
    return std::unexpected(r.error());
  }
  Result<void> named;
  core::yaml_for_each_pair(core::yaml_get(root, "catalogs"), [&](std::string_view name, fy_node* m) {
    if (named) {
      named = read(m, std::string(name));
    }
  });
  if (!named) {
    return std::unexpected(named.error());
  }
  return out;
}

namespace {

// Directories of every package.json below the root matching the workspace
// patterns (with `!` exclusions), sorted.
std::vector<std::string> discover_workspaces(const core::Snapshot& snap,
                                             const std::vector<std::string>& patterns) {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  for (const auto& p : patterns) {
    std::string_view pat = p;
    bool neg = pat.starts_with("!");
    if (neg) {
      pat.remove_prefix(1);
    }
    while (pat.starts_with("./")) {
      pat.remove_prefix(2);
    }
    (neg ? exclude : include).emplace_back(pat);
  }
  if (include.empty()) {
    return {};
  }
  // Only descend where some pattern could still match: a pattern's literal
  // prefix (before any glob character) bounds the search.
  auto could_contain = [&](std::string_view dir) {
    for (const auto& p : include) {
      auto glob = p.find_first_of("*?[{");
      std::string_view lit = std::string_view(p).substr(0, glob);
      if (glob != std::string::npos || true) {
        // dir must be a prefix of the literal part, or extend it
        if (lit.starts_with(dir) || std::string_view(dir).starts_with(lit)) {
          if (glob == std::string::npos) {
            // a literal path: dir must be a prefix of it
            if (std::string_view(p).starts_with(dir)) {
              return true;
            }
            continue;
          }
          return true;
        }
      }
    }
    return false;
  };
  std::vector<std::string> out;
  for (const auto& file : snap.walk("", could_contain)) {
    auto slash = file.rfind('/');
    auto base = slash == std::string::npos ? std::string_view(file)
                                           : std::string_view(file).substr(slash + 1);
    if (base != "package.json" || slash == std::string::npos) {
      continue;
    }
    std::string dir = file.substr(0, slash);
    bool in = std::any_of(include.begin(), include.end(),
                          [&](const std::string& p) { return core::glob_match(p, dir); });
    bool out_ = std::any_of(exclude.begin(), exclude.end(),
                            [&](const std::string& p) { return core::glob_match(p, dir); });
    if (in && !out_) {
      out.push_back(dir);
    }
  }
  return out;
}

int manager_rank(std::string_view file) {
  static constexpr std::string_view k_order[] = {"npm-shrinkwrap.json", "package-lock.json",
                                                 "pnpm-lock.yaml", "yarn.lock", "bun.lock"};
  for (int i = 0; i < 5; ++i) {
    if (file == k_order[i]) {
      return i;
    }
  }
  return 9;
}

}  // namespace

Result<core::Project> load_project(const core::Snapshot& snap, const LoadOptions& options) {
  if (!snap.is_dir("")) {
    return core::fail(snap.describe(), "not a directory");
  }
  core::Project project;
  project.root_description = snap.describe();

  if (snap.stat("package.json")) {
    auto text = snap.read("package.json");
    if (!text) {
      project.input_errors.push_back(text.error());
    } else {
      auto m = parse_package_json("package.json", *text);
      if (m) {
        project.root = std::move(*m);
      } else {
        project.input_errors.push_back(m.error());
      }
    }
  }

  // Workspaces: package.json `workspaces`, or pnpm-workspace.yaml.
  if (project.root && project.root->has_workspaces) {
    project.workspace_patterns = project.root->workspaces;
    project.workspace_source = "package.json";
  }
  if (snap.is_file("pnpm-workspace.yaml")) {
    auto text = snap.read("pnpm-workspace.yaml");
    if (text) {
      auto ws = parse_pnpm_workspace("pnpm-workspace.yaml", *text);
      if (ws) {
        project.catalogs = std::move(ws->catalogs);
        project.pnpm_overrides = std::move(ws->overrides);
        // pnpm reads only pnpm-workspace.yaml (a package.json `workspaces`
        // beside it is for other tools): in a pnpm project its list wins.
        // Seen on novuhq/novu, whose package.json lists packages/* while the
        // YAML excludes two of them with `!`.
        bool pnpm_project = snap.is_file("pnpm-lock.yaml") ||
                            (project.root && project.root->package_manager.starts_with("pnpm@"));
        if (!ws->packages.empty() && (project.workspace_patterns.empty() || pnpm_project)) {
          project.workspace_patterns = std::move(ws->packages);
          project.workspace_source = "pnpm-workspace.yaml";
        }
      } else {
        project.input_errors.push_back(ws.error());
      }
    } else {
      project.input_errors.push_back(text.error());
    }
  }
  for (const auto& dir : discover_workspaces(snap, project.workspace_patterns)) {
    auto path = dir + "/package.json";
    auto text = snap.read(path);
    if (!text) {
      project.input_errors.push_back(text.error());
      continue;
    }
    auto m = parse_package_json(path, *text);
    if (!m) {
      project.input_errors.push_back(m.error());
      continue;
    }
    project.workspaces.push_back(std::move(*m));
  }

  // Lockfiles at the root. Their bytes are kept until one is chosen, so the
  // chosen one is read from disk once.
  std::vector<std::pair<std::string, std::shared_ptr<std::string>>> contents;
  bool bun_binary = false;
  for (const auto& entry : snap.list("")) {
    if (entry.name == "bun.lockb" && entry.kind != core::EntryKind::directory) bun_binary = true;
    if (!is_lockfile_name(entry.name)) {
      continue;
    }
    if (entry.kind == core::EntryKind::directory) {
      project.input_errors.push_back(
          core::Error{entry.name, 0, 0, "is a directory, expected a lockfile"});
      continue;
    }
    core::ScopedTiming timing("read lockfile");  // ARCHGATE_TIMINGS=1
    auto text = snap.read(entry.name);
    if (!text) {
      project.input_errors.push_back(text.error());
      continue;
    }
    const auto* reader = find_reader(entry.name, *text);
    contents.emplace_back(entry.name, std::make_shared<std::string>(std::move(*text)));
    if (!reader) {
      project.input_errors.push_back(core::Error{
          entry.name, 1, 1, "unrecognised lockfile content; archgate cannot read this format"});
      continue;
    }
    project.lockfiles.push_back(
        {entry.name, std::string(reader->manager()), std::string(reader->id())});
  }
  if (bun_binary && project.lockfiles.empty()) {
    // Seen on midday-ai/v1: a bun project with only bun.lockb was told it
    // had no lockfile (an error), and `inventory` said none was found.
    project.unread_lockfile =
        "bun.lockb is bun's binary lockfile, which archgate does not read; bun 1.2 and later write the text "
        "bun.lock (`bun install --save-text-lockfile` converts an existing one)";
  }
  if (project.lockfiles.empty() && project.unread_lockfile.empty()) {
    // Separate projects side by side, each with its own lockfile and none
    // at the root (seen on Mintplex-Labs/anything-llm: server/, collector/
    // and frontend/ each have a yarn.lock): say where they are, instead of
    // only "no lockfile was read". Two levels down, outside workspaces.
    std::vector<std::string> nested;
    std::set<std::string> workspace_dirs;
    for (const auto& w : project.workspaces) workspace_dirs.insert(w.dir);
    auto look = [&](const std::string& dir) {
      if (workspace_dirs.count(dir)) return;
      for (const auto& e : snap.list(dir)) {
        if (e.kind != core::EntryKind::file) continue;
        if (!project.root && e.name == "package.json") project.nested_manifests.push_back(core::join_path(dir, e.name));
        if (is_lockfile_name(e.name)) {
          nested.push_back(core::join_path(dir, e.name));
          break;
        }
      }
    };
    for (const auto& top : snap.list("")) {
      if (top.kind != core::EntryKind::directory || top.name.starts_with(".") || top.name == "node_modules") continue;
      look(top.name);
      for (const auto& sub : snap.list(top.name)) {
        if (sub.kind != core::EntryKind::directory || sub.name.starts_with(".") || sub.name == "node_modules") continue;
        look(core::join_path(top.name, sub.name));
      }
    }
    if (!nested.empty()) {
      std::string list;
      for (std::size_t i = 0; i < nested.size() && i < 4; ++i) list += (i ? ", " : "") + nested[i];
      if (nested.size() > 4) list += " and " + std::to_string(nested.size() - 4) + " more";
      auto dir = nested.front().substr(0, nested.front().rfind('/'));
      project.nested_lockfiles =
          "no lockfile at the root; " + list +
          (nested.size() == 1 ? " is the lockfile of a separate project: run archgate on it"
                              : " are lockfiles of separate projects: run archgate on each") +
          " (archgate check " + dir + ")";
    }
  }
  std::sort(project.lockfiles.begin(), project.lockfiles.end(),
            [](const core::LockfileRef& a, const core::LockfileRef& b) {
              return manager_rank(a.path) < manager_rank(b.path);
            });
  if (!project.lockfiles.empty()) {
    // The manager named by packageManager wins; else the first by rank.
    const core::LockfileRef* chosen = &project.lockfiles.front();
    if (project.root && !project.root->package_manager.empty()) {
      auto pm = std::string_view(project.root->package_manager);
      pm = pm.substr(0, pm.find('@'));
      for (const auto& l : project.lockfiles) {
        if (l.manager == pm) {
          chosen = &l;
          break;
        }
      }
    }
    project.lockfile = *chosen;
  }
  if (options.read_graph && project.lockfile) {
    std::shared_ptr<std::string> text;
    for (auto& [name, bytes] : contents) {
      if (name == project.lockfile->path) {
        text = std::move(bytes);
      }
    }
    contents.clear();
    {
      LockfileInput input;
      input.path = project.lockfile->path;
      input.content = std::move(text);
      core::json::ensure_padding(*input.content);
      input.snapshot = &snap;
      input.root_manifest = project.root ? &*project.root : nullptr;
      for (const auto& w : project.workspaces) {
        input.workspace_manifests.push_back(&w);
      }
      const auto* reader = find_reader(project.lockfile->path, *input.content);
      auto graph = reader->read(input);
      if (graph) {
        project.graph = std::move(*graph);
      } else {
        project.input_errors.push_back(graph.error());
      }
    }
  }
  return project;
}

}  // namespace archgate::analyzers
