// archgate check [PATH]: run every rule, print findings, gate on --fail-on.
#include <algorithm>
#include <iostream>
#include <fstream>
#include <memory>
#include <set>

#include "analyzers/pipeline.hpp"
#include "cli/audit.hpp"
#include "cli/commands.hpp"
#include "cli/keep.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/timing.hpp"

#include "core/baseline.hpp"
#include "core/git_snapshot.hpp"
#include "core/snapshot.hpp"
#include "reports/reporter.hpp"
#include "rules/engine.hpp"

namespace archgate::cli {

namespace {

struct CheckOptions {
  std::string path = ".";
  std::string format = "text";
  std::vector<std::string> fail_on{"error"};
  std::string output;
  std::string today;
  std::string config;             // --config FILE; default archgate.toml at PATH
  std::vector<std::string> only;  // rule-id globs to keep
  std::vector<std::string> skip;  // rule-id globs to drop
  bool all = false;               // list every finding, not one line per cause
  bool staged = false;            // --staged: the git index
  std::string rev;                // --rev REV
  std::string diff_base;          // --diff-base REV
  std::string baseline;           // --baseline FILE
};

// The snapshot `check` reads: the working tree, the index or a revision.
core::Result<std::unique_ptr<core::Snapshot>> target_snapshot(const CheckOptions& o) {
  if (o.staged && !o.rev.empty()) return core::fail("", "--staged and --rev cannot be combined: pick one snapshot");
  if (o.staged) {
    auto s = core::GitSnapshot::index(o.path);
    if (!s) return std::unexpected(s.error());
    return std::unique_ptr<core::Snapshot>(std::move(*s));
  }
  if (!o.rev.empty()) {
    auto s = core::GitSnapshot::revision(o.path, o.rev);
    if (!s) return std::unexpected(s.error());
    return std::unique_ptr<core::Snapshot>(std::move(*s));
  }
  return std::unique_ptr<core::Snapshot>(std::make_unique<core::WorkingTreeSnapshot>(o.path));
}

}  // namespace

core::Result<core::AuditResult> audit_snapshot(const core::Snapshot& snap, const std::string& config,
                                               const std::string& today, const rules::Selection& selection,
                                               bool last) {
  analyzers::PipelineOptions popts;
  popts.settings_file = config;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  popts.adjust_settings = [&](core::Settings& s) { s.today = today; };
  popts.registry = analyzers::RegistryAccess::cache_only;  // check never touches the network
  popts.deps_explain = false;  // no report of check prints the deps explanations
  popts.deps_sources = true;   // "brought in by" on transitive findings, worked out beside the early rules
  // Only the passes the selected rules read run (`--only 'runtime/*'` reads
  // no registry cache). archgate.toml can only turn rules off, so the
  // default settings give a superset of what is needed.
  core::Settings defaults;
  // The rule families that read no deps facts (the lockfile's hygiene, the
  // runtime pins) run beside the deps pass, on the second core.
  rules::EarlyFindings early;
  popts.beside_deps = [&](const analyzers::Facts& f, analyzers::PassSet ran) {
    early = rules::evaluate_early(f, selection, ran);
  };
  auto facts = analyzers::run_pipeline(snap, rules::passes_for(selection, defaults), popts);
  if (!facts) return std::unexpected(facts.error());
  core::ScopedTiming timing("rules");
  if (last) return rules::evaluate(keep_until_exit(std::move(*facts)), selection, std::move(early));
  return rules::evaluate(*facts, selection, std::move(early));
}

namespace {

int run_check(const CheckOptions& o) {
  rules::Selection selection{o.only, o.skip};
  if (auto bad = rules::unmatched_globs(selection); !bad.empty()) {
    for (const auto& u : bad) {
      std::string hint;
      for (std::size_t i = 0; i < u.suggestions.size(); ++i) {
        hint += (i ? ", " : "") + u.suggestions[i];
      }
      std::cerr << "archgate: error: --only/--skip '" << u.glob
                << "' matches no rule; closest: " << hint
                << " (`archgate explain` lists every rule)\n";
    }
    return k_exit_error;
  }
  auto snap = target_snapshot(o);
  if (!snap) return report_error(snap.error().to_string());
  std::string today = o.today.empty() ? system_today() : o.today;
  // The head's facts and result are kept until exit (cli/keep.hpp); with
  // --diff-base the head's facts are freed before the base is audited.
  auto audited = audit_snapshot(**snap, o.config, today, selection, o.diff_base.empty());
  if (!audited) return report_error(audited.error().to_string());
  auto& result = keep_until_exit(std::move(*audited));
  if (!o.diff_base.empty()) {
    // The same audit at the merge base: what this branch adds is what the
    // head has and the base has not, by fingerprint.
    auto base_snap = core::GitSnapshot::merge_base(o.path, o.diff_base);
    if (!base_snap) return report_error(base_snap.error().to_string());
    auto base = audit_snapshot(**base_snap, o.config, today, selection, false);
    if (!base) return report_error("at the merge base: " + base.error().to_string());
    core::AuditResult::Comparison cmp;
    cmp.against = (*base_snap)->describe();
    std::set<std::string, std::less<>> before;
    for (const auto& f : base->findings) before.insert(f.fingerprint.str());
    std::vector<core::Finding> added;
    for (auto& f : result.findings) {
      if (before.contains(f.fingerprint.view())) {
        ++cmp.unchanged;
      } else {
        added.push_back(std::move(f));
      }
    }
    result.findings = std::move(added);
    for (const auto& item : result.checklist) {
      for (const auto& old : base->checklist) {
        if (old.id == item.id && old.verdict != item.verdict) cmp.items.push_back({item.id, old.verdict, item.verdict});
      }
    }
    result.comparison = std::move(cmp);
  }
  if (!o.baseline.empty()) {
    std::ifstream in(o.baseline, std::ios::binary);
    if (!in) return report_error(o.baseline + ": cannot read the baseline (write one with `archgate baseline`)");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto b = core::read_baseline(o.baseline, text);
    if (!b) return report_error(b.error().to_string());
    core::apply_baseline(result, *b, today);
  }
  result.tool_version = ARCHGATE_VERSION;
  result.root = o.path;
  // --fail-on: a severity (or none) and/or item:fail / item:partial,
  // repeated or comma-separated. Without a severity, error applies.
  result.fail_on = core::Severity::error;
  for (const auto& value : o.fail_on) {
    std::string_view rest = value;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      auto token = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (token == "none") {
        result.fail_on = std::nullopt;
      } else if (token == "item:fail") {
        result.fail_on_items = core::Verdict::fail;
      } else if (token == "item:partial") {
        result.fail_on_items = core::Verdict::partial;
      } else if (auto s = core::parse_severity(token)) {
        result.fail_on = s;
      }
    }
  }

