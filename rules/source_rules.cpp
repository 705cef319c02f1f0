// Source rules: what the module graph says about the code. Cycles (runtime
// edges only), imports that do not resolve, imports past a workspace
// package's exports, [[boundaries]] from archgate.toml, and files the scanner
// could not read or skipped.
#include <algorithm>
#include <string>

#include "core/glob.hpp"
#include "rules/engine.hpp"
#include "rules/source_paths.hpp"

namespace archgate::rules {

namespace {

bool orm_model(const analyzers::source::FileScan& scan) {
  for (const auto& d : scan.decorators) {
    auto name = std::string_view(d.name);
    if (auto dot = name.rfind('.'); dot != std::string_view::npos) name = name.substr(dot + 1);
    if (name == "Entity" || name == "Table" || name == "Model" || name == "Schema" || name == "ChildEntity" ||
        name == "ViewEntity" || name == "Document") {
      return true;
    }
  }
  return false;
}

// `@/x`, `~/x`, `$lib/x`: a bundler alias when it does not resolve.
std::string alias_prefix(std::string_view spec) {
  if (spec.starts_with("@/") || spec.starts_with("~/")) return std::string(spec.substr(0, 2));
  if (!spec.empty() && (spec.front() == '~' || spec.front() == '$')) {
    return std::string(spec.substr(0, spec.find('/')));
  }
  return {};
}

bool any_match(const std::vector<std::string>& globs, std::string_view value) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return core::glob_match(g, value); });
}

void check_cycles(RuleContext& ctx, const analyzers::source::SourceFacts& src) {
  const auto& g = src.graph;
  // Edges are grouped by file: where each file's edges start.
  const auto first_edge = core::edge_starts(g);
  for (const auto& c : core::find_cycles(g, /*include_types=*/false)) {
    if (c.cycle.size() < 2) continue;
    const auto& first = g.files[c.cycle[0]].path;
    // The edge that starts the shown cycle, for the location.
    core::Location loc{first, 0, 0};
    std::vector<std::string> steps;
    for (std::size_t i = 0; i + 1 < c.cycle.size(); ++i) {
      const auto& from = g.files[c.cycle[i]];
      int line = 0;
      int col = 0;
      for (std::size_t k = first_edge[c.cycle[i]]; k < g.edges.size() && g.edges[k].from == c.cycle[i]; ++k) {
        const auto& e = g.edges[k];
        if (e.to_file == static_cast<std::int32_t>(c.cycle[i + 1]) && core::ModuleGraph::runtime(e)) {
          line = e.line;
          col = e.column;
          break;
        }
      }
      if (i == 0) {
        loc.line = line;
        loc.column = col;
      }
      steps.push_back(from.path + ":" + std::to_string(line) + " imports " + g.files[c.cycle[i + 1]].path);
    }
    std::string chain;
    for (std::size_t i = 0; i < c.cycle.size(); ++i) {
      if (i) chain += " → ";
      chain += g.files[c.cycle[i]].path;
    }
    std::size_t n = c.files.size();
    std::string message = n == c.cycle.size() - 1
                              ? "import cycle: " + chain
                              : "import cycle among " + std::to_string(n) + " files, e.g. " + chain;
    auto& f = ctx.emit("source/cycle", std::move(message), loc);
    bool all_dev = true;
    bool all_models = true;
    for (auto v : c.files) {
      f.files.push_back(g.files[v].path);
      all_dev = all_dev && dev_only_path(g.files[v].path);
      all_models = all_models && v < src.scans.size() && orm_model(src.scans[v]);
    }
    f.evidence.assign(steps.begin(), steps.end());
    f.subject = "cycle through " + g.files[c.files.front()].path;
    f.cause = "import cycles";
    if (all_models) {
      f.severity = core::Severity::note;
      f.cause = "import cycles between ORM models (entities naming each other)";
      f.remediation = "Entities that reference each other are the ORM's normal shape; use the ORM's lazy "
                      "relation form (a function returning the class) so load order does not matter.";
    } else if (all_dev) {
      f.severity = core::Severity::note;
      f.cause = "import cycles among test files";
    }
  }
}

}  // namespace

