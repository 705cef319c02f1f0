// lockfile/missing, lockfile/multiple, lockfile/out-of-sync.
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzers/lockfiles/reader.hpp"
#include "core/semver.hpp"
#include "rules/engine.hpp"

namespace archgate::rules {

using core::EdgeKind;

void check_lockfile_presence(RuleContext& ctx, const analyzers::Facts& /*facts*/) {
  const auto& p = ctx.project;
  // A lockfile that exists but cannot be read (a directory by that name,
  // content no reader knows) is an input error, reported with exit 2; it is
  // not a missing lockfile.
  for (const auto& e : p.input_errors) {
    bool recognised = std::any_of(p.lockfiles.begin(), p.lockfiles.end(),
                                  [&](const core::LockfileRef& l) { return l.path == e.file; });
    if (analyzers::is_lockfile_name(e.file) && !recognised) {
      ctx.cannot_check("lockfile/missing", e.file + " could not be read");
      ctx.cannot_check("lockfile/multiple", e.file + " could not be read");
      return;
    }
  }
  if (p.lockfiles.empty() && !p.unread_lockfile.empty()) {
    ctx.cannot_check("lockfile/missing", p.unread_lockfile);
    ctx.cannot_check("lockfile/multiple", p.unread_lockfile);
    return;
  }
  if (p.lockfiles.empty()) {
    std::size_t declared = 0;
    if (p.root) {
      for (const auto& d : p.root->dependencies) {
        declared += d.kind != EdgeKind::peer ? 1 : 0;
      }
    }
    for (const auto& w : p.workspaces) {
      for (const auto& d : w.dependencies) {
        declared += d.kind != EdgeKind::peer ? 1 : 0;
      }
    }
    if (declared > 0) {
      auto& f = ctx.emit("lockfile/missing",
                         std::to_string(declared) +
                             " dependencies are declared but no lockfile is present",
                         {"package.json", 0, 0});
      if (!p.nested_lockfiles.empty()) f.evidence.push_back(p.nested_lockfiles);
      if (p.root && !p.root->package_manager.empty()) {
        auto pm = p.root->package_manager.substr(0, p.root->package_manager.find('@'));
        f.remediation = "Run `" + pm + " install` and commit the lockfile it writes.";
      }
    }
    return;
  }
  std::set<std::string> managers;
  for (const auto& l : p.lockfiles) {
    managers.insert(l.manager);
  }
  if (managers.size() > 1) {
    std::string names;
    for (const auto& l : p.lockfiles) {
      names += (names.empty() ? "" : ", ") + l.path;
    }
    auto& f = ctx.emit("lockfile/multiple",
                       "lockfiles of " + std::to_string(managers.size()) +
                           " package managers are present: " + names,
                       {p.lockfiles.front().path, 0, 0});
    if (p.lockfile) {
      f.evidence.push_back("archgate read " + p.lockfile->path +
                           (p.root && !p.root->package_manager.empty()
                                ? " (packageManager: " + p.root->package_manager + ")"
                                : " (no packageManager field; chosen by precedence)"));
    }
  }
}

namespace {

// The semver range inside a spec, or "" when the spec is not a registry
// range (git, file, link, workspace, catalog, a dist-tag...).
std::string_view range_of(std::string_view spec) {
  if (spec.starts_with("npm:")) {
    spec.remove_prefix(4);
    auto at = spec.rfind('@');
    if (at == std::string_view::npos || at == 0) {
      return "*";
    }
    return spec.substr(at + 1);
  }
  return spec;
}

// The package a yarn `resolutions` key names: "ms", "**/ms", "parent/ms",
// "@s/x", "parent/@s/x", "ms@^2.1.0" all end in the package they pin.
std::string_view resolution_target(std::string_view key) {
  auto slash = key.rfind('/');
  std::string_view last = slash == std::string_view::npos ? key : key.substr(slash + 1);
  std::string_view name = last;
  if (slash != std::string_view::npos && slash > 0) {
    auto before = key.substr(0, slash);
    auto prev = before.rfind('/');
    auto seg = prev == std::string_view::npos ? before : before.substr(prev + 1);
    if (seg.starts_with('@')) {
      name = key.substr(slash - seg.size());  // "@s/x…"
    }
  }
  if (auto at = name.find('@', 1); at != std::string_view::npos) {
    name = name.substr(0, at);
  }
  return name;
}

// The names the root manifest forces to a version of its own: yarn
// `resolutions`, npm `overrides` (any depth) or pnpm overrides (which also
// rewrite the specifier pnpm records for importers). The lockfile then
// legitimately holds a version outside a declared range. Collected once per
// check, not per dependency.
std::set<std::string, std::less<>> forced_names(const core::Project& p) {
  std::set<std::string, std::less<>> out;
  if (!p.root) {
    return out;
  }
  for (const auto& [key, value] : p.root->resolutions) {
    out.emplace(resolution_target(key));
  }
  // pnpm: "foo", "foo@<2", "foo@>=3.0.0 <3.1.31", "parent>foo",
  // "parent@1>foo@2". As pnpm parses it, a '>' separates parent and target
  // only after a character that is not ' ', '|' or '@': the '>' of a range
  // (">=3.0.0", "<1 || >2") does not.
  auto pnpm_target = [](std::string_view key) {
    for (std::size_t i = 1; i < key.size(); ++i) {
      if (key[i] == '>' && key[i - 1] != ' ' && key[i - 1] != '|' && key[i - 1] != '@') {
        key = key.substr(i + 1);
        break;
      }
    }
    if (auto at = key.find('@', 1); at != std::string_view::npos) {
      key = key.substr(0, at);
    }
    return key;
  };
  for (const auto* overrides : {&p.root->pnpm_overrides, &p.pnpm_overrides}) {
    for (const auto& [key, value] : *overrides) {
      out.emplace(pnpm_target(key));
    }
  }
  if (p.root->overrides_json.empty()) {
    return out;
  }
  auto doc = nlohmann::json::parse(p.root->overrides_json, nullptr, false);
  std::vector<const nlohmann::json*> todo{&doc};
  while (!todo.empty()) {
    const auto* j = todo.back();
    todo.pop_back();
    if (!j->is_object()) {
      continue;
    }
    for (auto it = j->begin(); it != j->end(); ++it) {
      std::string_view k = it.key();
      if (auto at = k.find('@', 1); at != std::string_view::npos) {
        k = k.substr(0, at);
      }
      out.emplace(k);
      todo.push_back(&it.value());
    }
  }
  return out;
}

}  // namespace

void check_lockfile_drift(RuleContext& ctx, const analyzers::Facts& /*facts*/) {
  const auto& p = ctx.project;
  if (!p.graph || !p.lockfile) {
    ctx.cannot_check("lockfile/out-of-sync", p.no_lockfile_reason());
    return;
  }
  const auto& g = *p.graph;
  // Importer nodes by directory.
  std::map<std::string_view, core::NodeId> importers;
  for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
    if (g.is_importer(id)) {
      importers.emplace(g.nodes[id].role == core::NodeRole::root ? std::string_view{}
                                                                  : g.nodes[id].path,
                        id);
    }
  }
  const auto forced = forced_names(p);
  std::vector<const core::Manifest*> manifests;
  if (p.root) {
    manifests.push_back(&*p.root);
  }
  for (const auto& w : p.workspaces) {
    manifests.push_back(&w);
  }
  for (const auto* m : manifests) {
    auto it = importers.find(m->dir);
    if (it == importers.end()) {
      if (!m->dependencies.empty()) {
        ctx.emit("lockfile/out-of-sync",
                 "workspace " + (m->name.empty() ? m->dir : m->name) + " is not in " +
                     p.lockfile->path,
                 {m->path, 1, 1});
      }
      continue;
    }
    auto edges = g.out_edges(it->second);
    for (const auto& d : m->dependencies) {
      // A name may be declared in two blocks (react as a peer and a dev
      // dependency): compare with the edge of the same block when the
      // lockfile records one, else with any edge of that name.
      auto same_block = [&](core::EdgeKind k) {
        return k == d.kind || (d.kind == EdgeKind::peer && k == EdgeKind::peer_optional);
      };
      const core::Edge* edge = nullptr;
      for (const auto& e : edges) {
        if (e.name == d.name && (edge == nullptr || (!same_block(edge->kind) && same_block(e.kind)))) {
          edge = &e;
        }
      }
      core::Location loc{m->path, d.pos.line, d.pos.column};
      std::string block(core::to_string(d.kind));
      // A peer range is a promise to consumers, not an install: it is judged
      // only against a peer edge the lockfile records (pnpm, yarn and bun
      // importers record none), never against the dev or prod edge of the
      // same name.
      if (d.kind == EdgeKind::peer && (!edge || !same_block(edge->kind))) {
        continue;
      }
      if (!edge) {
        auto& f = ctx.emit("lockfile/out-of-sync",
                           d.name + " is declared in " + block + " but absent from " +
                               p.lockfile->path,
                           loc);
        f.package = d.name;
        continue;
      }
      if (edge->spec != d.spec && !edge->spec.empty() && !forced.contains(d.name)) {
        auto& f = ctx.emit("lockfile/out-of-sync",
                           d.name + ": " + m->path + " wants \"" + d.spec + "\" but " +
                               p.lockfile->path + " was written for \"" +
                               std::string(edge->spec) + "\"",
                           loc);
        f.package = d.name;
        continue;
      }
      if (edge->to == core::k_no_node) {
        if (d.kind == EdgeKind::optional || d.kind == EdgeKind::peer) {
          continue;
        }
        // Declared in two blocks (a `condition:` spec in dependencies, a
        // plain range in devDependencies): yarn locks one of them, and the
        // package is installed through the other edge.
        bool resolved_elsewhere = std::any_of(edges.begin(), edges.end(), [&](const core::Edge& e) {
          return e.name == d.name && &e != edge && e.to != core::k_no_node;
        });
        if (resolved_elsewhere) {
          continue;
        }
        auto& f = ctx.emit("lockfile/out-of-sync",
                           d.name + "@" + d.spec + " is not resolved in " + p.lockfile->path,
                           loc);
        f.package = d.name;
        continue;
      }
      const auto& target = g.nodes[edge->to];
      if (target.role != core::NodeRole::package || target.source != core::Source::registry) {
        continue;
      }
      auto range = core::semver::Range::parse(range_of(d.spec));
      auto version = core::semver::parse_version(target.version);
      if (!range || !version) {
        continue;  // a dist-tag or a protocol we do not judge here
      }
      if (!range->satisfies(*version) && !forced.contains(d.name)) {
        auto& f = ctx.emit("lockfile/out-of-sync",
                           d.name + " is locked at " + std::string(target.version) +
                               ", outside the declared range \"" + d.spec + "\"",
                           loc);
        f.package = d.name + "@" + std::string(target.version);
        auto lc = g.location(target.offset);
        f.evidence.push_back(p.lockfile->path + ":" + std::to_string(lc.line) + ":" +
                             std::to_string(lc.column) + ": locked here");
      }
    }
  }
}

}  // namespace archgate::rules
