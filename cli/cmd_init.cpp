// archgate init [PATH]: writes a commented archgate.toml for the project it
// finds: what archgate read (package manager, workspaces, the Node.js line
// production runs), every section with its defaults, and boundaries
// suggested from the project's folders. A suggested boundary that holds
// today is written as a rule, so it guards the layering from now on; one
// that the code breaks today is written commented out, with the count and an
// example. Never overwrites a settings file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "analyzers/pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/terminal.hpp"
#include "core/snapshot.hpp"
#include "core/text.hpp"
#include "rules/engine.hpp"
#include "rules/rule.hpp"

namespace archgate::cli {

namespace {

struct InitOptions {
  std::string path = ".";
  bool print = false;
};

// Folder names by layer. `web` receives requests; `data` talks to the
// database; `shared` is imported by the others and imports none of them.
// Models and entities are not `data`: MVC controllers use them by design.
const std::set<std::string, std::less<>> k_web = {"routes", "route", "controllers", "controller", "handlers",
                                                  "api", "http", "resolvers", "endpoints", "rest"};
const std::set<std::string, std::less<>> k_data = {"db", "database", "repositories", "repository", "repos",
                                                   "prisma", "dal", "persistence", "drizzle"};
const std::set<std::string, std::less<>> k_shared = {"shared", "common", "utils", "util", "lib", "helpers"};
const std::set<std::string, std::less<>> k_service = {"services", "service", "domain", "usecases", "use-cases",
                                                      "application"};
// Database clients a web layer should reach through the data layer.
const std::set<std::string, std::less<>> k_db_clients = {
    "pg", "postgres", "mysql", "mysql2", "mongodb", "mongoose", "knex", "typeorm", "sequelize",
    "@prisma/client", "drizzle-orm", "better-sqlite3", "sqlite3", "@mikro-orm/core", "kysely"};

struct Suggestion {
  core::BoundaryRule rule;
  std::size_t violations = 0;
  std::string example;  // "src/routes/a.ts imports src/db/client.ts"
};

// A path archgate can put in a glob and a TOML string as it is: valid UTF-8,
// no control character, none of the glob's special characters (core/glob
// has no escape). A suggestion on any other path is left out: written, it
// would be invalid or match nothing while saying it holds.
bool plain_path(std::string_view p) {
  if (core::find_invalid_utf8(p)) return false;
  return std::none_of(p.begin(), p.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f || c == '*' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}';
  });
}

// Text for a TOML comment: control characters and invalid UTF-8 as '?'.
std::string comment_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  while (auto bad = core::find_invalid_utf8(out)) out[*bad] = '?';
  return out;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

// The folders under each source root (a workspace's `src/`, else the
// workspace itself) that hold scanned files: root → folder names.
std::map<std::string, std::set<std::string>> source_folders(const core::ModuleGraph& g) {
  std::set<std::string> with_src;
  for (const auto& f : g.files) {
    auto base = f.workspace.empty() ? std::string("src/") : f.workspace + "/src/";
    if (f.path.starts_with(base)) with_src.insert(f.workspace);
  }
  std::map<std::string, std::set<std::string>> out;
  for (const auto& f : g.files) {
    if (!f.skipped.empty() || !plain_path(f.path)) continue;
    std::string base = f.workspace.empty() ? "" : f.workspace + "/";
    if (with_src.count(f.workspace)) base += "src/";
    if (!f.path.starts_with(base)) continue;
    auto rest = std::string_view(f.path).substr(base.size());
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) continue;
    out[base].insert(std::string(rest.substr(0, slash)));
  }
  return out;
}

std::vector<std::string> globs(const std::string& base, const std::set<std::string>& names,
                               const std::set<std::string, std::less<>>& layer) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (layer.count(n)) out.push_back(base + n + "/**");
  }
  return out;
}

