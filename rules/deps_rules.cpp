// deps/* rules over the dependency graph and registry metadata.
//
// `archgate check` never touches the network: check_deps() reads registry
// metadata from the on-disk cache only (what `archgate deps` stored), so
// deps/unmaintained appears in `check` once `archgate deps` has run; the
// lockfile-recorded facts (deprecated, hasInstallScript) and the graph's
// weight need no metadata at all.
#include "rules/deps_rules.hpp"

#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "analyzers/deps/advisories.hpp"
#include "analyzers/deps/metadata.hpp"
#include "analyzers/registry/client.hpp"
#include "core/snapshot.hpp"
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

deps::DepsSettings check_deps_settings(const RuleConfig& config) {
  deps::DepsSettings s;
  s.today = config.today;
  s.unmaintained_days = config.unmaintained_days;
  s.heavy_threshold = config.heavy_threshold;
  return s;
}

void emit_deps_findings(RuleContext& ctx, const deps::DepsReport& report,
                        const deps::DepsSettings& settings, const deps::ScriptPolicy* policy) {
  const deps::ScriptPolicy no_policy;
  for (const auto& p : report.packages) {
    auto id = p.name + "@" + p.version;
    const auto& m = p.maintenance;
    if (!m.deprecated.empty()) {
      auto& f = ctx.emit("deps/deprecated", id + " is deprecated: " + m.deprecated, package_location(ctx.project, p));
      f.package = id;
      if (m.known && !m.latest_deprecated && !m.latest.empty() && m.latest != p.version) {
        f.remediation = "Upgrade to " + p.name + "@" + m.latest + ", which is not deprecated.";
      }
    }
    if (m.known && !m.latest_deprecated && !m.finished && m.days_since_publish > settings.unmaintained_days) {
      auto& f = ctx.emit("deps/unmaintained",
                         fmt::format("{}: no release for {} days (last {}; threshold {} days), "
                                     "maintenance {} ({})",
                                     id, m.days_since_publish, m.last_publish,
                                     settings.unmaintained_days, p.scores.maintenance, m.label),
                         package_location(ctx.project, p));
      f.package = id;
    }
    if (p.install.runs_code()) {
      emit_install_script(ctx, p, policy ? *policy : no_policy, package_location(ctx.project, p));
    }
    if (p.direct && p.weight && p.weight->total >= settings.heavy_threshold) {
      auto& f = ctx.emit("deps/heavy",
                         fmt::format("{} brings {} packages ({} only through it, depth {}); "
                                     "threshold {}",
                                     id, p.weight->total, p.weight->exclusive, p.weight->depth,
                                     settings.heavy_threshold),
                         package_location(ctx.project, p));
      f.package = id;
    }
  }
  if (policy) {
    emit_stale_allowlist(ctx, report, *policy);
  }
  emit_vulnerable_findings(ctx, report);
  emit_policy_findings(ctx, report);  // deps/license, deps/native-replacement
}

void check_deps(RuleContext& ctx) {
  if (!ctx.project.graph) {
    return;
  }
  auto settings = check_deps_settings(ctx.config);
  deps::MetaMap meta;
  std::optional<registry::AdvisoryFetch> advisories;
  auto cache_dir = registry::default_registry_cache_dir();
  std::error_code ec;
  if (!cache_dir.empty() && std::filesystem::is_directory(cache_dir, ec)) {
    std::unique_ptr<core::Snapshot> owned;
    const core::Snapshot* snap = ctx.config.snapshot;
    constexpr std::string_view k_prefix = "working tree at ";
    if (!snap && ctx.project.root_description.starts_with(k_prefix)) {
      owned = std::make_unique<core::WorkingTreeSnapshot>(
          ctx.project.root_description.substr(k_prefix.size()));
      snap = owned.get();
    }
    registry::ConfigSources sources;
    sources.project = snap;
    if (auto cfg = registry::load_npm_config(sources)) {
      registry::ClientOptions opts;
      opts.config = std::move(*cfg);
      opts.cache_dir = cache_dir;
      opts.offline = true;
      registry::RegistryClient client(std::move(opts));
      meta = deps::load_metadata(*ctx.project.graph, client).meta;
      // Advisories, too, from the cache only (deps/vulnerable).
      advisories = deps::load_advisories(*ctx.project.graph, client).fetch;
    }
  }
  auto report = deps::analyze_deps(*ctx.project.graph, meta, settings);
  if (advisories) {
    deps::apply_advisories(report, *advisories, meta);
  }
  auto policy = load_check_script_policy(ctx);
  emit_deps_findings(ctx, report, settings, &policy);
}

}  // namespace archgate::rules
