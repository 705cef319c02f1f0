#include "reports/graph_report.hpp"

#include "reports/json_writer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/glob.hpp"

namespace archgate::reports {

namespace {

// Paths come from the file system: a name with a byte that is not UTF-8
// must still give valid JSON (written as U+FFFD, as every JSON report does).
void json_string(std::ostream& out, std::string_view s) {
  std::string buf;
  append_json_string(buf, s);
  out << buf;
}

std::string collapse_path(std::string_view path, int depth) {
  std::size_t pos = 0;
  for (int i = 0; i < depth; ++i) {
    auto slash = path.find('/', pos);
    if (slash == std::string_view::npos) return std::string(path);
    pos = slash + 1;
  }
  return std::string(path.substr(0, pos == 0 ? path.size() : pos - 1));
}

bool matches(std::string_view glob, std::string_view path) {
  return core::glob_match(glob, path) || path.starts_with(glob);
}

}  // namespace

core::ModuleGraph select(core::ModuleGraph&& graph, const GraphView& view) {
  if (!view.focus.empty() || view.collapse > 0) return select(static_cast<const core::ModuleGraph&>(graph), view);
  core::ModuleGraph out = std::move(graph);
  if (!view.include_types) {
    std::erase_if(out.edges, [](const core::ModuleEdge& e) { return e.kind == core::ModuleEdgeKind::type; });
  }
  return out;
}

core::ModuleGraph select(const core::ModuleGraph& graph, const GraphView& view) {
  core::ModuleGraph out;
  std::vector<bool> focused(graph.files.size(), view.focus.empty());
  if (!view.focus.empty()) {
    for (std::size_t i = 0; i < graph.files.size(); ++i) focused[i] = matches(view.focus, graph.files[i].path);
  }
  auto keep = [&](const core::ModuleEdge& e) {
    if (!view.include_types && e.kind == core::ModuleEdgeKind::type) return false;
    if (view.focus.empty()) return true;
    return focused[e.from] || (e.to_file >= 0 && focused[static_cast<std::size_t>(e.to_file)]);
  };
  if (view.collapse <= 0) {
    if (view.focus.empty()) {
      out.files = graph.files;
      for (const auto& e : graph.edges) {
        if (keep(e)) out.edges.push_back(e);
      }
      return out;
    }
    // Focused: the matching files and the files their kept edges touch.
    std::vector<bool> shown = focused;
    for (const auto& e : graph.edges) {
      if (!keep(e)) continue;
      shown[e.from] = true;
      if (e.to_file >= 0) shown[static_cast<std::size_t>(e.to_file)] = true;
    }
    std::vector<std::int32_t> remap(graph.files.size(), -1);
    for (std::size_t i = 0; i < graph.files.size(); ++i) {
      if (!shown[i]) continue;
      remap[i] = static_cast<std::int32_t>(out.files.size());
      out.files.push_back(graph.files[i]);
    }
    for (const auto& e : graph.edges) {
      if (!keep(e)) continue;
      core::ModuleEdge c = e;
      c.from = static_cast<std::uint32_t>(remap[e.from]);
      if (e.to_file >= 0) c.to_file = remap[static_cast<std::size_t>(e.to_file)];
      out.edges.push_back(std::move(c));
    }
    return out;
  }
  // Folders: one node per collapsed path; one edge per (from, to, kind).
  std::map<std::string, std::uint32_t> nodes;
  std::vector<std::uint32_t> node_of(graph.files.size());
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    auto key = collapse_path(graph.files[i].path, view.collapse);
    auto [it, fresh] = nodes.emplace(key, 0);
    (void)fresh;
    (void)it;
  }
  std::uint32_t n = 0;
  for (auto& [key, id] : nodes) {
    id = n++;
    core::SourceFileInfo info;
    info.path = key;
    out.files.push_back(std::move(info));
  }
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    const auto& path = graph.files[i].path;
    node_of[i] = nodes[collapse_path(path, view.collapse)];
    if (out.files[node_of[i]].workspace.empty()) out.files[node_of[i]].workspace = graph.files[i].workspace;
  }
  std::set<std::tuple<std::uint32_t, std::string, int>> seen;
  for (const auto& e : graph.edges) {
    if (!keep(e)) continue;
    core::ModuleEdge c = e;
    c.from = node_of[e.from];
    if (e.to_file >= 0) {
      c.to_file = static_cast<std::int32_t>(node_of[static_cast<std::size_t>(e.to_file)]);
      c.to = out.files[static_cast<std::size_t>(c.to_file)].path;
      if (c.to_file == static_cast<std::int32_t>(c.from)) continue;  // inside one folder
    }
    if (!seen.emplace(c.from, c.to, static_cast<int>(c.kind)).second) continue;
    c.line = 0;
    c.column = 0;
    out.edges.push_back(std::move(c));
  }
  return out;
}

