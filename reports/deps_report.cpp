#include "reports/deps_report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/embedded.hpp"
#include "reports/deps_advisories_report.hpp"
#include "reports/deps_license_report.hpp"
#include "reports/deps_scripts_report.hpp"
#include "reports/json_writer.hpp"
#include "reports/table.hpp"

namespace archgate::reports {

std::string sensitive_category(std::string_view package) {
  static const std::map<std::string, std::string, std::less<>> k_table = [] {
    std::map<std::string, std::string, std::less<>> out;
    auto j = nlohmann::json::parse(core::embedded_file("sensitive-packages.json"), nullptr, false);
    if (j.is_discarded()) return out;
    for (auto it = j["categories"].begin(); it != j["categories"].end(); ++it) {
      for (const auto& name : it.value()) out.emplace(name.get<std::string>(), it.key());
    }
    return out;
  }();
  auto it = k_table.find(package);
  return it == k_table.end() ? std::string() : it->second;
}

namespace {

nlohmann::json usage_json(const DependencyUsage& u) {
  return {{"files", u.files},           {"sites", u.sites},           {"productionSites", u.production},
          {"testSites", u.test},        {"workspaces", u.workspaces}};
}

std::string usage_text(const DependencyUsage& u) {
  if (u.sites == 0) return "not imported (used by scripts or configuration, or unused)";
  std::string s = fmt::format("imported {} time{} in {} file{}", u.sites, u.sites == 1 ? "" : "s", u.files,
                              u.files == 1 ? "" : "s");
  if (u.workspaces.size() > 1) s += fmt::format(" of {} workspaces", u.workspaces.size());
  s += fmt::format(": {} production, {} test/tooling", u.production, u.test);
  return s;
}

const core::deps::ScriptVerdict* script_verdict(const DepsOutput& d,
                                                const core::deps::PackageReport& p) {
  if (d.script_verdicts == nullptr || d.report == nullptr) {
    return nullptr;
  }
  auto it = d.script_verdicts->find(static_cast<std::size_t>(&p - d.report->packages.data()));
  return it == d.script_verdicts->end() ? nullptr : &it->second;
}

std::string score_text(int s) { return s < 0 ? "?" : std::to_string(s); }

nlohmann::json score_json(int s) { return s < 0 ? nlohmann::json(nullptr) : nlohmann::json(s); }

nlohmann::json package_json(const core::deps::PackageReport& p) {
  nlohmann::json j;
  j["name"] = p.name;
  j["version"] = p.version;
  j["direct"] = p.direct;
  j["dev"] = p.dev;
  j["scores"] = {{"maintenance", score_json(p.scores.maintenance)},
                 {"installScripts", score_json(p.scores.install_scripts)},
                 {"weight", score_json(p.scores.weight)},
                 {"overall", score_json(p.scores.overall)}};
  nlohmann::json f = nlohmann::json::object();
  const auto& m = *p.maintenance;
  f["registry"] = p.registry;
  f["metadata"] = m.known;
  if (m.known) {
    f["latest"] = m.latest;
    f["lastPublish"] = m.last_publish.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.last_publish);
    f["daysSincePublish"] = m.days_since_publish < 0 ? nlohmann::json(nullptr) : nlohmann::json(m.days_since_publish);
    f["releases"] = {{"30", m.releases_30}, {"180", m.releases_180}, {"365", m.releases_365},
                     {"730", m.releases_730}};
    f["majorsBehind"] = m.majors_behind;
    f["repository"] = m.repository;
    f["finished"] = m.finished;
    f["label"] = m.label;
  }
  f["deprecated"] = m.deprecated.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.deprecated);
  nlohmann::json scripts = nlohmann::json::object();
  for (const auto& [k, v] : p.install.scripts) {
    scripts[k] = v;
  }
  f["installScripts"] = scripts;
  f["gypfile"] = p.install.gypfile;
  f["lockfileHasInstallScript"] = p.install.lockfile_flag ? nlohmann::json(*p.install.lockfile_flag)
                                                          : nlohmann::json(nullptr);
  if (p.weight) {
    f["weight"] = {{"total", p.weight->total}, {"exclusive", p.weight->exclusive},
                   {"depth", p.weight->depth}};
  }
  f["limitedBy"] = p.limited_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.limited_by);
  f["advisories"] = advisory_facts_json(*p.advisories);
  add_license_json(f, p);
  j["facts"] = std::move(f);
  return j;
}

