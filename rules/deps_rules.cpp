// deps/* rules over the dependency graph and registry metadata.
//
// `archgate check` never touches the network: check_deps() reads registry
// metadata from the on-disk cache only (what `archgate deps` stored), so
// deps/unmaintained appears in `check` once `archgate deps` has run; the
// lockfile-recorded facts (deprecated, hasInstallScript) and the graph's
// weight need no metadata at all.
#include "rules/deps_rules.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "core/graph.hpp"
#include "core/string_index.hpp"
#include "core/text.hpp"
#include "rules/deps_policy_rules.hpp"
#include "rules/deps_scripts.hpp"
#include "rules/deps_vulnerable.hpp"
#include "rules/engine.hpp"

namespace archgate::rules {

core::Location package_location(const core::Project& project, const deps::PackageReport& p) {
  core::Location loc;
  if (!project.graph) {
    return loc;
  }
  loc.file = project.graph->lockfile_path;
  if (p.offset > 0 && !project.graph->text().empty()) {
    auto lc = project.graph->location(p.offset);
    loc.line = lc.line;
    loc.column = lc.column;
  }
  return loc;
}

void emit_deps_findings(RuleContext& ctx, const deps::DepsReport& report,
                        const deps::DepsSettings& settings, const deps::ScriptPolicy* policy,
                        const deps::RuntimeFloor* floor) {
  const deps::ScriptPolicy no_policy;
  for (const auto& p : report.packages) {
    // "name@version", built only for a package that has a finding.
    std::string id_text;
    auto id = [&]() -> const std::string& {
      if (id_text.empty()) id_text = core::concat({p.name, "@", p.version});
      return id_text;
    };
    const auto& m = *p.maintenance;
    if (!m.deprecated.empty()) {
      auto& f = ctx.emit("deps/deprecated", id() + " is deprecated: " + m.deprecated, package_location(ctx.project, p));
      f.package = id();
      f.cause = "packages are deprecated";
      if (m.known && !m.latest_deprecated && !m.latest.empty() && m.latest != p.version) {
        f.remediation = "Upgrade to " + p.name + "@" + m.latest + ", which is not deprecated.";
      }
    }
    if (m.known && !m.latest_deprecated && !m.finished && m.days_since_publish > settings.unmaintained_days) {
      auto& f = ctx.emit("deps/unmaintained",
                         fmt::format("{}: no release for {} days (last {}; threshold {} days), "
                                     "maintenance {} ({})",
                                     id(), m.days_since_publish, m.last_publish,
                                     settings.unmaintained_days, p.scores.maintenance, m.label),
                         package_location(ctx.project, p));
      f.package = id();
      f.cause = fmt::format("packages have had no release for over {} days",
                            settings.unmaintained_days);
    }
    if (p.install.runs_code()) {
      emit_install_script(ctx, p, policy ? *policy : no_policy, package_location(ctx.project, p));
    }
    // A dependency that brings nothing only through itself (exclusive
    // counts itself) costs nothing to keep: removing it removes no weight.
    if (p.direct && p.weight && p.weight->total >= settings.heavy_threshold &&
        p.weight->exclusive > 1) {
      auto& f = ctx.emit("deps/heavy",
                         fmt::format("{} brings {} packages ({} only through it, depth {}); "
                                     "threshold {}",
                                     id(), p.weight->total, p.weight->exclusive, p.weight->depth,
                                     settings.heavy_threshold),
                         package_location(ctx.project, p));
      f.package = id();
      f.cause = fmt::format("direct dependencies each bring {} or more packages",
                            settings.heavy_threshold);
    }
  }
  if (policy) {
    emit_stale_allowlist(ctx, report, *policy);
  }
  emit_vulnerable_findings(ctx, report);
  emit_policy_findings(ctx, report, floor ? *floor : deps::runtime_floor({}));
}

namespace {

// The index in report.packages of each "name@version" key, found by binary
// search (the packages are sorted: the direct ones, then the others, each
// by name and version); empty when the report has no node index or a key
// is not found.
std::vector<std::pair<std::uint32_t, const std::string*>> package_indices(
    const deps::DepsReport& report, const core::DependencyGraph& g, const std::set<std::string, std::less<>>& keys) {
  std::vector<std::pair<std::uint32_t, const std::string*>> out;
  if (report.package_of_node.size() != g.nodes.size()) return out;
  const auto& ps = report.packages;
  const auto direct_end = std::partition_point(ps.begin(), ps.end(), [](const deps::PackageReport& p) { return p.direct; });
  auto less = [](const deps::PackageReport& p, std::pair<std::string_view, std::string_view> nv) {
    const std::string_view name = p.name;
    return name != nv.first ? name < nv.first : std::string_view(p.version) < nv.second;
  };
  for (const auto& k : keys) {
    bool found = false;
    for (auto at = k.find('@', 1); at != std::string::npos; at = k.find('@', at + 1)) {
      const std::pair<std::string_view, std::string_view> nv{std::string_view(k).substr(0, at),
                                                             std::string_view(k).substr(at + 1)};
      for (auto [b, e] : {std::pair{ps.begin(), direct_end}, std::pair{direct_end, ps.end()}}) {
        auto it = std::lower_bound(b, e, nv, less);
        if (it != e && it->name == nv.first && it->version == nv.second) {
          out.emplace_back(static_cast<std::uint32_t>(it - ps.begin()), &k);
          found = true;
          break;
        }
      }
    }
    if (!found) return {};
  }
  return out;
}

// "name@version" → up to three direct dependencies that bring it, for the
// given keys only: the walk (core::direct_sources) runs when a finding on a
// transitive package needs it, and no entry is built for the thousands of
// packages without one.
std::map<std::string, std::vector<std::string>, std::less<>> brought_in_by(
    const core::DependencyGraph& g, const std::set<std::string, std::less<>>& keys,
    const core::SourceLists* known, const deps::DepsReport* report) {
  std::map<std::string, std::vector<std::string>, std::less<>> via;
  std::optional<core::SourceLists> walked;
  auto sources_of = [&]() -> const core::SourceLists& {
    if (known == nullptr && !walked) walked = core::direct_sources(g, analyzers::DepsFacts::k_sources_cap);
    return known != nullptr ? *known : *walked;
  };
  auto add_sources = [&](core::NodeId id, const std::string& key) {
    const auto& sources = sources_of();
    if (sources[id].empty() || std::find(sources[id].begin(), sources[id].end(), id) != sources[id].end()) return;
    auto& names = via[key];
    for (auto s : sources[id]) {
      std::string name(g.nodes[s].name);
      if (names.size() < analyzers::DepsFacts::k_sources_cap && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
  };
  // With the deps pass's node index, the nodes of the keys are found by
  // their package numbers: no node or name is read for the others (a scan
  // hashing 50,000 names was 3 ms of a large check).
  if (report != nullptr) {
    if (auto indices = package_indices(*report, g, keys); !indices.empty()) {
      std::vector<const std::string*> key_of(report->packages.size(), nullptr);
      for (const auto& [index, key] : indices) key_of[index] = key;
      for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
        const auto k = report->package_of_node[id];
        if (k != deps::DepsReport::k_not_a_package && key_of[k] != nullptr) add_sources(id, *key_of[k]);
      }
      return via;
    }
  }
  // Every split of a key at an '@' after its first character, as views:
  // nodes are matched by (name, version) without building a string each.
  using NameVersion = std::pair<std::string_view, std::string_view>;
  std::set<NameVersion> wanted;
  core::StringIndex wanted_names(2 * keys.size());  // a hash probe rules out most nodes
  for (const auto& k : keys) {
    for (auto at = k.find('@', 1); at != std::string::npos; at = k.find('@', at + 1)) {
      wanted.emplace(std::string_view(k).substr(0, at), std::string_view(k).substr(at + 1));
      wanted_names.emplace(std::string_view(k).substr(0, at), 0);
    }
  }
  for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
    const auto& n = g.nodes[id];
    if (n.role != core::NodeRole::package || wanted_names.find(n.name) == core::StringIndex::k_missing ||
        !wanted.contains(NameVersion{n.name, n.version})) {
      continue;
    }
    add_sources(id, std::string(n.name) + "@" + std::string(n.version));
  }
  return via;
}

// A finding about a direct dependency points at its declaration, which is
// what the user edits, with the lockfile entry beside it; one about a
// transitive package names the direct dependencies that bring it.
void place_findings(RuleContext& ctx, std::size_t first, const core::SourceLists* sources,
                    const deps::DepsReport& report) {
  const auto& project = ctx.project;
  const auto& g = *project.graph;
  // "name@version" of each direct dependency → the manifests whose
  // declaration resolves to that version (an importer edge to it).
  // (Under the name the manifest uses: an npm: alias differs from the package.)
  std::map<std::string, std::vector<std::pair<const core::Manifest*, std::string_view>>,
           std::less<>>
      declared_in;
  for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
    if (!g.is_importer(id)) {
      continue;
    }
    const auto* m = project.manifest_at(g.nodes[id].role == core::NodeRole::root
                                            ? std::string_view{}
                                            : g.nodes[id].path);
    if (m == nullptr) {
      continue;
    }
    for (const auto& e : g.out_edges(id)) {
      if (e.to == core::k_no_node) {
        continue;
      }
      const auto& t = g.nodes[e.to];
      declared_in[std::string(t.name) + "@" + std::string(t.version)].emplace_back(m, e.name);
    }
  }
  std::vector<std::size_t> transitive;  // findings on packages no manifest declares
  for (auto i = first; i < ctx.out.size(); ++i) {
    auto& f = ctx.out[i];
    if (f.package.empty() || f.location.file != g.lockfile_path) {
      continue;
    }
    if (auto it = declared_in.find(f.package); it != declared_in.end()) {
      for (const auto& [m, name] : it->second) {
        const core::DeclaredDep* decl = nullptr;
        for (const auto& dd : m->dependencies) {
          if (dd.name == name && dd.pos.line > 0) {
            decl = &dd;
            break;
          }
        }
        if (decl != nullptr) {
          f.related.push_back(f.location);
          f.location = {m->path, decl->pos.line, decl->pos.column};
          break;
        }
      }
    } else {
      transitive.push_back(i);
    }
  }
  if (transitive.empty()) return;
  std::set<std::string, std::less<>> keys;
  for (auto i : transitive) keys.insert(ctx.out[i].package);
  auto via = brought_in_by(g, keys, sources, &report);
  for (auto i : transitive) {
    auto& f = ctx.out[i];
    if (auto v = via.find(f.package); v != via.end() && !v->second.empty()) {
      f.via = v->second;
      std::string list;
      for (std::size_t k = 0; k < f.via.size(); ++k) {
        list += (k ? ", " : "") + f.via[k];
      }
      f.evidence.push_back("brought in by " + list);
    }
  }
}

}  // namespace

