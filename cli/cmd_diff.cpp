// archgate diff BASE [HEAD]: a dependency review of a change. Reads the
// lockfile at BASE and at HEAD (a git revision, or the working tree when
// HEAD is omitted) through git snapshots, compares the locked packages by
// name@version (any formats, also across a change of package manager), and
// scores only what the change touches: registry metadata and advisories are
// asked for those names alone. See docs/diff.md.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <unordered_map>

#include "analyzers/pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/dep_diff.hpp"
#include "core/git_snapshot.hpp"
#include "core/snapshot.hpp"
#include "reports/diff_report.hpp"
#include "rules/engine.hpp"

namespace archgate::cli {

namespace {

struct DiffOptions {
  std::string base;
  std::string head;  // "" = the working tree
  std::string path = ".";
  std::string format = "text";
  std::string output;
  std::string today;
  std::string cache_dir;
  std::string config;
  std::vector<std::string> fail_on;
  bool offline = false;
  bool no_advisories = false;
  int concurrency = 16;
  int timeout_seconds = 30;
};

analyzers::PipelineOptions pipeline_options(const DiffOptions& o) {
  analyzers::PipelineOptions p;
  p.settings_file = o.config;
  p.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  std::string today = o.today.empty() ? system_today() : o.today;
  p.adjust_settings = [today](core::Settings& s) { s.today = today; };
  p.registry = o.offline ? analyzers::RegistryAccess::offline : analyzers::RegistryAccess::online;
  p.registry_cache_dir = o.cache_dir.empty() ? std::string() : o.cache_dir + "/registry";
  p.advisories = !o.no_advisories;
  p.client.concurrency = o.concurrency;
  p.client.read_timeout = std::chrono::seconds(o.timeout_seconds);
  p.client.connect_timeout = std::chrono::seconds(std::min(o.timeout_seconds, 10));
  p.source_facts = false;
  p.deps_explain = false;
  return p;
}

std::string key_of(std::string_view name, std::string_view version) {
  return std::string(name) + "@" + std::string(version);
}

// The deps analysis of one side, for the names in `names` only.
struct Scored {
  std::optional<analyzers::Facts> facts;
  std::unordered_map<std::string, const deps::PackageReport*> by_key;
  const deps::PackageReport* find(std::string_view name, std::string_view version) const {
    auto it = by_key.find(key_of(name, version));
    return it == by_key.end() ? nullptr : it->second;
  }
};

core::Result<Scored> score_side(const core::Snapshot& snap, const DiffOptions& o, std::set<std::string> names,
                                std::vector<core::Error>& errors) {
  Scored s;
  if (names.empty()) return s;
  auto popts = pipeline_options(o);
  auto shared = std::make_shared<std::set<std::string>>(std::move(names));
  popts.deps_only = [shared](std::string_view n) { return shared->count(std::string(n)) > 0; };
  Progress progress("registry metadata");
  popts.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  auto facts = analyzers::run_pipeline(snap, analyzers::pass_bit(analyzers::Pass::deps), popts);
  if (!facts) return std::unexpected(facts.error());
  errors.insert(errors.end(), facts->errors.begin(), facts->errors.end());
  s.facts = std::move(*facts);
  if (s.facts->deps) {
    for (const auto& p : s.facts->deps->report.packages) s.by_key.emplace(key_of(p.name, p.version), &p);
  }
  return s;
}

bool runs_install_code(const deps::PackageReport& p) { return p.install.known && p.install.runs_code(); }

void fill(core::DependencyChange& c, const deps::PackageReport& p) {
  c.overall = p.scores.overall;
  c.maintenance = p.scores.maintenance;
  c.install_scripts_score = p.scores.install_scripts;
  c.weight = p.scores.weight;
  c.limited_by = p.limited_by;
  c.maintenance_label = p.maintenance->label;
  c.deprecated = p.maintenance->deprecated;
  c.license_known = p.license.known;
  c.license = p.license.expression;
  c.install_known = p.install.known;
  c.install_scripts = p.install.scripts;
  if (p.install.gypfile) c.install_scripts.emplace_back("install", "node-gyp rebuild (binding.gyp)");
  if (c.install_scripts.empty() && p.install.lockfile_flag.value_or(false)) c.install_scripts.emplace_back("install", "");
  c.advisories_known = p.advisories->known;
  for (const auto& a : p.advisories->list) {
    if (a.affected) c.advisories.push_back({a.ghsa.empty() ? a.id : a.ghsa, a.severity, a.title, a.url});
  }
}

core::Result<std::unique_ptr<core::Snapshot>> open_side(const DiffOptions& o, const std::string& rev) {
  if (rev.empty()) return std::unique_ptr<core::Snapshot>(std::make_unique<core::WorkingTreeSnapshot>(o.path));
  auto s = core::GitSnapshot::revision(o.path, rev);
  if (!s) return std::unexpected(s.error());
  return std::unique_ptr<core::Snapshot>(std::move(*s));
}

int run_diff(const DiffOptions& o) {
  return_large_allocations();
  for (const auto& f : o.fail_on) {
    if (f != "install-scripts" && f != "advisories" && f != "added" && f != "never") {
      return report_error("--fail-on " + f + ": expected install-scripts, advisories, added or never");
    }
  }
  auto base_snap = open_side(o, o.base);
  if (!base_snap) return report_error(base_snap.error().to_string());
  auto head_snap = open_side(o, o.head);
  if (!head_snap) return report_error(head_snap.error().to_string());

  // The lockfile graphs of both sides (the project pass only).
  auto load = [&](const core::Snapshot& snap) {
    return analyzers::run_pipeline(snap, analyzers::pass_bit(analyzers::Pass::project), pipeline_options(o));
  };
  auto base = load(**base_snap);
  if (!base) return report_error("at " + o.base + ": " + base.error().to_string());
  auto head = load(**head_snap);
  if (!head) return report_error("at " + (o.head.empty() ? std::string("the working tree") : o.head) + ": " +
                                 head.error().to_string());
  std::vector<core::Error> errors = base->errors;
  errors.insert(errors.end(), head->errors.begin(), head->errors.end());
  const auto* bg = base->project && base->project->graph ? &*base->project->graph : nullptr;
  const auto* hg = head->project && head->project->graph ? &*head->project->graph : nullptr;
  if (!bg && !hg) {
    print_errors(errors);
    return report_error("no lockfile could be read at " + o.base + " or at " +
                        (o.head.empty() ? std::string("the working tree") : o.head) +
                        ": `archgate diff` compares the locked packages");
  }
  core::DependencyGraph empty;
  auto diff = core::diff_graphs(bg ? *bg : empty, hg ? *hg : empty);
  diff.base.label = o.base;
  diff.head.label = o.head.empty() ? "working tree" : o.head;
  if (auto* g = dynamic_cast<const core::GitSnapshot*>(base_snap->get())) diff.base.commit = g->commit();
  if (auto* g = dynamic_cast<const core::GitSnapshot*>(head_snap->get())) diff.head.commit = g->commit();

  // Score what the change touches: the new versions at the head, the old
  // versions of upgrades and downgrades at the base (to tell a new install
  // script from an old one).
  std::set<std::string> head_names;
  std::set<std::string> base_names;
  for (const auto& c : diff.changes) {
    if (c.kind != core::ChangeKind::removed) head_names.insert(c.name);
    if (c.kind == core::ChangeKind::upgraded || c.kind == core::ChangeKind::downgraded) base_names.insert(c.name);
  }
  auto head_scores = score_side(**head_snap, o, head_names, errors);
  if (!head_scores) return report_error(head_scores.error().to_string());
  auto base_scores = score_side(**base_snap, o, base_names, errors);
  if (!base_scores) return report_error(base_scores.error().to_string());
  std::set<std::string> missing;
  for (auto& c : diff.changes) {
    if (c.kind == core::ChangeKind::removed) continue;
    const auto* now = head_scores->find(c.name, c.to);
    if (!now) continue;
    fill(c, *now);
    if (!now->maintenance->known && now->registry) missing.insert(c.name);
    const auto* before = c.kind == core::ChangeKind::added ? nullptr : base_scores->find(c.name, c.from);
    c.new_install_script = runs_install_code(*now) &&
                           (c.kind == core::ChangeKind::added || (before && before->install.known && !runs_install_code(*before)));
  }
  diff.missing_metadata.assign(missing.begin(), missing.end());
  if (head_scores->facts && head_scores->facts->deps) diff.advisories_problem = head_scores->facts->deps->advisories_problem;

  Output out(o.output);
  if (o.format == "json") {
    reports::write_diff_json(diff, out.stream());
  } else if (o.format == "markdown") {
    reports::write_diff_markdown(diff, out.stream());
  } else {
    reports::write_diff_text(diff, out.stream());
  }
  if (!out.finish()) return k_exit_error;
  // Both sides ask the same registry: one line per distinct problem.
  std::set<std::string> said;
  std::erase_if(errors, [&](const core::Error& e) { return !said.insert(e.to_string()).second; });
  print_errors(errors);
  if (!errors.empty()) return k_exit_error;
  auto wants = [&](std::string_view what) { return std::find(o.fail_on.begin(), o.fail_on.end(), what) != o.fail_on.end(); };
  for (const auto& c : diff.changes) {
    bool hit = (wants("install-scripts") && c.new_install_script) ||
               (wants("advisories") && c.kind != core::ChangeKind::removed && !c.advisories.empty()) ||
               (wants("added") && c.kind == core::ChangeKind::added);
    if (hit) return k_exit_findings;
  }
  return k_exit_ok;
}

}  // namespace

Command setup_diff(CLI::App& parent) {
  auto opts = std::make_shared<DiffOptions>();
  auto* app = parent.add_subcommand(
      "diff",
      "Review the dependency changes between two revisions: packages added, removed,\n"
      "upgraded and downgraded, with scores, new install scripts, licences and advisories.\n"
      "Examples: archgate diff origin/main            (the working tree against origin/main)\n"
      "          archgate diff origin/main HEAD --format markdown > review.md");
  app->add_option("base", opts->base, "The revision to compare against (commit, tag, branch)")->required();
  app->add_option("head", opts->head, "The revision under review (default: the working tree)");
  app->add_option("--path,-C", opts->path, "Project folder inside the repository (default: .)")
      ->check(CLI::ExistingDirectory);
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "markdown", "json"}))
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  app->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when the change brings: install-scripts (new ones), advisories, added (any "
                  "package); repeatable. Default: never")
      ->allow_extra_args(false);
  app->add_option("--config", opts->config, "Settings file (default: archgate.toml in each revision)");
  app->add_flag("--offline", opts->offline, "Use cached registry metadata only; unknown scores show as ?");
  app->add_flag("--no-advisories", opts->no_advisories, "Do not ask the registry for advisories");
  app->add_option("--cache-dir", opts->cache_dir,
                  "Cache folder (default: $ARCHGATE_CACHE_DIR, $XDG_CACHE_HOME/archgate, ~/.cache/archgate)");
  app->add_option("--concurrency", opts->concurrency, "Parallel registry connections")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app->add_option("--timeout", opts->timeout_seconds, "Registry read timeout in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_diff(*opts); }};
}

}  // namespace archgate::cli