std::string loc_text(const core::Location& l) {
  if (l.file.empty()) {
    return {};
  }
  if (l.line == 0) {
    return l.file + ": ";
  }
  return fmt::format("{}:{}:{}: ", l.file, l.line, l.column);
}

}  // namespace

bool write_deps_text(const DepsOutput& d, std::ostream& out) {
  const auto& r = *d.report;
  if (!d.explain.empty()) {
    const auto* p = r.find(d.explain);
    if (p == nullptr) {
      out << "no package named " << d.explain << " in the lockfile\n";
      return false;
    }
    out << p->name << "@" << p->version << (p->direct ? " (direct" : " (transitive")
        << (p->dev ? ", dev)" : ")") << " — scores on " << r.today << ":\n";
    out << fmt::format("  maintenance {}{}  installScripts {}  weight {}  overall {}\n",
                       score_text(p->scores.maintenance),
                       p->maintenance->label.empty() ? "" : " (" + p->maintenance->label + ")",
                       score_text(p->scores.install_scripts), score_text(p->scores.weight),
                       score_text(p->scores.overall));
    for (const auto& line : p->explanation) {
      out << "  - " << line << '\n';
    }
    write_install_policy_text(script_verdict(d, *p), "  - allow-list: ", out);
    write_package_advisories_text(r, *p, out);
    return true;
  }
  std::size_t direct = 0;
  for (const auto& p : r.packages) {
    direct += p.direct ? 1 : 0;
  }
  out << fmt::format("{} direct dependencies, {} packages in total (scores 0-100, higher is better; "
                     "? = unknown; as of {})\n",
                     direct, r.packages.size(), r.today);
  // One table row per direct package, each followed by its detail lines;
  // the columns are sized to the longest name and label, so a long scoped
  // name (@angular-devkit/build-angular@22.1.4) does not push its row out.
  std::vector<const core::deps::PackageReport*> shown;
  std::vector<TableRow> rows;
  for (const auto& p : r.packages) {
    if (!p.direct) {
      continue;
    }
    shown.push_back(&p);
    rows.push_back({p.name + "@" + p.version, fmt::format("overall {:>3}", score_text(p.scores.overall)),
                    fmt::format("maintenance {:>3}{}", score_text(p.scores.maintenance),
                                p.maintenance->label.empty() ? "" : " " + p.maintenance->label),
                    fmt::format("installScripts {:>3}", score_text(p.scores.install_scripts)),
                    fmt::format("weight {:>3}", score_text(p.scores.weight)),
                    "license " + license_label(p) + (p.limited_by.empty() ? "" : "  (limited by " + p.limited_by + ")")});
  }
  auto width = column_widths(rows);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const auto& p = *shown[i];
    out << table_line(rows[i], width, "  ") << '\n';
    if (d.usage) {
      auto u = d.usage->find(p.name);
      out << "      " << usage_text(u == d.usage->end() ? DependencyUsage{} : u->second) << '\n';
    }
    if (auto s = sensitive_category(p.name); !s.empty()) {
      out << "      security-sensitive (" << s << "): review changes to it, and to the code that calls it, twice\n";
    }
  }
  std::vector<const core::deps::PackageReport*> heavy;
  for (const auto& p : r.packages) {
    if (p.direct && p.weight && p.weight->total > 1) {
      heavy.push_back(&p);
    }
  }
  std::sort(heavy.begin(), heavy.end(), [](auto* a, auto* b) {
    return a->weight->total != b->weight->total ? a->weight->total > b->weight->total : a->name < b->name;
  });
  if (!heavy.empty()) {
    out << "\nHeaviest subtrees:\n";
    for (std::size_t i = 0; i < heavy.size() && i < 5; ++i) {
      const auto* p = heavy[i];
      out << fmt::format("  {}@{}: {} packages, {} only through it, depth {}\n", p->name, p->version,
                         p->weight->total, p->weight->exclusive, p->weight->depth);
    }
  }
  bool header = false;
  for (const auto& p : r.packages) {
    if (!p.install.runs_code()) {
      continue;
    }
    if (!header) {
      out << "\nPackages that run code at install time:\n";
      header = true;
    }
    out << "  " << p.name << "@" << p.version << '\n';
    for (const auto& [k, v] : p.install.scripts) {
      out << "    " << k << ": " << v << '\n';
    }
    if (p.install.gypfile) {
      out << "    binding.gyp: node-gyp rebuild\n";
    }
    if (p.install.scripts.empty() && !p.install.gypfile) {
      out << "    (hasInstallScript recorded in the lockfile; script text unknown)\n";
    }
    write_install_policy_text(script_verdict(d, p), "    allow-list: ", out);
  }
  write_advisories_text(r, out);
  if (!d.findings.empty()) {
    out << "\nFindings:\n";
    for (const auto& f : d.findings) {
      out << "  " << loc_text(f.location) << core::to_string(f.severity) << ": " << f.message << " ["
          << f.rule << "]\n";
    }
  }
  if (!d.missing_offline.empty()) {
    out << fmt::format("\nOffline: {} packages have no cached metadata (their scores are unknown): ",
                       d.missing_offline.size());
    for (std::size_t i = 0; i < d.missing_offline.size(); ++i) {
      out << (i ? ", " : "") << d.missing_offline[i];
    }
    out << '\n';
  }
  return true;
}