void write_graph_json(const core::ModuleGraph& graph, std::ostream& out) {
  out << "{\n  \"schemaVersion\": 1,\n  \"files\": [";
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    const auto& f = graph.files[i];
    out << (i ? ",\n    " : "\n    ") << "{\"path\": ";
    json_string(out, f.path);
    out << ", \"workspace\": ";
    json_string(out, f.workspace);
    if (!f.skipped.empty()) {
      out << ", \"skipped\": ";
      json_string(out, f.skipped);
    }
    out << '}';
  }
  out << (graph.files.empty() ? "],\n" : "\n  ],\n") << "  \"edges\": [";
  for (std::size_t i = 0; i < graph.edges.size(); ++i) {
    const auto& e = graph.edges[i];
    out << (i ? ",\n    " : "\n    ") << "{\"from\": ";
    json_string(out, graph.files[e.from].path);
    out << ", \"to\": ";
    json_string(out, e.to);
    out << ", \"resolved\": \"" << core::to_string(e.resolved) << "\", \"kind\": \"" << core::to_string(e.kind)
        << "\", \"line\": " << e.line << ", \"column\": " << e.column;
    if (e.spec != e.to) {
      out << ", \"specifier\": ";
      json_string(out, e.spec);
    }
    if (!e.note.empty()) {
      out << ", \"note\": ";
      json_string(out, e.note);
    }
    out << '}';
  }
  out << (graph.edges.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

void write_graph_text(const core::ModuleGraph& graph, std::ostream& out) {
  std::size_t e = 0;
  std::size_t unresolved = 0;
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    out << graph.files[i].path;
    if (!graph.files[i].skipped.empty()) out << "  (skipped: " << graph.files[i].skipped << ")";
    out << '\n';
    while (e < graph.edges.size() && graph.edges[e].from < i) ++e;
    for (; e < graph.edges.size() && graph.edges[e].from == i; ++e) {
      const auto& x = graph.edges[e];
      out << "  " << (x.resolved == core::Resolved::unresolved ? "✗ " : "→ ") << x.to;
      if (x.resolved != core::Resolved::file) out << " [" << core::to_string(x.resolved) << ']';
      if (x.kind != core::ModuleEdgeKind::static_import) out << " (" << core::to_string(x.kind) << ')';
      if (x.line > 0) out << "  :" << x.line;
      out << '\n';
      if (x.resolved == core::Resolved::unresolved) ++unresolved;
    }
  }
  out << '\n' << graph.files.size() << " files, " << graph.edges.size() << " references";
  if (unresolved) out << ", " << unresolved << " unresolved";
  out << '\n';
}

void write_graph_dot(const core::ModuleGraph& graph, std::ostream& out) {
  out << "digraph archgate {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n";
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    out << "  n" << i << " [label=";
    json_string(out, graph.files[i].path);
    out << "];\n";
  }
  std::set<std::pair<std::size_t, std::size_t>> seen;
  for (const auto& e : graph.edges) {
    if (e.to_file < 0) continue;
    if (!seen.emplace(e.from, static_cast<std::size_t>(e.to_file)).second) continue;
    out << "  n" << e.from << " -> n" << e.to_file;
    if (e.kind == core::ModuleEdgeKind::type) out << " [style=dotted]";
    else if (e.kind == core::ModuleEdgeKind::dynamic) out << " [style=dashed]";
    out << ";\n";
  }
  out << "}\n";
}

void write_graph_mermaid(const core::ModuleGraph& graph, std::ostream& out) {
  out << "graph LR\n";
  for (std::size_t i = 0; i < graph.files.size(); ++i) {
    std::string label = graph.files[i].path;
    std::replace(label.begin(), label.end(), '"', '\'');
    out << "  n" << i << "[\"" << label << "\"]\n";
  }
  std::set<std::pair<std::size_t, std::size_t>> seen;
  for (const auto& e : graph.edges) {
    if (e.to_file < 0) continue;
    if (!seen.emplace(e.from, static_cast<std::size_t>(e.to_file)).second) continue;
    out << "  n" << e.from << (e.kind == core::ModuleEdgeKind::type || e.kind == core::ModuleEdgeKind::dynamic ? " -.-> n" : " --> n")
        << e.to_file << '\n';
  }
}

}  // namespace archgate::reports
