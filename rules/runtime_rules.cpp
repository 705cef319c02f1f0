// runtime/*: pins judged against the Node.js schedule; deps/engines-incompatible:
// locked packages whose engines.node excludes the pinned runtime.
#include "rules/runtime_rules.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/semver.hpp"
#include "core/text.hpp"
#include "rules/engine.hpp"

namespace archgate::rules {

using analyzers::runtime::PinRole;
using analyzers::runtime::ResolvedPin;
using analyzers::runtime::SpecKind;
using core::LineStatus;
using core::NodeSchedule;

namespace {

std::string where(const ResolvedPin& r) {
  return r.pin.file + ":" + std::to_string(r.pin.line);
}

core::Location loc(const ResolvedPin& r) { return {r.pin.file, r.pin.line, r.pin.column}; }

// The pin as a cause: every finding that one edit of this pin clears shares it.
std::string pin_label(const ResolvedPin& r) {
  return r.pin.source + " \"" + r.pin.spec + "\" at " + where(r);
}

std::string describe(const ResolvedPin& r) {
  std::string s = r.pin.source + " pins \"" + r.pin.spec + "\"";
  if (r.major && r.kind != SpecKind::exact && r.kind != SpecKind::line) {
    s += " (Node " + std::to_string(*r.major) + ")";
  }
  return s;
}

std::string majors_text(const std::vector<int>& majors) {
  std::string out;
  if (majors.size() > 6) {
    return std::to_string(majors[0]) + ", " + std::to_string(majors[1]) + ", ..., " +
           std::to_string(majors.back()) + " (" + std::to_string(majors.size()) + " lines)";
  }
  for (std::size_t i = 0; i < majors.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(majors[i]);
  }
  return out;
}

bool admits(const ResolvedPin& constraint, const ResolvedPin& runtime) {
  const std::string& range = constraint.pin.version;
  if (!core::semver::Range::parse(range, {.loose = true})) {
    return true;  // an invalid range is manifest trouble, not this rule's
  }
  if (runtime.kind == SpecKind::exact) {
    return core::semver::satisfies(runtime.exact, range, {.loose = true});
  }
  return analyzers::runtime::range_admits_line(range, *runtime.major);
}

void per_pin_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a,
                      const NodeSchedule& schedule) {
  const auto today = a.today;
  for (const auto& r : a.pins) {
    bool runtime = r.pin.role == PinRole::runtime;
    bool build = r.pin.role == PinRole::build;
    bool dev = r.pin.role == PinRole::dev;
    bool ci = r.pin.role == PinRole::ci || build || dev;  // judged alike: none is what production runs
    if (!runtime && !ci) {
      continue;
    }
    if (runtime && r.floating) {
      auto& f = ctx.emit("runtime/floating",
                         describe(r) + ", which moves to a new release line without a commit",
                         loc(r));
      f.evidence.push_back("resolves to Node " + (r.major ? std::to_string(*r.major) : "?") +
                           " on " + core::format_day(today));
    }
    // A CI pin that reads a version file (node-version-file) is judged at
    // that file's own pin.
    if (!r.status || !r.major || r.pin.spec.starts_with("file:")) {
      continue;
    }
    const auto* line = schedule.line(*r.major);
    if (*r.status == LineStatus::end_of_life) {
      auto& f = ctx.emit("runtime/eol",
                         describe(r) + ": Node " + std::to_string(*r.major) +
                             " reached end-of-life on " + core::format_day(*r.end),
                         loc(r));
      f.cause = std::string(build ? "build stages" : dev ? "development and test images" : ci ? "CI pins" : "pins") +
                " name end-of-life Node.js lines";
      if (ci) {
        f.severity = core::Severity::warning;
      }
    } else if (r.end && *r.end - today <= std::chrono::days{ctx.config.eol_soon_days}) {
      ctx.emit("runtime/eol-soon",
               describe(r) + ": Node " + std::to_string(*r.major) + " reaches end-of-life on " +
                   core::format_day(*r.end) + " (in " +
                   std::to_string((*r.end - today).count()) + " days)",
               loc(r))
          .cause = "pins name Node.js lines that reach end-of-life within " +
                   std::to_string(ctx.config.eol_soon_days) + " days";
    }
    if (runtime && *r.status != LineStatus::end_of_life && line &&
        (!line->has_lts() || *r.status == LineStatus::alpha || *r.status == LineStatus::current ||
         *r.status == LineStatus::planned)) {
      ctx.emit("runtime/non-lts",
               describe(r) + ": Node " + std::to_string(*r.major) + " is " +
                   std::string(core::to_string(*r.status)) +
                   (line->has_lts() ? ", not yet LTS" : " and never becomes LTS"),
               loc(r));
    }
    if (runtime && *r.status == LineStatus::maintenance_lts) {
      ctx.emit("runtime/maintenance-only",
               describe(r) + ": Node " + std::to_string(*r.major) +
                   " is in maintenance LTS (critical fixes only) until " +
                   core::format_day(*r.end),
               loc(r));
    }
    if (r.kind == SpecKind::exact) {
      const auto* sec = schedule.latest_security_release(*r.major);
      if (sec && core::compare_release_versions(sec->version, r.exact) > 0) {
        auto& f = ctx.emit("runtime/security-behind",
                           describe(r) + ", older than security release " + sec->version + " (" +
                               core::format_day(sec->date) + ")",
                           loc(r));
        if (const auto* latest = schedule.latest_release(*r.major)) {
          f.evidence.push_back("newest Node " + std::to_string(*r.major) + " release: " +
                               latest->version);
        }
      }
    }
  }
}

void mismatch_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a) {
  // A build stage on another line than the Node its Dockerfile ships:
  // what it installs (native addons) and builds is made for the wrong Node.
  for (const auto& b : a.pins) {
    if (b.pin.role != PinRole::build || !b.major) continue;
    for (const auto& r : a.pins) {
      if (r.pin.role != PinRole::runtime || !r.major || r.pin.file != b.pin.file || *r.major == *b.major) continue;
      auto& f = ctx.emit("runtime/pin-mismatch",
                         describe(b) + " → Node " + std::to_string(*b.major) + " builds the image, which ships Node " +
                             std::to_string(*r.major) + " (" + where(r) + ")",
                         loc(b));
      f.evidence.push_back("what the build stage installs (native addons) and compiles is made for Node " +
                           std::to_string(*b.major));
      break;
    }
  }
  if (a.production.size() < 2) {
    return;
  }
  // The reference line is the one most runtime pins agree on (ties: the
  // newer line); every pin on another line gets a finding.
  std::map<int, int> votes;
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::runtime && r.major) {
      ++votes[*r.major];
    }
  }
  int reference = 0;
  int best = -1;
  for (auto [m, n] : votes) {
    if (n >= best) {
      reference = m;
      best = n;
    }
  }
  std::string ref_where;
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::runtime && r.major == reference) {
      ref_where += (ref_where.empty() ? "" : ", ") + where(r);
    }
  }
  for (const auto& r : a.pins) {
    if (r.pin.role != PinRole::runtime || !r.major || *r.major == reference) {
      continue;
    }
    auto& f = ctx.emit("runtime/pin-mismatch",
                       describe(r) + " → Node " + std::to_string(*r.major) +
                           ", but other production pins use Node " + std::to_string(reference) +
                           " (" + ref_where + ")",
                       loc(r));
    for (const auto& o : a.pins) {
      if (o.pin.role == PinRole::runtime && o.major) {
        f.evidence.push_back(where(o) + ": " + o.pin.source + " \"" + o.pin.spec + "\" → Node " +
                             std::to_string(*o.major));
      }
    }
  }
}