void check_source(RuleContext& ctx, const analyzers::Facts& facts) {
  if (!facts.source) {
    for (auto id : {"source/cycle", "source/unresolved-import", "source/deep-import", "source/boundary",
                    "source/parse-error", "source/skipped-file"}) {
      ctx.cannot_check(id, "the source was not scanned");
    }
    return;
  }
  const auto& src = *facts.source;
  const auto& g = src.graph;

  for (const auto& p : src.lex_errors) {
    const auto& path = g.files[p.file].path;
    auto& f = ctx.emit("source/parse-error",
                       "does not lex: " + p.error.message + "; references after it are not read",
                       {path, p.error.pos.line, p.error.pos.column});
    f.subject = path;
    f.cause = "files do not lex (references after the error are not read)";
  }
  for (const auto& file : g.files) {
    if (file.skipped.empty()) continue;
    auto& f = ctx.emit("source/skipped-file", "not scanned: " + file.skipped, {file.path, 0, 0});
    f.subject = file.path;
    f.cause = "files are skipped as minified or generated";
  }

  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    const auto& e = g.edges[i];
    const auto& from = g.files[e.from].path;
    const auto& detail = src.details[i];
    if (e.resolved == core::Resolved::unresolved) {
      std::string msg = "'" + e.spec + "' does not resolve";
      if (!e.note.empty()) msg += ": " + e.note;
      auto& f = ctx.emit("source/unresolved-import", std::move(msg), {from, e.line, e.column});
      f.subject = e.spec;
      f.package = detail.package;
      if (e.kind == core::ModuleEdgeKind::type || dev_only_path(from)) f.severity = core::Severity::note;
      if (detail.aliased) {
        // tsconfig "paths" or baseUrl declares it; the files it points at
        // are missing. Generating them clears every import of them.
        f.cause = "imports through tsconfig \"paths\" or baseUrl point at files that do not exist (generated, or not "
                  "built yet?)";
        if (!detail.missing.empty()) f.root = detail.missing + ", which does not exist (generate or build it first)";
        f.remediation = "Generate or build those files before checking (as the build does before it type-checks), "
                        "or point the alias at files that exist.";
        if (detail.missing_ignored) {
          // .gitignore excludes the target: generated by design (seen on
          // umami: its Prisma client under src/generated/ ranked as the
          // first thing to fix). A note, not a defect of the code.
          f.severity = core::Severity::note;
          f.cause = "imports point at generated files that .gitignore excludes (not generated in this checkout)";
          f.root = detail.missing + " (generated; .gitignore excludes it)";
        }
      } else if (auto alias = detail.alias.empty() ? alias_prefix(e.spec) : detail.alias; !alias.empty()) {
        f.cause = "imports through \"" + alias + "\" do not resolve (a bundler alias tsconfig \"paths\" does not declare?)";
        f.root = "the alias \"" + alias + "\" (declare it in tsconfig.json \"paths\")";
        f.remediation = "Declare the alias in tsconfig.json compilerOptions.paths (e.g. \"" + alias +
                        "*\": [\"./src/*\"]) so TypeScript, editors and archgate resolve it like the bundler.";
      } else {
        f.cause = "imports do not resolve";
      }
      continue;
    }
    if (detail.deep) {
      bool relative = !e.spec.empty() && e.spec.front() == '.';
      std::string msg = relative ? "'" + e.spec + "' reaches into another workspace's files (" + e.to + ") by path"
                                 : "'" + e.spec + "' imports " + detail.package + " past its \"exports\" (" + e.to + ")";
      auto& f = ctx.emit("source/deep-import", std::move(msg), {from, e.line, e.column});
      f.subject = e.spec;
      f.package = detail.package;
      f.cause = relative ? "imports reach into another workspace's files by path"
                         : "imports go past a workspace package's \"exports\"";
      if (e.kind == core::ModuleEdgeKind::type || dev_only_path(from)) f.severity = core::Severity::note;
    }
  }

  check_cycles(ctx, src);

  for (const auto& b : ctx.config.boundaries) {
    for (const auto& e : g.edges) {
      if (!crosses_boundary(b, g, e)) continue;
      const auto& from = g.files[e.from].path;
      std::string msg = b.name + ": " + from + " imports " + e.to;
      if (b.allow_only) msg += " (only " + b.to.front() + (b.to.size() > 1 ? ", …" : "") + " is allowed)";
      if (!b.message.empty()) msg += " — " + b.message;
      auto& f = ctx.emit("source/boundary", std::move(msg), {from, e.line, e.column});
      f.subject = b.name + " " + e.to;
      f.cause = "imports cross the boundary \"" + b.name + "\"";
      f.root = "the boundary \"" + b.name + "\" (archgate.toml:" + std::to_string(b.line) + ")";
      if (e.resolved == core::Resolved::package) f.package = e.to;
    }
  }
}

bool crosses_boundary(const core::BoundaryRule& b, const core::ModuleGraph& g, const core::ModuleEdge& e) {
  if (!b.include_types && e.kind == core::ModuleEdgeKind::type) return false;
  if (!any_match(b.from, g.files[e.from].path)) return false;
  if (e.resolved == core::Resolved::file) {
    bool listed = any_match(b.to, e.to);
    return b.allow_only ? !listed : listed;
  }
  return e.resolved == core::Resolved::package && !b.allow_only && any_match(b.to, e.to);
}

}  // namespace archgate::rules
