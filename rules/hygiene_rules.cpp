// Dependency hygiene: what the manifests declare against what the code, the
// scripts and the configuration use (analyzers/source/usage.hpp).
//
//   source/unused-dependency         declared, nothing uses it
//   source/undeclared-dependency     imported, the workspace does not declare it
//   source/dev-dependency-in-production  production code imports a devDependency
//   source/types-without-package     @types/x without x
//   source/misplaced-dependency      in dependencies, only types or tests use it
//   source/unused-ignore             a [[hygiene.ignore]] entry that matches nothing
//
// One finding per (manifest, package): the import sites are its evidence.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/glob.hpp"
#include "rules/engine.hpp"
#include "rules/source_paths.hpp"

namespace archgate::rules {

namespace {

using analyzers::source::DeclaredUsage;
using analyzers::source::DependencyUse;
using analyzers::source::UseKind;

bool any_glob(const std::vector<std::string>& globs, std::string_view path) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return core::glob_match(g, path); });
}

std::string_view block_of(core::EdgeKind k) {
  switch (k) {
    case core::EdgeKind::prod: return "dependencies";
    case core::EdgeKind::dev: return "devDependencies";
    case core::EdgeKind::optional: return "optionalDependencies";
    default: return "peerDependencies";
  }
}

std::string where(const DependencyUse& u) {
  if (u.where.empty()) return u.via;
  std::string s = u.where;
  if (u.line > 0) {
    s += ':';
    s += std::to_string(u.line);
  }
  s += " (";
  s += u.via;
  s += ')';
  return s;
}

std::string list_some(const std::vector<std::string>& items, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > max) out += " and " + std::to_string(items.size() - max) + " more";
  return out;
}

class Hygiene {
 public:
  Hygiene(RuleContext& ctx, const analyzers::Facts& facts)
      : m_ctx(ctx), m_facts(facts), m_usage(*facts.usage), m_src(*facts.source), m_settings(facts.settings) {
    m_ignore_used.assign(m_settings.hygiene_ignores.size(), false);
  }

  void run() {
    for (const auto& d : m_usage.declared) declared(d);
    undeclared();
    stale_ignores();
  }

 private:
  RuleContext& m_ctx;
  const analyzers::Facts& m_facts;
  const analyzers::source::UsageFacts& m_usage;
  const analyzers::source::SourceFacts& m_src;
  const core::Settings& m_settings;
  std::vector<bool> m_ignore_used;

  bool production(std::string_view path) const {
    if (any_glob(m_settings.hygiene_production, path)) return true;
    if (any_glob(m_settings.hygiene_dev, path)) return false;
    if (m_usage.tooling_files.count(std::string(path))) return false;
    return !dev_only_path(path);
  }

  // A workspace that is itself test or tooling code (dev-packages/e2e, an
  // *-integration-tests package): a file at its top is not production.
  bool tooling_workspace(const std::string& workspace) const {
    return !workspace.empty() && !production(workspace + "/index.js");
  }

  // A [[hygiene.ignore]] entry covers this (rule, workspace, package).
  bool ignored(std::string_view rule, const std::string& workspace, const std::string& package) {
    bool hit = false;
    for (std::size_t i = 0; i < m_settings.hygiene_ignores.size(); ++i) {
      const auto& ig = m_settings.hygiene_ignores[i];
      if (!core::glob_match(ig.package, package)) continue;
      if (!ig.workspace.empty() && !core::glob_match(ig.workspace, workspace.empty() ? "." : workspace)) continue;
      if (!ig.rules.empty() && std::find(ig.rules.begin(), ig.rules.end(), rule.substr(7)) == ig.rules.end()) continue;
      m_ignore_used[i] = true;
      hit = true;
    }
    return hit;
  }

  const core::Manifest* manifest(const std::string& dir) const { return m_facts.project->manifest_at(dir); }