void constraint_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a,
                         const NodeSchedule& schedule) {
  for (const auto& c : a.pins) {
    if (c.pin.role != PinRole::constraint) {
      continue;
    }
    auto eol = analyzers::runtime::stale_lines_admitted(c, schedule, a.today);
    std::string field = c.pin.source == "engines" ? "engines.node" : "devEngines.runtime";
    if (!eol.empty()) {
      ctx.emit("runtime/engines-too-loose",
               field + " \"" + c.pin.spec + "\" admits end-of-life Node " + majors_text(eol),
               loc(c));
    }
    for (const auto& r : a.pins) {
      // A build stage runs `npm ci`, which checks engines too.
      if ((r.pin.role != PinRole::runtime && r.pin.role != PinRole::build) || !r.major) {
        continue;
      }
      if (!admits(c, r)) {
        auto& f = ctx.emit("runtime/engines-excludes-pin",
                           field + " \"" + c.pin.spec + "\" excludes Node " +
                               (r.kind == SpecKind::exact ? r.exact : std::to_string(*r.major)) +
                               " pinned by " + r.pin.source + " at " + where(r),
                           loc(c));
        // A build's install only warns on engines by default (npm, pnpm);
        // what production runs is the error.
        if (r.pin.role == PinRole::build) f.severity = core::Severity::warning;
      }
    }
  }
}