std::vector<Suggestion> suggest(const analyzers::Facts& facts) {
  std::vector<Suggestion> out;
  const auto& g = facts.source->graph;
  const auto& project = *facts.project;
  for (const auto& [base, names] : source_folders(g)) {
    auto web = globs(base, names, k_web);
    auto data = globs(base, names, k_data);
    auto shared = globs(base, names, k_shared);
    std::string dir = base.ends_with("src/") ? base.substr(0, base.size() - 4) : base;
    if (!dir.empty()) dir.pop_back();
    // Named after the workspace folder (apps/api -> "apps-api-"): unique
    // when two workspaces end in the same name.
    std::string prefix = dir.empty() ? "" : dir + "-";
    std::replace(prefix.begin(), prefix.end(), '/', '-');
    const auto* manifest = project.manifest_at(dir);
    if (!web.empty() && !data.empty()) {
      Suggestion s;
      s.rule.name = prefix + "web-through-services";
      s.rule.from = web;
      s.rule.to = data;
      if (manifest) {
        for (const auto& d : manifest->dependencies) {
          if (k_db_clients.count(d.name) &&
              std::find(s.rule.to.begin(), s.rule.to.end(), d.name) == s.rule.to.end()) {
            s.rule.to.push_back(d.name);
          }
        }
      }
      s.rule.message = "request handlers reach the database through a service or repository";
      out.push_back(std::move(s));
    }
    auto services = globs(base, names, k_service);
    if (!services.empty() && !web.empty()) {
      Suggestion s;
      s.rule.name = prefix + "services-below-web";
      s.rule.from = services;
      s.rule.to = web;
      s.rule.message = "services do not know the web layer that calls them";
      out.push_back(std::move(s));
    }
    if (!shared.empty() && (!web.empty() || !data.empty())) {
      Suggestion s;
      s.rule.name = prefix + "shared-stays-below";
      s.rule.from = shared;
      s.rule.to = web;
      s.rule.to.insert(s.rule.to.end(), data.begin(), data.end());
      s.rule.message = "shared code is imported by the layers, never the other way round";
      out.push_back(std::move(s));
    }
  }
  // A monorepo's libraries do not import its applications: by the top
  // folders its source is in (workspaces or not, as in an Nx repository),
  // and by the names of the application workspaces.
  auto is_app = [](std::string_view top) { return top == "apps" || top == "services"; };
  auto is_lib = [](std::string_view top) {
    return top == "packages" || top == "libs" || top == "lib" || top == "modules";
  };
  std::set<std::string> app_tops;
  std::set<std::string> lib_tops;
  for (const auto& f : g.files) {
    auto slash = f.path.find('/');
    if (slash == std::string::npos || f.path.find('/', slash + 1) == std::string::npos || !plain_path(f.path)) {
      continue;
    }
    auto top = f.path.substr(0, slash);
    if (is_app(top)) app_tops.insert(top + "/**");
    if (is_lib(top)) lib_tops.insert(top + "/**");
  }
  std::vector<std::string> app_names;
  for (const auto& w : project.workspaces) {
    if (is_app(w.dir.substr(0, w.dir.find('/'))) && !w.name.empty() && plain_path(w.name)) {
      app_names.push_back(w.name);
    }
  }
  // Only in a monorepo (workspaces, or an Nx/Turborepo/Lerna/Rush
  // repository): a single package's own lib/ and services/ are its layers.
  bool monorepo = !project.workspaces.empty();
  for (const char* marker : {"nx.json", "turbo.json", "lerna.json", "rush.json"}) {
    monorepo = monorepo || facts.snapshot->stat(marker).has_value();
  }
  if (monorepo && !app_tops.empty() && !lib_tops.empty()) {
    Suggestion s;
    s.rule.name = "libraries-not-apps";
    s.rule.from.assign(lib_tops.begin(), lib_tops.end());
    s.rule.to.assign(app_tops.begin(), app_tops.end());
    s.rule.to.insert(s.rule.to.end(), app_names.begin(), app_names.end());
    s.rule.message = "shared packages must not depend on the applications that use them";
    out.push_back(std::move(s));
  }
  for (auto& s : out) {
    for (const auto& e : g.edges) {
      if (!rules::crosses_boundary(s.rule, g, e)) continue;
      if (s.violations++ == 0) {
        s.example = comment_text(g.files[e.from].path + ":" + std::to_string(e.line) + " imports " + e.to);
      }
    }
  }
  return out;
}

void write_boundary(std::ostream& out, const Suggestion& s) {
  std::string c = s.violations ? "# " : "";
  if (s.violations) {
    out << "# Suggested, but " << s.violations << (s.violations == 1 ? " import breaks" : " imports break")
        << " it today (e.g. " << s.example << ").\n# Uncomment once they are fixed.\n";
  } else {
    out << "# Holds today: keeps it that way.\n";
  }
  out << c << "[[boundaries]]\n"
      << c << "name = " << toml_string(s.rule.name) << "\n"
      << c << "from = " << toml_list(s.rule.from) << "\n"
      << c << "to = " << toml_list(s.rule.to) << "\n"
      << c << "message = " << toml_string(s.rule.message) << "\n\n";
}