  // A workspace whose build inlines its imports (a frontend bundle, a
  // bundled library): its devDependencies reach production by design. The
  // bundler may be declared at the root of a monorepo, or configured by a
  // file in the workspace.
  bool bundles(const core::Manifest& m) const {
    const auto& project = *m_facts.project;
    if (project.root && &*project.root != &m && declares_bundler(*project.root)) return true;
    for (const auto& c : m_src.config_files) {
      auto base = std::string_view(c).substr(c.rfind('/') == std::string::npos ? 0 : c.rfind('/') + 1);
      bool in_ws = m.dir.empty() ? c.find('/') == std::string::npos : c.starts_with(m.dir + "/") && c.find('/', m.dir.size() + 1) == std::string::npos;
      if (!in_ws) continue;
      for (std::string_view b : {"rollup.config.", "vite.config.", "tsup.config.", "webpack.config.", "tsdown.config.",
                                 "rolldown.config.", "esbuild.config.", "build.config."}) {
        if (base.starts_with(b)) return true;
      }
    }
    return declares_bundler(m);
  }

  static bool declares_bundler(const core::Manifest& m) {
    static const std::set<std::string, std::less<>> k_bundlers = {
        "vite", "next", "nuxt", "react-scripts", "@angular/core", "@angular/cli", "webpack", "parcel",
        "@sveltejs/kit", "astro", "gatsby", "@remix-run/dev", "expo", "react-native", "@vue/cli-service",
        "tsup", "tsdown", "rollup", "esbuild", "unbuild", "microbundle", "@vercel/ncc", "electron-vite",
        "@rsbuild/core", "@rspack/cli", "vitepress", "@docusaurus/core", "wxt", "plasmo"};
    return std::any_of(m.dependencies.begin(), m.dependencies.end(),
                       [](const core::DeclaredDep& d) { return k_bundlers.count(d.name) > 0; });
  }

  // Installs only its dependencies where it runs: a published package, or a
  // service started with node.
  // An application: private, or started with a start script.
  // (A root package that describes no published surface — no exports, no
  // types — is the project itself.)
  static bool application(const core::Manifest& m) {
    return m.is_private || m.scripts.count("start") > 0 || (m.dir.empty() && m.exports_json.empty() && m.types.empty());
  }

  static bool ships_without_dev(const core::Manifest& m) {
    if (!application(m) && !m.name.empty()) return true;
    auto start = m.scripts.find("start");
    if (start == m.scripts.end()) return false;
    for (std::string_view runner : {"node ", "node\t", "nest start", "pm2", "ts-node ", "tsx "}) {
      if (start->second.find(runner) != std::string::npos) return true;
    }
    return false;
  }

  // Where archgate looked, for the evidence (the message stays one line:
  // seen at 565 characters, listing .prettierrc twice).
  std::string searched_for_unused(const DeclaredUsage& d) const {
    const analyzers::source::UsageFacts::Searched* s = nullptr;
    for (const auto& x : m_usage.searched) {
      if (x.manifest == d.manifest) s = &x;
    }
    std::string why = "not imported by any of " + std::to_string(s ? s->files : 0) + " source files";
    why += ", not a binary in its " + std::to_string(s ? s->scripts : 0) + " scripts or CI";
    if (s && !s->configs.empty()) {
      auto configs = s->configs;
      std::sort(configs.begin(), configs.end());
      configs.erase(std::unique(configs.begin(), configs.end()), configs.end());
      why += ", not named in " + list_some(configs, 3);
    } else {
      why += ", no configuration file names it";
    }
    return why + ", not a peer or optional dependency of another dependency";
  }