void coverage_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a) {
  std::set<int> ci;
  const ResolvedPin* first_ci = nullptr;
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::ci && r.major) {
      ci.insert(*r.major);
      if (!first_ci) {
        first_ci = &r;
      }
    }
  }
  if (!first_ci) {
    return;
  }
  for (int m : a.production) {
    if (ci.contains(m)) {
      continue;
    }
    std::string pinned;
    for (const auto& r : a.pins) {
      if (r.pin.role == PinRole::runtime && r.major == m) {
        pinned += (pinned.empty() ? "" : ", ") + where(r);
      }
    }
    ctx.emit("runtime/ci-not-covering",
             "CI tests Node " + majors_text(std::vector<int>(ci.begin(), ci.end())) +
                 " but production runs Node " + std::to_string(m) + " (" + pinned + ")",
             loc(*first_ci));
  }
}

// The lines that are deployed: the final stage of each Dockerfile, else the
// platform's config (netlify). Empty when neither pins the runtime.
std::vector<const ResolvedPin*> deployed_pins(const analyzers::runtime::RuntimeAnalysis& a) {
  std::vector<const ResolvedPin*> out;
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::runtime && r.major &&
        (r.pin.source == "dockerfile" || r.pin.source == "containerfile") &&
        r.pin.context.ends_with("(final)")) {
      out.push_back(&r);
    }
  }
  if (out.empty()) {
    for (const auto& r : a.pins) {
      if (r.pin.role == PinRole::runtime && r.major && r.pin.source == "netlify") {
        out.push_back(&r);
      }
    }
  }
  return out;
}

std::string types_remedy(int major) {
  auto m = std::to_string(major);
  return "Use the @types/node major of the line production runs: \"@types/node\": \"^" + m + "\" (Node " + m + ").";
}

void types_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a) {
  if (a.production.empty()) {
    return;
  }
  auto deployed = deployed_pins(a);
  for (const auto& r : a.pins) {
    if (r.pin.role != PinRole::types || !r.major) {
      continue;
    }
    if (std::find(a.production.begin(), a.production.end(), *r.major) == a.production.end()) {
      auto& f = ctx.emit("runtime/types-mismatch",
                         "@types/node \"" + r.pin.spec + "\" describes Node " + std::to_string(*r.major) +
                             " but the runtime is Node " + majors_text(a.production),
                         loc(r));
      if (a.production.size() == 1) f.remediation = types_remedy(a.production.front());
      continue;
    }
    // Production pins disagree and the types match one that is not what the
    // deployed image runs: judge the types against the deployed line.
    if (a.production.size() > 1 && !deployed.empty() &&
        std::none_of(deployed.begin(), deployed.end(),
                     [&](const ResolvedPin* d) { return d->major == r.major; })) {
      const auto* d = deployed.front();
      auto& f = ctx.emit("runtime/types-mismatch",
                         "@types/node \"" + r.pin.spec + "\" describes Node " +
                             std::to_string(*r.major) + " but the deployed image runs Node " +
                             std::to_string(*d->major) + " (" + where(*d) + ")",
                         loc(r));
      f.evidence.push_back("production pins disagree: Node " + majors_text(a.production) +
                           " (see runtime/pin-mismatch)");
      f.remediation = types_remedy(*d->major);
    }
  }
}

void unpinned_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a) {
  if (!ctx.project.root) {
    return;
  }
  // A Node.js that only builds (a Dockerfile stage the shipped image, nginx
  // serving a static site, does not come from) is the one the project runs
  // and pins.
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::runtime || r.pin.role == PinRole::build) {
      return;
    }
  }
  std::string msg = "no file pins the Node.js runtime (.nvmrc, .node-version, Dockerfile, volta, ...)";
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::constraint) {
      msg += "; " + r.pin.source + " \"" + r.pin.spec + "\" only constrains it";
      break;
    }
  }
  ctx.emit("runtime/unpinned", msg, {ctx.project.root->path, 1, 1});
}