void check_deps(RuleContext& ctx, const analyzers::Facts& facts) {
  if (!ctx.project.graph || !facts.deps) {
    for (auto id : {"deps/deprecated", "deps/unmaintained", "deps/install-script", "deps/heavy",
                    "deps/stale-allowlist", "deps/vulnerable", "deps/license",
                    "deps/native-replacement"}) {
      ctx.cannot_check(id, ctx.project.no_lockfile_reason());
    }
    return;
  }
  const auto& d = *facts.deps;
  auto first = ctx.out.size();
  const deps::ScriptPolicy* policy = facts.config ? &facts.config->script_policy : nullptr;
  emit_deps_findings(ctx, d.report, d.settings, policy, &d.floor);
  place_findings(ctx, first, d.sources ? &*d.sources : nullptr, d.report);

  // Registry packages whose license, and whose install scripts, are
  // unknown: one pass over the reports for both.
  std::size_t unknown_license = 0;
  std::size_t unknown_scripts = 0;
  for (const auto& p : d.report.packages) {
    unknown_license += p.registry && !p.license.known ? 1 : 0;
    unknown_scripts += p.registry && !p.install.known ? 1 : 0;
  }
  // What the cache could not tell is "not checked", never "clean".
  if (d.registry_packages > 0 && d.with_metadata < d.registry_packages) {
    auto why = d.with_metadata == 0
                   ? "no registry metadata is cached for this project (" + d.cache_dir_shown +
                         "): run `archgate deps` once"
                   : fmt::format("registry metadata is cached for {} of {} packages: run "
                                 "`archgate deps` to fetch the rest",
                                 d.with_metadata, d.registry_packages);
    ctx.cannot_check("deps/unmaintained", why);
    ctx.cannot_check("deps/deprecated", why);
    if (unknown_license > 0) {
      ctx.cannot_check("deps/license",
                       fmt::format("the license of {} packages is unknown ({})", unknown_license,
                                   why));
    }
  }
  // Lockfiles that record no install-script flag (yarn 2+, pnpm 9+, npm v1)
  // leave it to registry metadata: without it, "clean" would be a guess
  // (seen on a yarn 4 monorepo locking better-sqlite3, with no allow-list).
  if (unknown_scripts > 0) {
    ctx.cannot_check("deps/install-script",
                     fmt::format("whether {} package{} run{} code at install time is unknown: {} records no "
                                 "install-script flags and the registry cache has no metadata for {}: run "
                                 "`archgate deps` once",
                                 unknown_scripts, unknown_scripts == 1 ? "" : "s", unknown_scripts == 1 ? "s" : "",
                                 ctx.project.graph->lockfile_path, unknown_scripts == 1 ? "it" : "them"));
  }
  if (!d.advisories_checked) {
    ctx.cannot_check("deps/vulnerable",
                     d.advisories_problem.empty()
                         ? std::string("no advisory data in the cache: run `archgate deps`")
                         : d.advisories_problem);
  }
}

}  // namespace archgate::rules