  void declared(const DeclaredUsage& d) {
    const auto& name = d.dep.name;
    core::Location loc{d.manifest, d.dep.pos.line, d.dep.pos.column};
    if (d.uses.empty()) {
      if (name.starts_with("@types/")) {
        if (ignored("source/types-without-package", d.workspace, name)) return;
        std::string target = analyzers::source::typed_package(name);
        bool declared_unused = false;
        for (const auto& other : m_usage.declared) {
          declared_unused = declared_unused || (other.dep.name == target && other.uses.empty() &&
                                                (other.manifest == d.manifest || other.workspace.empty()));
        }
        auto& f = m_ctx.emit("source/types-without-package",
                             name + " is declared in " + std::string(block_of(d.dep.kind)) + " but " + target +
                                 (declared_unused ? " is unused too: remove both"
                                                  : " is neither declared nor imported anywhere in the project"),
                             loc);
        f.package = name;
        f.subject = d.manifest + " " + name;
        f.remediation = "Remove " + name + " from " + d.manifest + " (or add " + target + " if the code needs it).";
        f.cause = "@types packages without their package";
        return;
      }
      if (ignored("source/unused-dependency", d.workspace, name)) return;
      std::string elsewhere;
      if (auto it = m_usage.imported_at.find(d.dep.name); it != m_usage.imported_at.end()) {
        elsewhere = "; " + it->second + " imports it, outside what this manifest serves: declare it there";
      }
      auto& f = m_ctx.emit("source/unused-dependency",
                           name + " is declared in " + std::string(block_of(d.dep.kind)) + " but nothing uses it" +
                               elsewhere,
                           loc);
      f.evidence.push_back(searched_for_unused(d));
      // devDependencies, and any dependency of a test or tooling workspace.
      if (d.dep.kind != core::EdgeKind::prod || tooling_workspace(d.workspace)) {
        f.severity = core::Severity::note;
      }
      f.package = name;
      f.subject = d.manifest + " " + name;
      f.remediation = "Remove it (`" + remove_command(*m_facts.project, name) + "` in " +
                      (d.workspace.empty() ? "the root" : d.workspace) +
                      "), or, if something loads it by a computed name, record why in archgate.toml under "
                      "[[hygiene.ignore]].";
      f.cause = d.dep.kind == core::EdgeKind::prod ? "dependencies nothing uses" : "devDependencies nothing uses";
      return;
    }
    // Used: by what, and from where.
    bool any_prod_runtime = false;
    bool any_import = false;
    bool only_imports = true;
    bool only_types = true;
    const DependencyUse* first_prod = nullptr;
    std::size_t prod_sites = 0;
    for (const auto& u : d.uses) {
      bool import = u.kind == UseKind::import_runtime || u.kind == UseKind::import_type;
      if (!import) {
        only_imports = false;
        if (u.kind != UseKind::types_pair) only_types = false;
        continue;
      }
      any_import = true;
      if (u.kind == UseKind::import_runtime) only_types = false;
      if (u.kind == UseKind::import_runtime && production(u.where)) {
        any_prod_runtime = true;
        ++prod_sites;
        if (!first_prod) first_prod = &u;
      }
    }
    const core::Manifest* m = manifest(d.workspace);
    // A workspace that is itself test or tooling code (dev-packages/e2e,
    // an *-integration-tests package): nothing in it is production.
    if (tooling_workspace(d.workspace)) return;
    if (d.dep.kind == core::EdgeKind::dev && !d.also_prod && any_prod_runtime && m && ships_without_dev(*m) &&
        !bundles(*m) && !ignored("source/dev-dependency-in-production", d.workspace, name)) {
      auto& f = m_ctx.emit("source/dev-dependency-in-production",
                           first_prod->where + " imports " + name + ", which " + d.manifest +
                               " declares in devDependencies: an install without dev dependencies (" +
                               (application(*m) ? production_install_command(*m_facts.project) + " in the image" : "every consumer's install") +
                               ") does not have it",
                           {first_prod->where, first_prod->line, first_prod->column});
      f.package = name;
      f.subject = d.manifest + " " + name;
      f.related.push_back(loc);
      std::size_t shown = 0;
      for (const auto& u : d.uses) {
        if (u.kind != UseKind::import_runtime || !production(u.where) || &u == first_prod) continue;
        if (++shown > 5) break;
        f.evidence.push_back(u.where + ":" + std::to_string(u.line) + " imports it too");
      }
      if (prod_sites > 6) f.evidence.push_back("and " + std::to_string(prod_sites - 6) + " more production imports");
      f.remediation = "Move " + name + " to dependencies in " + d.manifest + ".";
      f.cause = "devDependencies imported by production code";
      return;
    }
    if (d.dep.kind == core::EdgeKind::prod && any_import && only_imports && m && application(*m)) {
      if (only_types) {
        if (ignored("source/misplaced-dependency", d.workspace, name)) return;
        auto& f = m_ctx.emit("source/misplaced-dependency",
                             name + " is in dependencies but only type imports use it (" + where(d.uses.front()) +
                                 "): it is erased at run time",
                             loc);
        f.package = name;
        f.subject = d.manifest + " " + name;
        f.remediation = "Move " + name + " to devDependencies: the production install does not need it.";
        f.cause = "dependencies that only type imports use";
      } else if (!any_prod_runtime) {
        if (ignored("source/misplaced-dependency", d.workspace, name)) return;
        auto& f = m_ctx.emit("source/misplaced-dependency",
                             name + " is in dependencies but only tests, scripts or configuration import it (" +
                                 where(d.uses.front()) + ")",
                             loc);
        f.package = name;
        f.subject = d.manifest + " " + name;
        f.remediation = "Move " + name + " to devDependencies, unless production code loads it in a way "
                        "archgate cannot see.";
        f.cause = "dependencies only dev code imports";
      }
    }
  }

