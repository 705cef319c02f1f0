// The dependency review of a change. What a reviewer must see first comes
// first: install scripts the change makes every `npm install` run, and
// advisories against versions it locks; then the direct dependencies it
// adds, changes and removes, each with how much it pulls in and its scores;
// the transitive changes last (folded in Markdown). JSON keeps every entry.
#include "reports/diff_report.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/markdown.hpp"
#include "reports/table.hpp"

namespace archgate::reports {

namespace {

using core::ChangeKind;
using core::DependencyChange;
using core::DependencyDiff;

// A PR comment holds 65,536 characters: past this many rows a table says
// how many it left out.
constexpr std::size_t k_markdown_rows = 150;

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string score(int s) { return s < 0 ? "?" : std::to_string(s); }

std::string change_text(const DependencyChange& c) {
  switch (c.kind) {
    case ChangeKind::added: return c.to;
    case ChangeKind::removed: return c.from + " (removed)";
    case ChangeKind::upgraded:
    case ChangeKind::downgraded: return c.from + " → " + c.to;
  }
  return c.to;
}

std::string_view mark(ChangeKind k) {
  switch (k) {
    case ChangeKind::added: return "+";
    case ChangeKind::removed: return "-";
    case ChangeKind::upgraded: return "↑";
    case ChangeKind::downgraded: return "↓";
  }
  return "+";
}

std::string block_of(const DependencyChange& c) {
  if (!c.declared_by.empty()) {
    std::string s;
    for (std::size_t i = 0; i < c.declared_by.size() && i < 3; ++i) {
      s += (i ? ", " : "") + c.declared_by[i];
    }
    if (c.declared_by.size() > 3) s += ", +" + std::to_string(c.declared_by.size() - 3);
    return s;
  }
  return c.dev ? "dev" : "production";
}

std::string via_text(const DependencyChange& c) {
  std::string s;
  for (std::size_t i = 0; i < c.via.size(); ++i) s += (i ? ", " : "") + c.via[i];
  return s.empty() ? "?" : s;
}

std::string install_text(const DependencyChange& c) {
  if (c.kind == ChangeKind::removed) return "";
  if (!c.install_known) return "?";
  if (c.install_scripts.empty()) return "none";
  std::string s;
  for (const auto& [stage, cmd] : c.install_scripts) {
    if (!s.empty()) s += "; ";
    s += cmd.empty() ? stage + " (text unknown)" : stage + ": " + cmd;
  }
  return (c.new_install_script ? "NEW " : "") + s;
}

std::string advisories_text(const DependencyChange& c) {
  if (!c.advisories_known) return "?";
  if (c.advisories.empty()) return "none";
  std::string s;
  for (const auto& a : c.advisories) s += (s.empty() ? "" : ", ") + a.severity + " " + a.id;
  return s;
}

std::string license_text(const DependencyChange& c) {
  if (!c.license_known) return "?";
  return c.license.empty() ? "none declared" : c.license;
}

std::string brings_text(const DependencyChange& c) {
  if (c.brings < 0) return "";
  return std::to_string(c.brings) + (c.brings_new > 0 ? " (" + std::to_string(c.brings_new) + " new)" : "");
}

// "origin/main (1a2b3c4): package-lock.json, 2222 packages"
std::string side_text(const core::DiffSide& s) {
  std::string label = s.label + (s.commit.size() >= 7 && !s.label.starts_with(s.commit.substr(0, 7))
                                     ? " (" + s.commit.substr(0, 7) + ")"
                                     : "");
  if (s.lockfile.empty()) return label + ": no lockfile";
  return label + ": " + s.lockfile + ", " + plural(s.packages, "package");
}

std::string summary_line(const DependencyDiff& d) {
  std::size_t direct_added = 0;
  for (const auto& c : d.changes) direct_added += c.kind == ChangeKind::added && c.direct ? 1 : 0;
  return std::to_string(d.count(ChangeKind::added)) + " added (" + std::to_string(direct_added) + " direct), " +
         std::to_string(d.count(ChangeKind::removed)) + " removed, " + std::to_string(d.count(ChangeKind::upgraded)) +
         " upgraded, " + std::to_string(d.count(ChangeKind::downgraded)) + " downgraded";
}

std::vector<const DependencyChange*> pick(const DependencyDiff& d, bool direct) {
  std::vector<const DependencyChange*> out;
  for (const auto& c : d.changes) {
    if (c.direct == direct) out.push_back(&c);
  }
  return out;
}

std::vector<const DependencyChange*> new_scripts(const DependencyDiff& d) {
  std::vector<const DependencyChange*> out;
  for (const auto& c : d.changes) {
    if (c.new_install_script) out.push_back(&c);
  }
  return out;
}

std::vector<const DependencyChange*> with_advisories(const DependencyDiff& d) {
  std::vector<const DependencyChange*> out;
  for (const auto& c : d.changes) {
    if (c.kind != ChangeKind::removed && !c.advisories.empty()) out.push_back(&c);
  }
  return out;
}

std::vector<std::string> caveats(const DependencyDiff& d) {
  std::vector<std::string> out;
  if (!d.missing_metadata.empty()) {
    std::string names;
    for (std::size_t i = 0; i < d.missing_metadata.size() && i < 10; ++i) {
      names += (i ? ", " : "") + d.missing_metadata[i];
    }
    if (d.missing_metadata.size() > 10) names += ", …";
    out.push_back("No registry metadata for " + plural(d.missing_metadata.size(), "changed package") + " (" +
                  names + "): their scores, scripts and licences show as ?.");
  }
  if (!d.advisories_problem.empty()) out.push_back("Advisories: " + d.advisories_problem);
  return out;
}

// "+ apps/worker (dependencies): dotenv@17.2.2, pino@10.1.0" per importer and block.
std::vector<std::string> declaration_lines(const DependencyDiff& d) {
  std::vector<std::string> out;
  std::string group;
  for (const auto& x : d.declarations) {
    std::string g = std::string(x.added ? "+ " : "- ") + x.importer + " (" + x.block + "): ";
    if (g != group) {
      out.push_back(g);
      group = g;
    } else {
      out.back() += ", ";
    }
    out.back() += x.name + "@" + x.version;
  }
  return out;
}

std::string pkg(const DependencyChange& c) {
  return c.name + "@" + (c.kind == ChangeKind::removed ? c.from : c.to);
}

}  // namespace

void write_diff_text(const DependencyDiff& d, std::ostream& out) {
  out << "archgate diff " << d.base.label << " → " << d.head.label << "\n";
  out << "  from " << side_text(d.base) << "\n  to   " << side_text(d.head) << "\n\n";
  auto declared = declaration_lines(d);
  if (d.changes.empty()) {
    out << (declared.empty() ? "No dependency changes.\n" : "No locked package added, removed or changed.\n");
  } else {
    out << summary_line(d) << "\n";
  }
  if (!declared.empty()) {
    out << "\nDeclarations of packages already locked (nothing new installed):\n";
    for (const auto& l : declared) out << "  " << l << '\n';
  }
  if (d.changes.empty()) {
    for (const auto& c : caveats(d)) out << "note: " << c << '\n';
    return;
  }
  if (auto s = new_scripts(d); !s.empty()) {
    out << "\nNew install scripts (they run on every install):\n";
    for (const auto* c : s) out << "  " << pkg(*c) << "  " << install_text(*c).substr(4) << '\n';
  }
  if (auto a = with_advisories(d); !a.empty()) {
    out << "\nAdvisories affecting versions this change locks:\n";
    for (const auto* c : a) {
      for (const auto& adv : c->advisories) {
        out << "  " << pkg(*c) << "  " << adv.severity << " " << adv.id << "  " << adv.title << '\n';
      }
    }
  }
  if (auto direct = pick(d, true); !direct.empty()) {
    out << "\nDirect dependencies:\n";
    std::vector<std::vector<std::string>> rows{
        {"", "package", "version", "declared in", "brings", "overall", "maintenance", "install scripts", "licence",
         "advisories"}};
    for (const auto* c : direct) {
      rows.push_back({std::string(mark(c->kind)), c->name, change_text(*c), block_of(*c), brings_text(*c),
                      c->kind == ChangeKind::removed ? "" : score(c->overall),
                      c->kind == ChangeKind::removed ? "" : score(c->maintenance), install_text(*c),
                      c->kind == ChangeKind::removed ? "" : license_text(*c),
                      c->kind == ChangeKind::removed ? "" : advisories_text(*c)});
    }
    write_table(out, rows, "  ");
  }
  if (auto trans = pick(d, false); !trans.empty()) {
    out << "\nTransitive dependencies:\n";
    std::vector<std::vector<std::string>> rows{
        {"", "package", "version", "via", "overall", "install scripts", "licence", "advisories"}};
    for (const auto* c : trans) {
      bool gone = c->kind == ChangeKind::removed;
      rows.push_back({std::string(mark(c->kind)), c->name, change_text(*c), via_text(*c),
                      gone ? "" : score(c->overall), install_text(*c), gone ? "" : license_text(*c),
                      gone ? "" : advisories_text(*c)});
    }
    write_table(out, rows, "  ");
  }
  out << "\nScores are 0-100, higher is better; ? = unknown. JSON: --format json.\n";
  for (const auto& c : caveats(d)) out << "note: " << c << '\n';
}

void write_diff_markdown(const DependencyDiff& d, std::ostream& out) {
  out << "## Dependency review: " << md_code(d.base.label) << " → " << md_code(d.head.label) << "\n\n";
  out << md_escape(side_text(d.base)) << " → " << md_escape(side_text(d.head)) << "\n\n";
  auto declared = declaration_lines(d);
  if (d.changes.empty()) {
    out << (declared.empty() ? "**No dependency changes.**\n" : "**No locked package added, removed or changed.**\n");
  } else {
    out << "**" << md_escape(summary_line(d)) << "**\n";
  }
  if (!declared.empty()) {
    out << "\nDeclarations of packages already locked (nothing new installed):\n";
    for (const auto& l : declared) out << "- " << md_escape(l) << '\n';
  }
  if (d.changes.empty()) {
    for (const auto& c : caveats(d)) out << "\n> " << md_escape(c) << '\n';
    return;
  }
  auto scripts = new_scripts(d);
  auto advisories = with_advisories(d);
  if (!scripts.empty() || !advisories.empty()) {
    out << "\n> [!WARNING]\n";
    if (!scripts.empty()) {
      out << "> **" << plural(scripts.size(), "new install script") << "** (they run on every install):\n";
      for (const auto* c : scripts) {
        out << "> - " << md_code(pkg(*c)) << " " << md_escape(install_text(*c).substr(4)) << '\n';
      }
    }
    if (!advisories.empty()) {
      out << "> **Advisories** against versions this change locks:\n";
      for (const auto* c : advisories) {
        for (const auto& a : c->advisories) {
          out << "> - " << md_code(pkg(*c)) << " " << md_escape(a.severity) << " ";
          if (!a.url.empty() && (a.url.starts_with("https://") || a.url.starts_with("http://"))) {
            out << "[" << md_escape(a.id) << "](" << a.url << ")";
          } else {
            out << md_escape(a.id);
          }
          out << ": " << md_escape(a.title) << '\n';
        }
      }
    }
  }
  std::size_t rows_left = k_markdown_rows;
  auto table = [&](const std::vector<const DependencyChange*>& list, bool direct) {
    if (direct) {
      out << "| | Package | Version | Declared in | Brings | Overall | Maintenance | Install scripts | Licence | "
             "Advisories |\n|---|---|---|---|---|---|---|---|---|---|\n";
    } else {
      out << "| | Package | Version | Via | Overall | Install scripts | Licence | Advisories |\n"
             "|---|---|---|---|---|---|---|---|\n";
    }
    std::size_t shown = 0;
    for (const auto* c : list) {
      if (rows_left == 0) break;
      --rows_left;
      ++shown;
      bool gone = c->kind == ChangeKind::removed;
      out << "| " << mark(c->kind) << " | " << md_code(c->name) << " | " << md_escape(change_text(*c)) << " | ";
      if (direct) {
        out << md_escape(block_of(*c)) << " | " << brings_text(*c) << " | ";
      } else {
        out << md_escape(via_text(*c)) << " | ";
      }
      out << (gone ? "" : score(c->overall)) << (gone || c->limited_by.empty() ? "" : " (" + md_escape(c->limited_by.substr(0, c->limited_by.find(" ("))) + ")") << " | ";
      if (direct) out << (gone ? "" : score(c->maintenance) + (c->maintenance_label.empty() ? "" : " " + c->maintenance_label)) << " | ";
      out << md_escape(install_text(*c)) << " | " << (gone ? "" : md_escape(license_text(*c))) << " | "
          << (gone ? "" : md_escape(advisories_text(*c))) << " |\n";
    }
    if (shown < list.size()) {
      out << "\n_" << list.size() - shown << " more not shown: `archgate diff --format json` lists every change._\n";
    }
  };
  if (auto direct = pick(d, true); !direct.empty()) {
    out << "\n### Direct dependencies\n\n";
    table(direct, true);
  }
  if (auto trans = pick(d, false); !trans.empty()) {
    std::size_t n[4] = {};
    for (const auto* c : trans) ++n[static_cast<int>(c->kind)];
    out << "\n<details><summary>Transitive dependencies: " << n[0] << " added, " << n[1] << " removed, " << n[2]
        << " upgraded, " << n[3] << " downgraded</summary>\n\n";
    table(trans, false);
    out << "\n</details>\n";
  }
  out << "\nScores are 0–100, higher is better; ? = unknown.\n";
  for (const auto& c : caveats(d)) out << "\n> " << md_escape(c) << '\n';
}

void write_diff_json(const DependencyDiff& d, std::ostream& out) {
  using json = nlohmann::ordered_json;  // keys in the order docs/diff.md lists them
  auto side = [](const core::DiffSide& s) {
    return json{{"label", s.label},
                {"commit", s.commit.empty() ? json(nullptr) : json(s.commit)},
                {"lockfile", s.lockfile.empty() ? json(nullptr) : json(s.lockfile)},
                {"format", s.format.empty() ? json(nullptr) : json(s.format)},
                {"packages", s.packages}};
  };
  auto num = [](int v) { return v < 0 ? json(nullptr) : json(v); };
  auto entry = [&](const DependencyChange& c) {
    json e{{"name", c.name},
           {"from", c.from.empty() ? json(nullptr) : json(c.from)},
           {"to", c.to.empty() ? json(nullptr) : json(c.to)},
           {"direct", c.direct},
           {"dev", c.dev},
           {"optional", c.optional}};
    if (!c.limited_by.empty()) e["limitedBy"] = c.limited_by;
    if (c.source != core::Source::registry) e["source"] = core::to_string(c.source);
    if (c.direct) {
      e["declaredBy"] = c.declared_by;
      e["brings"] = num(c.brings);
      e["bringsNew"] = num(c.brings_new);
    } else {
      e["via"] = c.via;
    }
    e["scores"] = {{"overall", num(c.overall)},
                   {"maintenance", num(c.maintenance)},
                   {"installScripts", num(c.install_scripts_score)},
                   {"weight", num(c.weight)}};
    e["maintenance"] = c.maintenance_label.empty() ? json(nullptr) : json(c.maintenance_label);
    e["deprecated"] = c.deprecated.empty() ? json(nullptr) : json(c.deprecated);
    e["license"] = c.license_known ? json(c.license) : json(nullptr);
    if (c.install_known) {
      json scripts = json::array();
      for (const auto& [stage, cmd] : c.install_scripts) {
        scripts.push_back({{"stage", stage}, {"command", cmd.empty() ? json(nullptr) : json(cmd)}});
      }
      e["installScripts"] = scripts;
    } else {
      e["installScripts"] = nullptr;
    }
    e["newInstallScript"] = c.new_install_script;
    if (c.advisories_known) {
      json adv = json::array();
      for (const auto& a : c.advisories) {
        adv.push_back({{"id", a.id}, {"severity", a.severity}, {"title", a.title}, {"url", a.url}});
      }
      e["advisories"] = adv;
    } else {
      e["advisories"] = nullptr;
    }
    return e;
  };
  json j{{"schemaVersion", 1}, {"base", side(d.base)}, {"head", side(d.head)}};
  std::size_t scripts = 0;
  std::size_t advisories = 0;
  for (const auto& c : d.changes) {
    scripts += c.new_install_script ? 1 : 0;
    advisories += c.kind != ChangeKind::removed ? c.advisories.size() : 0;
  }
  j["summary"] = {{"added", d.count(ChangeKind::added)},
                  {"removed", d.count(ChangeKind::removed)},
                  {"upgraded", d.count(ChangeKind::upgraded)},
                  {"downgraded", d.count(ChangeKind::downgraded)},
                  {"newInstallScripts", scripts},
                  {"advisories", advisories}};
  for (auto k : {ChangeKind::added, ChangeKind::removed, ChangeKind::upgraded, ChangeKind::downgraded}) {
    json list = json::array();
    for (const auto& c : d.changes) {
      if (c.kind == k) list.push_back(entry(c));
    }
    j[std::string(core::to_string(k))] = std::move(list);
  }
  json declared = json::array();
  for (const auto& x : d.declarations) {
    declared.push_back({{"change", x.added ? "added" : "removed"},
                        {"importer", x.importer},
                        {"block", x.block},
                        {"name", x.name},
                        {"version", x.version}});
  }
  j["declarations"] = std::move(declared);
  j["missingMetadata"] = d.missing_metadata;
  j["advisoriesProblem"] = d.advisories_problem.empty() ? json(nullptr) : json(d.advisories_problem);
  out << j.dump(2) << '\n';
}

}  // namespace archgate::reports