  Output out(o.output);
  reports::ReportOptions ropts;
  ropts.color = use_color(out.to_terminal());
  ropts.all = o.all;
  auto reporter = reports::make_reporter(o.format, ropts);
  {
    core::ScopedTiming timing("report");
    reporter->write(result, out.stream());
  }
  if (!out.finish()) {
    return k_exit_error;
  }
  print_errors(result.errors);
  if (result.incomplete()) {
    return k_exit_error;
  }
  return result.failing() + result.failing_items() > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

Command setup_check(CLI::App& parent) {
  auto opts = std::make_shared<CheckOptions>();
  auto* app = parent.add_subcommand(
      "check",
      "Audit a project: the verdict against --fail-on, what to fix first, the rules that\n"
      "could not be checked, then the findings (one line per cause; --all lists each).\n"
      "Never touches the network: deps/* rules use what `archgate deps` cached.\n"
      "Example: archgate check . --format json --fail-on warning");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  std::vector<std::string> formats;
  for (auto f : reports::report_formats()) {
    formats.emplace_back(f);
  }
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  app->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding at or above this severity exists (error, warning, note, none),\n"
                  "and/or a checklist item fails (item:fail) or is partial too (item:partial);\n"
                  "repeat or separate with commas, e.g. --fail-on warning,item:fail")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"error", "warning", "note", "none", "item:fail", "item:partial"}))
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  app->add_option("--config", opts->config,
                  "Settings file (default: archgate.toml or .archgate.toml in PATH); "
                  "see docs/configuration.md");
  app->add_option("--only", opts->only,
                  "Run only rules matching this id or glob (repeatable), e.g. --only 'lockfile/*'; "
                  "a glob that matches no rule is an error")
      ->allow_extra_args(false);  // `--only X PATH`: PATH stays the path
  app->add_option("--skip", opts->skip,
                  "Do not run rules matching this id or glob (repeatable), e.g. --skip runtime/floating")
      ->allow_extra_args(false);
  app->add_flag("--all", opts->all,
                "List every finding (text, Markdown); by default findings that share a cause "
                "print as one line with a count");
  app->add_flag("--staged", opts->staged,
                "Check what the next commit will contain (the git index), even where the working tree differs");
  app->add_option("--rev", opts->rev, "Check a git revision (commit, tag, branch) without checking it out");
  app->add_option("--diff-base", opts->diff_base,
                  "Report only what this branch adds: findings absent at the merge base with REV (by fingerprint), "
                  "and checklist items whose verdict changed; --fail-on gates on the new findings only");
  app->add_option("--baseline", opts->baseline,
                  "Report only findings not recorded in FILE (written by `archgate baseline`), expired entries, "
                  "and entries that match nothing any more");
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_check(*opts); }};
}

}  // namespace archgate::cli
