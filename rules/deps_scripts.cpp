// deps/install-script verdicts and deps/stale-allowlist.
//
// Decision on denied packages: they still get a note ("will not run"), not
// silence. A build that is skipped on purpose is a fact worth seeing next to
// the allowed ones (a package such as sharp or bcrypt is broken at run time
// without it), and the note keeps the deny entry reviewable.
#include "rules/deps_scripts.hpp"

#include <memory>

#include <fmt/format.h>


namespace archgate::rules {

namespace {

std::string scripts_text(const deps::PackageReport& p) {
  std::string what;
  for (const auto& [k, v] : p.install.scripts) {
    what += (what.empty() ? "" : "; ") + k + ": " + v;
  }
  if (p.install.gypfile && p.install.scripts.empty()) {
    what = "binding.gyp (node-gyp rebuild)";
  }
  if (what.empty()) {
    what = "hasInstallScript recorded in the lockfile";
  }
  return what;
}

std::string unread_note(const deps::ScriptDecision& d, std::string_view manager) {
  if (d.unread.empty()) {
    return {};
  }
  const auto* e = d.unread.front();
  auto at = deps::where_text(e->file, e->line);
  if (e->manager == "npm-global") {
    return fmt::format("; listed in {} at {}, which npm reads only for global installs and npx",
                       e->tool, at);
  }
  return fmt::format("; listed in {} at {}, which {} does not read", e->tool, at,
                     manager.empty() ? std::string("the package manager") : std::string(manager));
}

}  // namespace

void emit_install_script(RuleContext& ctx, const deps::PackageReport& p,
                         const deps::ScriptPolicy& policy, core::Location loc) {
  auto id = p.name + "@" + p.version;
  auto manager = deps::script_manager(ctx.project);
  auto d = deps::decide_scripts(policy, manager, p.name, p.version);
  auto what = scripts_text(p);
  std::string message;
  switch (d.verdict) {
    case deps::Verdict::allowed:
      message = fmt::format("{} runs code at install time ({}): {}", id, d.text, what);
      break;
    case deps::Verdict::denied:
    case deps::Verdict::disabled:
      message = fmt::format("{} has install code that will not run ({}): {}", id, d.text, what);
      break;
    case deps::Verdict::unlisted:
      message = fmt::format("{} runs code at install time and is {} ({}{}): {}", id, d.text,
                            d.effect.empty() ? "unknown package manager" : d.effect,
                            unread_note(d, manager), what);
      break;
  }
  auto& f = ctx.emit("deps/install-script", std::move(message), std::move(loc));
  f.package = id;
  switch (d.verdict) {
    case deps::Verdict::allowed:
      f.cause = "packages run code at install time, allowed by an allow-list";
      break;
    case deps::Verdict::denied:
    case deps::Verdict::disabled:
      f.cause = "packages have install code that will not run";
      break;
    case deps::Verdict::unlisted:
      f.cause = "packages run code at install time and are in no allow-list " +
                deps::manager_label(manager) + " reads";
      break;
  }
  if (d.verdict == deps::Verdict::unlisted) {
    f.severity = core::Severity::warning;
    f.remediation = "Review the script (`archgate deps` lists it), then " +
                    deps::allowlist_hint(policy, manager, p.name) + ".";
  } else {
    f.severity = core::Severity::note;
  }
  if (d.entry) {
    f.evidence.push_back(fmt::format("{}: {} entry \"{}\"",
                                     deps::where_text(d.entry->file, d.entry->line), d.entry->tool,
                                     d.entry->key));
  }
  if (d.sw) {
    f.evidence.push_back(
        fmt::format("{}: {}", deps::where_text(d.sw->file, d.sw->line), d.sw->setting));
  }
  for (const auto* e : d.unread) {
    f.evidence.push_back(fmt::format("{}: {} entry \"{}\" (not read by {})",
                                     deps::where_text(e->file, e->line), e->tool, e->key,
                                     manager.empty() ? "the package manager" : manager));
  }
}

void emit_stale_allowlist(RuleContext& ctx, const deps::DepsReport& report,
                          const deps::ScriptPolicy& policy) {
  if (policy.entries.empty()) {
    return;
  }
  const auto& project = ctx.project;
  std::vector<std::string> local;
  if (project.root && !project.root->name.empty()) {
    local.push_back(project.root->name);
  }
  for (const auto& w : project.workspaces) {
    if (!w.name.empty()) {
      local.push_back(w.name);
    }
  }
  bool records = project.graph && project.graph->install_scripts_recorded;
  std::string lockfile = project.graph ? project.graph->lockfile_path : std::string();
  for (const auto& s : deps::stale_entries(policy, report, records, local, lockfile)) {
    core::Location loc{s.entry->file, s.entry->line, s.entry->column};
    auto& f = ctx.emit("deps/stale-allowlist", s.reason, std::move(loc));
    f.package = s.entry->key;
    f.remediation = fmt::format("Remove \"{}\" from {} ({}), so that the allow-list names only "
                                "packages that are installed and run install code.",
                                s.entry->key, s.entry->tool,
                                deps::where_text(s.entry->file, s.entry->line));
  }
}

}  // namespace archgate::rules