std::string render(const analyzers::Facts& facts, const std::vector<Suggestion>& suggestions,
                   const std::string& today) {
  const auto& project = *facts.project;
  std::ostringstream out;
  out << "# archgate settings, written by `archgate init` on " << today << ".\n"
      << "# Every key is optional: what is commented out is the default. Reference:\n"
      << "# docs/configuration.md; `archgate check` reads this file from the project root.\n#\n"
      << "# What archgate found:\n";
  if (project.lockfile) {
    out << "#   package manager: " << project.lockfile->manager << " (" << comment_text(project.lockfile->path) << ")\n";
  } else {
    out << "#   package manager: none found (no lockfile: `archgate check` reports lockfile/missing)\n";
  }
  if (!project.workspaces.empty()) {
    out << "#   workspaces: " << project.workspaces.size();
    if (!project.workspace_source.empty()) out << " (from " << project.workspace_source << ")";
    out << ": ";
    for (std::size_t i = 0; i < project.workspaces.size() && i < 8; ++i) {
      out << (i ? ", " : "") << comment_text(project.workspaces[i].dir);
    }
    out << (project.workspaces.size() > 8 ? ", …" : "") << "\n";
  } else {
    out << "#   workspaces: none (a single package)\n";
  }
  if (facts.runtime) {
    const auto& a = facts.runtime->analysis;
    if (a.production.empty()) {
      out << "#   Node.js in production: not pinned (runtime/unpinned: `archgate runtime` shows where to pin)\n";
    } else {
      out << "#   Node.js in production: ";
      for (std::size_t i = 0; i < a.production.size(); ++i) out << (i ? ", " : "") << a.production[i];
      std::set<std::string> where;
      for (const auto& p : a.pins) {
        if (p.pin.role == analyzers::runtime::PinRole::runtime && where.size() < 4) where.insert(p.pin.file);
      }
      if (!where.empty()) {
        out << " (";
        std::size_t i = 0;
        for (const auto& w : where) out << (i++ ? ", " : "") << comment_text(w);
        out << ")";
      }
      out << (a.production.size() > 1 ? " — more than one line: see `archgate runtime`" : "") << "\n";
    }
  }
  if (facts.source) {
    out << "#   source files: " << facts.source->graph.files.size() << ", imports: " << facts.source->graph.edges.size()
        << "\n";
  }
  out << "\n[lockfile]\n"
      << "# Hosts (or registry URLs) that lockfile/unexpected-host accepts besides the registries\n"
      << "# configured in .npmrc / .yarnrc.yml / bunfig.toml and the package managers' defaults.\n"
      << "# allowed-hosts = [\"npm.internal.example.com\"]\n\n"
      << "[runtime]\n"
      << "# runtime/eol-soon fires this many days before a pinned line's end of life.\n"
      << "# eol-soon-days = 180\n\n"
      << "[deps]\n"
      << "# deps/unmaintained: no release for this many days (finished packages excepted).\n"
      << "# unmaintained-days = 730\n"
      << "# deps/heavy: a direct dependency whose subtree holds at least this many packages.\n"
      << "# heavy-threshold = 100\n"
      << "# deps/license: SPDX ids allowed or denied (docs/rules/deps-license.md).\n"
      << "# license-allow = [\"MIT\", \"ISC\", \"Apache-2.0\", \"BSD-2-Clause\", \"BSD-3-Clause\", \"0BSD\"]\n"
      << "# license-deny = [\"AGPL-3.0-only\", \"AGPL-3.0-or-later\"]\n\n"
      << "[hygiene]\n"
      << "# Source files that are dev-only (or production) beyond the defaults (tests, stories,\n"
      << "# configs, scripts/, tools/): docs/dependency-hygiene.md.\n"
      << "# dev = [\"tools/**\"]\n"
      << "# production = [\"scripts/migrate.ts\"]\n\n"
      << "[checklist]\n"
      << "# Items that do not apply here, with the reason (shown as n/a); `archgate explain ITEM`.\n"
      << "# skip = { workers = \"no queues in this service\" }\n\n"
      << "[rules]\n"
      << "# Severity per rule id or glob: \"off\", \"error\", \"warning\" or \"note\"; the last match wins.\n"
      << "# \"runtime/floating\" = \"warning\"\n\n"
      << "# source/boundary: which files may import what. Each rule: `from` globs, `to` globs or\n"
      << "# package names, optional mode = \"allow-only\" (docs/configuration.md#boundaries).\n";
  if (suggestions.empty()) {
    out << "# No layer folders (routes, controllers, db, repositories, shared, ...) were found to suggest\n"
        << "# boundaries from. An example:\n"
        << "# [[boundaries]]\n"
        << "# name = \"routes-no-db\"\n"
        << "# from = [\"src/routes/**\"]\n"
        << "# to = [\"src/db/**\", \"pg\"]\n"
        << "# message = \"route handlers go through services\"\n";
  }
  for (const auto& s : suggestions) write_boundary(out, s);
  auto text = out.str();
  while (text.ends_with("\n\n")) text.pop_back();
  return text;
}

