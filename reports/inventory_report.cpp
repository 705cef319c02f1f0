#include "reports/inventory_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace archgate::reports {

void write_inventory_json(const core::Project& project, const core::Inventory& inv,
                          std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["schemaVersion"] = 1;
  if (project.lockfile && project.graph) {
    doc["lockfile"] = {{"path", project.lockfile->path},
                       {"format", project.graph->format},
                       {"lockfileVersion", project.graph->lockfile_version}};
  } else {
    doc["lockfile"] = nullptr;
  }
  auto packages = nlohmann::ordered_json::array();
  for (const auto& p : inv.packages) {
    nlohmann::ordered_json j;
    j["name"] = p.name;
    j["version"] = p.version;
    j["dev"] = p.dev;
    j["optional"] = p.optional;
    j["direct"] = p.direct;
    if (p.source != core::Source::registry) {
      j["source"] = std::string(core::to_string(p.source));
    }
    packages.push_back(std::move(j));
  }
  doc["packages"] = std::move(packages);
  auto workspaces = nlohmann::ordered_json::array();
  for (const auto& w : inv.workspaces) {
    workspaces.push_back(
        {{"name", w.name}, {"version", w.version}, {"path", w.path}, {"kind", w.kind}});
  }
  doc["workspaces"] = std::move(workspaces);
  out << doc.dump(2) << '\n';
}

void write_inventory_text(const core::Project& project, const core::Inventory& inv,
                          std::ostream& out) {
  if (project.lockfile && project.graph) {
    out << project.lockfile->path << " (" << project.graph->format << "): " << inv.packages.size()
        << " packages";
    if (!inv.workspaces.empty()) {
      out << ", " << inv.workspaces.size() << " workspaces/links";
    }
    out << "\n";
  }
  std::size_t width = 4;
  for (const auto& p : inv.packages) {
    width = std::max(width, p.name.size() + 1 + p.version.size());
  }
  for (const auto& p : inv.packages) {
    std::string id = p.name + "@" + p.version;
    out << id << std::string(width - id.size() + 2, ' ');
    std::string flags;
    auto add = [&](std::string_view f) {
      flags += flags.empty() ? "" : ",";
      flags += f;
    };
    if (p.direct) {
      add("direct");
    }
    add(p.dev ? "dev" : "prod");
    if (p.optional) {
      add("optional");
    }
    if (p.source != core::Source::registry) {
      add(core::to_string(p.source));
    }
    out << flags << '\n';
  }
  for (const auto& w : inv.workspaces) {
    out << "workspace " << w.name << "@" << w.version << " at " << w.path
        << (w.kind == "link" ? " (link)" : "") << '\n';
  }
}

}  // namespace archgate::reports
