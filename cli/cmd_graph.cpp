// archgate graph [PATH]: the module graph of the project's source, resolved
// without node_modules.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analyzers/pipeline.hpp"
#include "analyzers/source/resolver.hpp"
#include "cli/commands.hpp"
#include "cli/keep.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/snapshot.hpp"
#include "core/timing.hpp"
#include "reports/graph_report.hpp"
#include "rules/rule.hpp"

namespace archgate::cli {

namespace {

struct GraphOptions {
  std::string path = ".";
  std::string format = "text";
  std::string output;
  std::string focus;
  int collapse = 0;
  bool include_types = false;
};

// tsconfig problems, one line each, except the common case of a checkout
// without node_modules or generated files: many tsconfigs extending a
// config that is not there is one cause, said once with an example.
void warn_config_problems(const std::vector<std::string>& problems) {
  std::vector<const std::string*> missing_bases;
  std::size_t uninstalled = 0;
  for (const auto& p : problems) {
    if (auto package = analyzers::source::missing_extends(p)) {
      missing_bases.push_back(&p);
      if (*package) ++uninstalled;
      continue;
    }
    warning(p);
  }
  if (missing_bases.size() <= 3) {
    for (const auto* p : missing_bases) warning(*p);
    return;
  }
  warning(std::to_string(missing_bases.size()) + " tsconfig files extend a config that is not there (" +
          std::to_string(uninstalled) + " from packages not installed, " +
          std::to_string(missing_bases.size() - uninstalled) +
          " generated or missing files); their own compilerOptions were read. First: " + *missing_bases.front());
}

int run_graph(const GraphOptions& o) {
  core::WorkingTreeSnapshot snap(o.path);
  analyzers::PipelineOptions popts;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  popts.source_facts = false;  // references only
  popts.source_secrets = false;
  popts.lockfile_graph = false;  // the module graph names packages, not locked versions
  auto& facts = keep_until_exit(analyzers::run_pipeline(
      snap, analyzers::pass_bit(analyzers::Pass::project) | analyzers::pass_bit(analyzers::Pass::source), popts));
  if (!facts) return report_error(facts.error().to_string());
  for (const auto& e : facts->project->input_errors) {
    // Manifests that cannot be read change ownership and resolution: say so.
    warning(e.to_string());
  }
  auto& src = *facts->source;
  for (const auto& p : src.lex_errors) {
    warning(src.graph.files[p.file].path + ':' + std::to_string(p.error.pos.line) + ':' +
            std::to_string(p.error.pos.column) + ": " + p.error.message + " (references after it are not read)");
  }
  warn_config_problems(src.config_problems);
  reports::GraphView view;
  view.include_types = o.include_types;
  view.focus = o.focus;
  view.collapse = o.collapse;
  auto& graph = keep_until_exit(reports::select(std::move(src.graph), view));
  core::ScopedTiming timing("report");  // ARCHGATE_TIMINGS=1
  Output out(o.output);
  if (o.format == "json") {
    reports::write_graph_json(graph, out.stream());
  } else if (o.format == "dot") {
    reports::write_graph_dot(graph, out.stream());
  } else if (o.format == "mermaid") {
    reports::write_graph_mermaid(graph, out.stream());
  } else {
    reports::write_graph_text(graph, out.stream());
  }
  return out.finish() ? k_exit_ok : k_exit_error;
}

}  // namespace

Command setup_graph(CLI::App& parent) {
  auto opts = std::make_shared<GraphOptions>();
  auto* app = parent.add_subcommand(
      "graph",
      "The module graph of the project's JS/TS source: every import, export-from,\n"
      "require() and import() resolved as Node.js and TypeScript would, without\n"
      "node_modules (workspace packages map back to their source when their\n"
      "exports point at unbuilt dist/). Type-only edges are left out unless\n"
      "--include-types.\n"
      "Examples:\n"
      "  archgate graph . --format json > graph.json\n"
      "  archgate graph . --collapse 2 --format mermaid     # packages/x → packages/y\n"
      "  archgate graph . --focus 'src/routes/**' --format dot | dot -Tsvg > routes.svg");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "dot", "mermaid"}))
      ->capture_default_str();
  app->add_option("--focus", opts->focus,
                  "Only edges from or to files matching GLOB (or starting with that path)");
  app->add_option("--collapse", opts->collapse,
                  "Fold files into their first DEPTH path segments (folder-to-folder edges)")
      ->check(CLI::Range(0, 64));
  app->add_flag("--include-types", opts->include_types, "Keep type-only edges (import type, elided imports)");
  app->add_option("--output,-o", opts->output, "Write to FILE instead of stdout");
  return {app, [opts] { return run_graph(*opts); }};
}

}  // namespace archgate::cli