int run_init(const InitOptions& o) {
  namespace fs = std::filesystem;
  for (const char* name : {"archgate.toml", ".archgate.toml"}) {
    auto existing = fs::path(o.path) / name;
    if (!o.print && fs::exists(existing)) {
      return report_error(existing.string() + " exists: left as it is (`archgate init --print` shows what init would write)");
    }
  }
  core::WorkingTreeSnapshot snap(o.path);
  analyzers::PipelineOptions popts;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  popts.source_facts = false;  // references only
  auto today = system_today();
  popts.adjust_settings = [today](core::Settings& s) { s.today = today; };
  auto facts = analyzers::run_pipeline(snap,
                                       analyzers::pass_bit(analyzers::Pass::project) |
                                           analyzers::pass_bit(analyzers::Pass::runtime) |
                                           analyzers::pass_bit(analyzers::Pass::source),
                                       popts);
  if (!facts) return report_error(facts.error().to_string());
  if (!facts->project->root) {
    // A package.json that does not parse is not "no package.json".
    for (const auto& e : facts->project->input_errors) return report_error(e.to_string());
    return report_error(o.path + " has no package.json: run `archgate init` in a Node.js project's root");
  }
  auto suggestions = suggest(*facts);
  auto text = render(*facts, suggestions, today);
  if (o.print) {
    std::cout << text;
    return k_exit_ok;
  }
  auto file = fs::path(o.path) / "archgate.toml";
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) return report_error(file.string() + ": cannot write");
  std::size_t active = 0;
  for (const auto& s : suggestions) active += s.violations == 0 ? 1 : 0;
  std::string what = "wrote " + file.string();
  if (!suggestions.empty()) {
    auto n = suggestions.size();
    auto off = n - active;
    if (active == n) {
      what += n == 1 ? ": the suggested boundary holds today and is on"
                     : ": the " + std::to_string(n) + " suggested boundaries hold today and are on";
    } else {
      what += ": " + std::to_string(active) + " of " + std::to_string(n) + " suggested boundaries hold today and " +
              (active == 1 ? "is" : "are") + " on; " +
              (off == 1 ? "the other is commented out, with an import that breaks it"
                        : "the others are commented out, with an import that breaks each");
    }
  }
  info(what);
  bool plain = o.path.find_first_of(" \t'\"$`\\*?[]{}()&;|<>!#~") == std::string::npos;
  std::string shown = plain ? o.path : shell_quote(o.path);
  hint("run `archgate check " + shown + "`; every setting is explained in the file");
  return k_exit_ok;
}

}  // namespace

Command setup_init(CLI::App& parent) {
  auto opts = std::make_shared<InitOptions>();
  auto* app = parent.add_subcommand(
      "init",
      "Write a commented archgate.toml for the project: what archgate found (package manager,\n"
      "workspaces, the Node.js line production runs), every setting with its default, and\n"
      "boundaries suggested from the project's folders (on when they hold today). Never\n"
      "overwrites an existing archgate.toml or .archgate.toml.\n"
      "Example: archgate init && archgate check");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_flag("--print", opts->print, "Print the file instead of writing it");
  return {app, [opts] { return run_init(*opts); }};
}

}  // namespace archgate::cli