  void undeclared() {
    const auto& g = m_src.graph;
    // (manifest, package) → its import edges, in edge order.
    std::map<std::pair<std::string, std::string>, std::vector<const analyzers::source::UndeclaredImport*>> groups;
    for (const auto& u : m_usage.undeclared) groups[{u.manifest, u.package}].push_back(&u);
    for (const auto& [key, list] : groups) {
      const auto& [manifest_path, package] = key;
      if (ignored("source/undeclared-dependency", list.front()->workspace, package)) continue;
      const analyzers::source::UndeclaredImport* first = nullptr;
      std::size_t prod = 0;
      for (const auto* u : list) {
        const auto& e = g.edges[u->edge];
        if (core::ModuleGraph::runtime(e) && production(g.files[e.from].path)) {
          if (!first) first = u;
          ++prod;
        }
      }
      const auto* shown = first ? first : list.front();
      const auto& e = g.edges[shown->edge];
      const auto& file = g.files[e.from].path;
      std::string today = shown->supplier.empty()
                              ? (m_facts.project->graph ? "no lockfile entry installs it: it fails wherever it runs"
                                                        : "there is no lockfile to say what supplies it")
                              : "today it resolves through hoisting to " + shown->supplier;
      auto& f = m_ctx.emit("source/undeclared-dependency",
                           file + " imports " + package + ", which " + manifest_path + " does not declare; " + today,
                           {file, e.line, e.column});
      if (!first) f.severity = core::Severity::note;  // tests, scripts, type-only imports
      f.package = package;
      f.subject = manifest_path + " " + package;
      std::size_t n = 0;
      std::set<std::string> files;
      for (const auto* u : list) files.insert(g.files[g.edges[u->edge].from].path);
      for (const auto* u : list) {
        if (u == shown) continue;
        const auto& x = g.edges[u->edge];
        if (++n > 5) break;
        f.evidence.push_back(g.files[x.from].path + ":" + std::to_string(x.line) + " imports it too");
      }
      if (list.size() > 6) f.evidence.push_back("and " + std::to_string(list.size() - 6) + " more imports");
      // Installed through hoisting: pin what already runs. Installed by
      // nothing: install it (or fix the import, if it names no package).
      f.remediation = "Declare " + package + " in " + manifest_path + " (" +
                      (first ? std::string("dependencies") : std::string("devDependencies")) + ")" +
                      (shown->supplier.empty()
                           ? " and install it, or fix the import if no package of that name is meant."
                           : ", at the version the lockfile installs today.");
      f.cause = first ? "imports of packages the workspace does not declare"
                      : "imports of undeclared packages by tests, scripts or type-only imports";
      (void)prod;
    }
  }

  void stale_ignores() {
    for (std::size_t i = 0; i < m_settings.hygiene_ignores.size(); ++i) {
      if (m_ignore_used[i]) continue;
      const auto& ig = m_settings.hygiene_ignores[i];
      auto& f = m_ctx.emit("source/unused-ignore",
                           "[[hygiene.ignore]] for " + ig.package +
                               (ig.workspace.empty() ? "" : " in " + ig.workspace) +
                               " matches no finding any more (" + ig.reason + ")",
                           {m_settings.file, ig.line, 1});
      f.subject = "hygiene.ignore " + ig.package + " " + ig.workspace;
      f.remediation = "Delete the entry: what it excused is gone.";
    }
  }
};

}  // namespace

void check_hygiene(RuleContext& ctx, const analyzers::Facts& facts) {
  if (!facts.usage || !facts.source) {
    for (auto id : {"source/unused-dependency", "source/undeclared-dependency", "source/dev-dependency-in-production",
                    "source/types-without-package", "source/misplaced-dependency", "source/unused-ignore"}) {
      ctx.cannot_check(id, "the source was not scanned");
    }
    return;
  }
  Hygiene(ctx, facts).run();
}

}  // namespace archgate::rules