void write_deps_json(const DepsOutput& d, std::ostream& out) {
  // Streamed: one small tree per package, written as soon as it is built
  // (keys in sorted order, as the whole-document tree this replaced wrote
  // them). A 2,000-package report was ~40 ms of nlohmann's dump.
  const auto& r = *d.report;
  JsonWriter w(out);
  w.begin_object();
  w.key("advisories").value(advisory_summary_json(r.advisories));
  w.key("dependencies").begin_array();
  for (const auto& p : r.packages) {
    if (!d.explain.empty() && p.name != d.explain && p.name + "@" + p.version != d.explain) {
      continue;
    }
    auto pj = package_json(p);
    add_install_policy_json(pj["facts"], script_verdict(d, p));
    if (p.direct) {
      auto s = sensitive_category(p.name);
      pj["sensitive"] = s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
      if (d.usage) {
        auto u = d.usage->find(p.name);
        pj["usage"] = usage_json(u == d.usage->end() ? DependencyUsage{} : u->second);
      }
    }
    if (!d.explain.empty()) {
      pj["explanation"] = p.explanation;
    }
    w.value(pj);
  }
  w.end_array();
  w.key("errors").begin_array();
  for (const auto& e : d.errors) w.value(e.to_string());
  w.end_array();
  w.key("findings").begin_array();
  for (const auto& f : d.findings) {
    w.begin_object()
        .field("file", f.location.file)
        .field("line", f.location.line)
        .field("message", f.message)
        .field("package", f.package)
        .field("rule", f.rule)
        .field("severity", core::to_string(f.severity))
        .end_object();
  }
  w.end_array();
  w.string_array("missingMetadata", d.missing_offline);
  w.key("schemaVersion").value(1);
  w.key("scriptPolicy").value(script_policy_json(d.script_policy, d.manager));
  w.key("today").value(r.today);
  w.end_object();
  w.finish();
}

}  // namespace archgate::reports
