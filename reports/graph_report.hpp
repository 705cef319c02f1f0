#pragma once
// `archgate graph` output: the module graph as JSON (schemaVersion 1, see
// docs/output-formats.md), text, Graphviz dot or Mermaid.
#include <ostream>
#include <string>

#include "core/module_graph.hpp"

namespace archgate::reports {

struct GraphView {
  bool include_types = false;  // type-only edges too
  std::string focus;           // glob: only edges from or to matching files
  int collapse = 0;            // > 0: files collapse to their first N path segments
};

// The graph `view` selects: edges filtered and (with collapse) folded into
// folder-to-folder edges. Files keep their order.
core::ModuleGraph select(const core::ModuleGraph& graph, const GraphView& view);
// The same, taking the graph: the whole graph with only type edges dropped
// (no focus, no collapse) is then moved, not copied.
core::ModuleGraph select(core::ModuleGraph&& graph, const GraphView& view);

void write_graph_json(const core::ModuleGraph& graph, std::ostream& out);
void write_graph_text(const core::ModuleGraph& graph, std::ostream& out);
void write_graph_dot(const core::ModuleGraph& graph, std::ostream& out);
void write_graph_mermaid(const core::ModuleGraph& graph, std::ostream& out);

}  // namespace archgate::reports
