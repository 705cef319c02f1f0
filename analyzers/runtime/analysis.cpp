#include "analyzers/runtime/analysis.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "core/semver.hpp"

namespace archgate::analyzers::runtime {

using core::LineStatus;
using core::NodeSchedule;

bool range_admits_line(std::string_view range, int major) {
  auto line = std::to_string(major) + ".x";
  return core::semver::intersects(range, line);
}

std::vector<int> stale_lines_admitted(const ResolvedPin& c, const NodeSchedule& schedule,
                                      core::Day today) {
  std::vector<int> eol;
  std::optional<int> oldest_supported;
  for (int m : c.admitted) {
    const auto* l = schedule.line(m);
    if (!l) {
      continue;
    }
    auto s = NodeSchedule::status(*l, today);
    if (s == LineStatus::end_of_life) {
      eol.push_back(m);
    } else if (core::is_supported(s) && !oldest_supported) {
      oldest_supported = m;
    }
  }
  if (oldest_supported) {
    std::erase_if(eol, [&](int m) { return m > *oldest_supported; });
  }
  return eol;
}

namespace {

std::string lower_trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_floating_alias(std::string_view a) {
  return a == "lts/*" || a == "lts" || a == "lts/latest" || a == "node" || a == "latest" ||
         a == "current" || a == "stable" || a.starts_with("lts/-") || a == "*" || a == "x";
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool is_wild(std::string_view s) { return s == "x" || s == "*"; }

// Lines a range admits among the schedule's lines (v0.x lines excluded).
std::vector<int> admitted_lines(const core::semver::Range& range, const NodeSchedule& schedule) {
  std::vector<int> out;
  for (const auto& l : schedule.lines) {
    if (l.minor >= 0) {
      continue;
    }
    auto line = core::semver::Range::parse(std::to_string(l.major) + ".x");
    if (line && range.intersects(*line)) {
      out.push_back(l.major);
    }
  }
  return out;
}

void set_line(ResolvedPin& r, const NodeSchedule& schedule, core::Day today) {
  if (!r.major) {
    return;
  }
  if (const auto* l = schedule.line(*r.major)) {
    r.status = NodeSchedule::status(*l, today);
    r.end = l->end;
  }
}

}  // namespace

ResolvedPin resolve_pin(const RuntimePin& pin, const NodeSchedule& schedule, core::Day today) {
  ResolvedPin r;
  r.pin = pin;
  std::string v = lower_trim(pin.version);
  bool is_image = pin.spec.find(':') != std::string::npos || pin.spec == "node" ||
                  pin.spec.ends_with("/node") || pin.spec.find("node@") != std::string::npos;
  is_image = is_image && (pin.source == "dockerfile" || pin.source == "compose" ||
                          pin.source == "gitlab-ci" || pin.source == "circleci" ||
                          (pin.source == "github-actions" &&
                           pin.context.find("container") != std::string::npos));
  if (v.empty()) {
    if (pin.unresolved_variable) {
      r.kind = SpecKind::unknown;
    } else if (is_image && pin.has_digest) {
      r.kind = SpecKind::digest;
    } else if (is_image) {
      r.kind = SpecKind::untagged;
      r.floating = true;
      if (const auto* l = schedule.newest_released(today)) {
        r.major = l->major;
      }
    }
    set_line(r, schedule, today);
    return r;
  }
  // Constraints are ranges by definition ("20" in engines admits all of 20).
  if (pin.role != PinRole::constraint && pin.role != PinRole::types) {
    if (const auto* l = schedule.resolve_alias(v, today)) {
      r.kind = is_floating_alias(v) ? SpecKind::alias : SpecKind::codename;
      r.floating = r.kind == SpecKind::alias;
      r.major = l->major;
      r.admitted = {l->major};
      set_line(r, schedule, today);
      return r;
    }
    if (is_floating_alias(v)) {
      r.kind = SpecKind::alias;
      r.floating = true;
      return r;
    }
    // x-ranges and exact versions: N, N.x, N.M, N.M.x, N.M.P[-pre].
    std::string_view s = v;
    if (s.size() > 1 && s.front() == 'v' && std::isdigit(static_cast<unsigned char>(s[1]))) {
      s.remove_prefix(1);
    }
    std::vector<std::string_view> parts;
    std::string_view core_part = s.substr(0, s.find_first_of("-+"));
    for (std::size_t i = 0; i <= core_part.size();) {
      auto dot = core_part.find('.', i);
      parts.push_back(core_part.substr(i, dot == std::string_view::npos ? dot : dot - i));
      if (dot == std::string_view::npos) {
        break;
      }
      i = dot + 1;
    }
    bool xrange = !parts.empty() && parts.size() <= 3 && all_digits(parts[0]);
    bool wild_seen = false;
    for (std::size_t i = 1; xrange && i < parts.size(); ++i) {
      if (is_wild(parts[i])) {
        wild_seen = true;
      } else if (!all_digits(parts[i]) || wild_seen) {
        xrange = false;
      }
    }
    if (xrange && parts[0].size() < 6) {
      r.major = std::stoi(std::string(parts[0]));
      r.admitted = {*r.major};
      if (parts.size() == 3 && !wild_seen) {
        r.kind = SpecKind::exact;
        r.exact = std::string(s);
      } else {
        r.kind = SpecKind::line;
      }
      set_line(r, schedule, today);
      return r;
    }
  }
  auto range = core::semver::Range::parse(v, core::semver::Options{.loose = true});
  if (!range) {
    if (pin.role == PinRole::types) {
      if (auto c = core::semver::coerce(v)) {
        r.kind = SpecKind::line;
        r.major = static_cast<int>(c->major);
        set_line(r, schedule, today);
      }
    }
    return r;
  }
  r.kind = SpecKind::range;
  r.admitted = admitted_lines(*range, schedule);
  if (pin.role == PinRole::types) {
    // @types/node "^22.10.0": the major the declaration describes.
    // "*" or ">=0" says nothing about a major.
    if (auto mv = range->min_version(); mv && mv->major > 0) {
      r.major = static_cast<int>(mv->major);
    }
  } else if (pin.role == PinRole::constraint) {
    if (!r.admitted.empty()) {
      r.major = r.admitted.front();
    } else if (auto mv = range->min_version()) {
      r.major = static_cast<int>(mv->major);
    }
  } else {
    // nvm/volta install the newest release that satisfies a range.
    std::vector<std::string> versions;
    for (const auto& rel : schedule.releases) {
      if (!rel.prerelease && rel.date <= today) {
        versions.push_back(rel.version);
      }
    }
    if (auto best = core::semver::max_satisfying(versions, v, {.loose = true})) {
      r.major = static_cast<int>(best->major);
    }
    std::size_t released = 0;
    for (int m : r.admitted) {
      const auto* l = schedule.line(m);
      released += l && l->start && *l->start <= today ? 1 : 0;
    }
    // An open range admits lines not yet released: it floats.
    r.floating = released > 1 || (!r.admitted.empty() && r.admitted.back() == schedule.lines.back().major);
  }
  set_line(r, schedule, today);
  return r;
}

namespace {

// Replaces the version text in `spec` with one for `target`, keeping its
// shape: exact stays exact (the target's newest release), "20.x" → "26.x",
// a codename stays a codename.
std::string rewrite(const ResolvedPin& r, const NodeSchedule& schedule, int target) {
  const auto* line = schedule.line(target);
  const auto* latest = schedule.latest_release(target);
  std::string t = std::to_string(target);
  std::string cur = r.pin.version;
  std::string next;
  switch (r.kind) {
    case SpecKind::exact:
      next = latest ? latest->version : t + ".0.0";
      if (!cur.empty() && (cur.front() == 'v' || cur.front() == 'V')) {
        next = "v" + next;
      }
      break;
    case SpecKind::line: {
      auto dot = cur.find('.');
      bool v_prefix = !cur.empty() && (cur.front() == 'v' || cur.front() == 'V');
      next = (v_prefix ? "v" : "") + t;
      if (dot != std::string::npos) {
        auto rest = cur.substr(dot);
        if (rest == ".x" || rest == ".*" || rest == ".x.x") {
          next += rest;
        } else if (latest) {
          next += "." + std::to_string(latest->minor);
        }
      }
      break;
    }
    case SpecKind::codename: {
      std::string code = line ? line->codename : "";
      for (auto& c : code) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (code.empty()) {
        next = t;
      } else {
        next = cur.starts_with("lts/") ? "lts/" + code : code;
      }
      break;
    }
    default:
      next = t;
  }
  if (r.pin.version.empty()) {
    // An image whose tag names no version: `node` gets a tag, `node:alpine`
    // keeps its variant after the version (`node:26-alpine`), and a moving
    // tag (`latest`, `lts-slim`) gives way to it.
    auto image = std::string_view(r.pin.spec).substr(0, r.pin.spec.find('@'));
    auto slash = image.rfind('/');
    auto colon = image.find(':', slash == std::string_view::npos ? 0 : slash);
    if (colon == std::string_view::npos) return std::string(image) + ":" + next;
    auto tag = image.substr(colon + 1);
    for (std::string_view moving : {"latest", "lts", "current"}) {
      if (tag == moving) return std::string(image.substr(0, colon)) + ":" + next;
      if (tag.starts_with(moving) && tag.size() > moving.size() && tag[moving.size()] == '-') {
        tag.remove_prefix(moving.size() + 1);
        break;
      }
    }
    return std::string(image.substr(0, colon)) + ":" + next + "-" + std::string(tag);
  }
  std::string out = r.pin.spec;
  auto pos = out.rfind(':');
  pos = out.find(cur, pos == std::string::npos ? 0 : pos);
  if (pos == std::string::npos) {
    return next;
  }
  return out.replace(pos, cur.size(), next);
}

}  // namespace

RuntimeAnalysis analyze_runtime(std::vector<RuntimePin> pins, const NodeSchedule& schedule,
                                core::Day today, int eol_soon_days) {
  RuntimeAnalysis a;
  a.today = today;
  a.schedule_source = schedule.source;
  a.schedule_date = schedule.data_date;
  std::set<int> production;
  for (auto& p : pins) {
    a.pins.push_back(resolve_pin(p, schedule, today));
    const auto& r = a.pins.back();
    if (r.pin.role == PinRole::runtime && r.major) {
      production.insert(*r.major);
    }
  }
  a.production.assign(production.begin(), production.end());

  // The plan. Why this target: the newest line in active LTS is the one
  // with the longest remaining support that is meant for production; the
  // deadline is the earliest end among the lines production runs on today.
  UpgradePlan& plan = a.plan;
  plan.from = a.production;
  const auto* target = schedule.recommended(today);
  if (!target) {
    return a;
  }
  plan.target = target->major;
  plan.target_codename = target->codename;
  plan.target_status = NodeSchedule::status(*target, today);
  plan.target_end = target->end;
  bool any_runtime = std::any_of(a.pins.begin(), a.pins.end(),
                                 [](const ResolvedPin& r) { return r.pin.role == PinRole::runtime; });
  for (int m : a.production) {
    if (const auto* l = schedule.line(m); l && l->end) {
      if (!plan.deadline || *l->end < *plan.deadline) {
        plan.deadline = *l->end;
      }
    }
  }
  if (!any_runtime) {
    plan.urgency = "pin";
  } else if (plan.deadline && *plan.deadline <= today) {
    plan.urgency = "overdue";
  } else if (plan.deadline && *plan.deadline - today <= std::chrono::days{eol_soon_days}) {
    plan.urgency = "required";
  } else if (a.production.size() != 1 || a.production.front() != target->major) {
    plan.urgency = "recommended";
  } else {
    plan.urgency = "none";
  }
  bool floating_runtime = std::any_of(a.pins.begin(), a.pins.end(), [](const ResolvedPin& r) {
    return r.pin.role == PinRole::runtime && r.floating;
  });
  if (plan.urgency == "none" && !floating_runtime) {
    return a;
  }
  const int t = target->major;
  bool ci_covers = std::any_of(a.pins.begin(), a.pins.end(), [&](const ResolvedPin& r) {
    return r.pin.role == PinRole::ci && r.major == t && !r.floating;
  });
  bool ci_add_proposed = false;
  std::pair<std::string, std::string> added_to;  // the matrix (file, context) the target line is added to
  std::set<std::tuple<std::string, int, std::string>> seen;
  auto add = [&](const ResolvedPin& r, std::string proposed, std::string reason,
                 std::string current_override = {}) {
    std::string file = r.pin.value_line > 0 ? r.pin.value_file : r.pin.file;
    int line = r.pin.value_line > 0 ? r.pin.value_line : r.pin.line;
    std::string current = r.pin.value_line > 0 ? r.pin.version : r.pin.spec;
    if (!current_override.empty()) {
      current = std::move(current_override);
    }
    if (!seen.insert({file, line, current}).second) {
      return;
    }
    if (r.pin.value_line > 0) {
      proposed = rewrite(ResolvedPin{.pin = RuntimePin{.spec = r.pin.version,
                                                       .version = r.pin.version},
                                     .kind = r.kind},
                         schedule, t);
    }
    plan.changes.push_back(PlanChange{file, line, r.pin.source, current, std::move(proposed),
                                      std::move(reason)});
  };
  for (const auto& r : a.pins) {
    if (r.pin.spec.starts_with("file:")) {
      continue;  // follows the file it names, which has its own entry
    }
    switch (r.pin.role) {
      case PinRole::runtime:
        if (r.major != t || r.floating) {
          add(r, rewrite(r, schedule, t),
              r.floating ? "pin the line explicitly" : "move the runtime to Node " + std::to_string(t));
        }
        break;
      case PinRole::build:
        if (r.major != t || r.floating) {
          add(r, rewrite(r, schedule, t), "build on the production line");
        }
        break;
      case PinRole::dev:
        if (r.major != t) {
          add(r, rewrite(r, schedule, t), "develop and test on the production line");
        }
        break;
      case PinRole::ci: {
        bool matrix = r.pin.context.find("matrix") != std::string::npos;
        if (r.major == t && !r.floating) {
          break;
        }
        if (matrix) {
          if (!ci_covers && !ci_add_proposed) {
            ci_add_proposed = true;
            added_to = {r.pin.file, r.pin.context};
            auto key = r.pin.context.substr(r.pin.context.rfind(' ') + 1);
            add(r, "add " + std::to_string(t), "test the target line in CI", "matrix " + key);
          }
          if (r.status == LineStatus::end_of_life) {
            // Removing the last live entry would leave the matrix empty and
            // the job with nothing to run (seen on louislam/uptime-kuma:
            // `node-version: [20]`, "20 -> (remove)"): then it moves instead.
            bool others_stay = std::any_of(a.pins.begin(), a.pins.end(), [&](const ResolvedPin& o) {
              return &o != &r && o.pin.role == PinRole::ci && o.pin.file == r.pin.file &&
                     o.pin.context == r.pin.context && o.status != LineStatus::end_of_life;
            });
            bool gets_target = added_to == std::pair{r.pin.file, r.pin.context};
            // An `include:` entry adds one combination: removing it leaves
            // the matrix's own entries.
            bool include = r.pin.context.find("matrix include") != std::string::npos;
            if (others_stay || gets_target || include) {
              add(r, "(remove)", "the line is end-of-life");
            } else {
              add(r, rewrite(r, schedule, t), "the line is end-of-life, and the matrix has no other entry");
            }
          }
        } else if (!ci_covers || r.status == LineStatus::end_of_life) {
          add(r, rewrite(r, schedule, t), "test the production line in CI");
        }
        break;
      }
      case PinRole::constraint: {
        bool admits_target = std::find(r.admitted.begin(), r.admitted.end(), t) != r.admitted.end();
        bool admits_eol = !stale_lines_admitted(r, schedule, today).empty();
        if (!admits_target || admits_eol) {
          // Admit the oldest supported LTS line that is not older than what
          // production runs today, so the change does not drop live users.
          int floor_major = t;
          for (const auto& l : schedule.lines) {
            auto s = NodeSchedule::status(l, today);
            if (l.minor < 0 && l.has_lts() &&
                (s == LineStatus::active_lts || s == LineStatus::maintenance_lts)) {
              floor_major = std::min(floor_major, l.major);
              break;
            }
          }
          // Nor lower than the range's own lowest supported line: `^24`
          // becomes `>=24`, not `>=22` (that would admit a line the project
          // never ran on).
          for (int m : r.admitted) {
            const auto* l = schedule.line(m);
            if (l && NodeSchedule::status(*l, today) != LineStatus::end_of_life) {
              floor_major = std::min(t, std::max(floor_major, m));
              break;
            }
          }
          add(r, ">=" + std::to_string(floor_major),
              admits_target ? "stop admitting end-of-life lines" : "admit Node " + std::to_string(t));
        }
        break;
      }
      case PinRole::types:
        if (r.major != t) {
          add(r, "^" + std::to_string(t) + ".0.0", "match @types/node to the runtime");
        }
        break;
    }
  }
  if (!any_runtime) {
    plan.changes.push_back(PlanChange{".nvmrc", 0, "nvmrc", "", std::to_string(t),
                                      "pin the runtime (new file; use it in CI with "
                                      "node-version-file)"});
  }
  std::sort(plan.changes.begin(), plan.changes.end(), [](const PlanChange& x, const PlanChange& y) {
    return std::tie(x.file, x.line, x.current) < std::tie(y.file, y.line, y.current);
  });
  return a;
}

}  // namespace archgate::analyzers::runtime