void engines_incompatible(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& a) {
  if (!ctx.project.graph) {
    return;
  }
  const auto& g = *ctx.project.graph;
  // One representative per production pin: the exact version, else its line.
  std::vector<const ResolvedPin*> runtimes;
  std::set<std::string> seen_rt;
  for (const auto& r : a.pins) {
    if (r.pin.role == PinRole::runtime && r.major) {
      std::string key = r.kind == SpecKind::exact ? r.exact : std::to_string(*r.major);
      if (seen_rt.insert(key).second) {
        runtimes.push_back(&r);
      }
    }
  }
  if (runtimes.empty()) {
    return;
  }
  std::set<std::string> seen;
  for (const auto& n : g.nodes) {
    if (n.role != core::NodeRole::package || n.engines_node.empty()) {
      continue;
    }
    std::string range(n.engines_node);
    if (!core::semver::Range::parse(range, {.loose = true})) {
      continue;
    }
    // A package for other operating systems never installs in a Linux
    // image (seen: @img/sharp-win32-ia32, optional, against a Dockerfile pin).
    // npm's "os": names allow (any listed), "!name" blocks.
    bool linux_excluded = false;
    if (!n.os.empty()) {
      bool any_allowed = false, linux_allowed = false;
      for (std::string_view rest = n.os; !rest.empty();) {
        auto comma = rest.find(',');
        auto os = core::trim_blanks(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (os == "!linux") linux_excluded = true;
        if (!os.empty() && !os.starts_with('!')) {
          any_allowed = true;
          linux_allowed = linux_allowed || os == "linux";
        }
      }
      linux_excluded = linux_excluded || (any_allowed && !linux_allowed);
    }
    for (const auto* r : runtimes) {
      bool ok = r->kind == SpecKind::exact
                    ? core::semver::satisfies(r->exact, range, {.loose = true})
                    : analyzers::runtime::range_admits_line(range, *r->major);
      if (ok || (linux_excluded && r->pin.source == "dockerfile")) {
        continue;
      }
      std::string pkg = std::string(n.name) + "@" + std::string(n.version);
      std::string rt = r->kind == SpecKind::exact ? r->exact : std::to_string(*r->major);
      if (!seen.insert(pkg + "|" + rt).second) {
        continue;
      }
      auto lc = g.location(n.offset);
      auto& f = ctx.emit("deps/engines-incompatible",
                         pkg + " requires node \"" + range + "\" but the runtime is Node " + rt +
                             " (" + where(*r) + ")",
                         {g.lockfile_path, lc.line, lc.column});
      f.package = pkg;
      f.subject = pkg + " on " + rt;
      f.cause = "packages require a Node.js range that excludes Node " + rt + " (" + where(*r) + ")";
      // Moving the pin clears it only when the range admits a newer line
      // (`^20.9.0` against Node 22 asks for an older one: no pin change
      // of this kind is the one fix, seen on logto-io/logto).
      bool newer_fits = false;
      for (int line = *r->major + 1; line <= *r->major + 8 && !newer_fits; ++line) {
        newer_fits = analyzers::runtime::range_admits_line(range, line);
      }
      if (newer_fits) f.root = pin_label(*r);
    }
  }
}

}  // namespace

void emit_runtime_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& analysis,
                           const NodeSchedule& schedule) {
  auto first = ctx.out.size();
  per_pin_findings(ctx, analysis, schedule);
  mismatch_findings(ctx, analysis);
  constraint_findings(ctx, analysis, schedule);
  coverage_findings(ctx, analysis);
  types_findings(ctx, analysis);
  unpinned_findings(ctx, analysis);
  engines_incompatible(ctx, analysis);
  // A finding at a pin is about that pin: its identity (subject) and its
  // root cause are the pin, whatever the message says about dates.
  for (auto i = first; i < ctx.out.size(); ++i) {
    auto& f = ctx.out[i];
    if (!f.subject.empty()) {
      continue;
    }
    for (const auto& r : analysis.pins) {
      if (r.pin.file == f.location.file && r.pin.line == f.location.line &&
          r.pin.column == f.location.column) {
        f.subject = r.pin.source + " " + r.pin.spec;
        f.root = pin_label(r);
        break;
      }
    }
  }
}

void check_runtime(RuleContext& ctx, const analyzers::Facts& facts) {
  if (!facts.runtime) {
    return;
  }
  emit_runtime_findings(ctx, facts.runtime->analysis, facts.runtime->schedule.schedule);
}

}  // namespace archgate::rules
