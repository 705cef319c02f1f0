#include "core/module_graph.hpp"

#include <algorithm>
#include <deque>
#include <limits>

namespace archgate::core {

std::string_view to_string(ModuleEdgeKind kind) {
  switch (kind) {
    case ModuleEdgeKind::static_import: return "static";
    case ModuleEdgeKind::dynamic: return "dynamic";
    case ModuleEdgeKind::type: return "type";
    case ModuleEdgeKind::require: return "require";
    case ModuleEdgeKind::reexport: return "reexport";
    case ModuleEdgeKind::side_effect: return "side-effect";
    case ModuleEdgeKind::resolve: return "resolve";
  }
  return "static";
}

std::string_view to_string(Resolved r) {
  switch (r) {
    case Resolved::file: return "file";
    case Resolved::package: return "package";
    case Resolved::builtin: return "builtin";
    case Resolved::unresolved: return "unresolved";
  }
  return "unresolved";
}

namespace {

// Adjacency lists (CSR) of file-to-file edges.
struct Adjacency {
  std::vector<std::uint32_t> start;
  std::vector<std::uint32_t> targets;
};

Adjacency adjacency(const ModuleGraph& g, bool include_types) {
  Adjacency a;
  std::size_t n = g.files.size();
  a.start.assign(n + 1, 0);
  for (const auto& e : g.edges) {
    if (e.to_file < 0 || (!include_types && !ModuleGraph::runtime(e))) continue;
    ++a.start[e.from + 1];
  }
  for (std::size_t i = 0; i < n; ++i) a.start[i + 1] += a.start[i];
  a.targets.resize(a.start[n]);
  std::vector<std::uint32_t> fill(a.start.begin(), a.start.end() - 1);
  for (const auto& e : g.edges) {
    if (e.to_file < 0 || (!include_types && !ModuleGraph::runtime(e))) continue;
    a.targets[fill[e.from]++] = static_cast<std::uint32_t>(e.to_file);
  }
  return a;
}

}  // namespace

namespace {

std::vector<std::vector<std::uint32_t>> components(const ModuleGraph& graph, const Adjacency& adj) {
  const std::size_t n = graph.files.size();
  constexpr std::uint32_t unvisited = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index(n, unvisited), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::uint32_t> stack;
  std::vector<std::vector<std::uint32_t>> out;
  std::uint32_t counter = 0;
  // Iterative Tarjan: (node, next edge offset) frames.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> call;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != unvisited) continue;
    call.emplace_back(root, adj.start[root]);
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!call.empty()) {
      auto& [v, next] = call.back();
      if (next < adj.start[v + 1]) {
        std::uint32_t w = adj.targets[next++];
        if (index[w] == unvisited) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          call.emplace_back(w, adj.start[w]);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      std::uint32_t done = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] == index[done]) {
        std::vector<std::uint32_t> comp;
        std::uint32_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp.push_back(w);
        } while (w != done);
        bool self_loop = false;
        if (comp.size() == 1) {
          for (auto i = adj.start[done]; i < adj.start[done + 1]; ++i) self_loop |= adj.targets[i] == done;
        }
        if (comp.size() > 1 || self_loop) {
          std::sort(comp.begin(), comp.end());  // files are sorted by path: index order is path order
          out.push_back(std::move(comp));
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return out;
}

std::vector<std::uint32_t> shortest_cycle(const Adjacency& adj, const std::vector<std::uint32_t>& component,
                                          std::vector<char>& in_comp, std::vector<std::uint32_t>& parent) {
  for (auto v : component) in_comp[v] = 1;
  std::vector<std::uint32_t> best;
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::size_t tries = std::min<std::size_t>(component.size(), 16);
  for (std::size_t t = 0; t < tries; ++t) {
    std::uint32_t s = component[t];
    // BFS from s until an edge back to s.
    for (auto v : component) parent[v] = none;
    std::deque<std::uint32_t> queue{s};
    parent[s] = s;
    std::uint32_t last = none;
    while (!queue.empty() && last == none) {
      auto v = queue.front();
      queue.pop_front();
      for (auto i = adj.start[v]; i < adj.start[v + 1]; ++i) {
        auto w = adj.targets[i];
        if (!in_comp[w]) continue;
        if (w == s) {
          last = v;
          break;
        }
        if (parent[w] == none) {
          parent[w] = v;
          queue.push_back(w);
        }
      }
    }
    if (last == none) continue;
    std::vector<std::uint32_t> path;
    for (auto v = last; v != s; v = parent[v]) path.push_back(v);
    path.push_back(s);
    std::reverse(path.begin(), path.end());
    path.push_back(s);
    if (best.empty() || path.size() < best.size()) best = std::move(path);
  }
  for (auto v : component) in_comp[v] = 0;
  return best;
}

}  // namespace

std::vector<std::size_t> edge_starts(const ModuleGraph& graph) {
  std::vector<std::size_t> starts(graph.files.size() + 1, graph.edges.size());
  for (std::size_t i = graph.edges.size(); i-- > 0;) starts[graph.edges[i].from] = i;
  for (std::size_t v = graph.files.size(); v-- > 0;) starts[v] = std::min(starts[v], starts[v + 1]);
  return starts;
}

std::vector<FileCycle> find_cycles(const ModuleGraph& graph, bool include_types) {
  const auto adj = adjacency(graph, include_types);
  std::vector<FileCycle> out;
  std::vector<char> in_comp(graph.files.size(), 0);
  std::vector<std::uint32_t> parent(graph.files.size(), std::numeric_limits<std::uint32_t>::max());
  for (auto& comp : components(graph, adj)) {
    FileCycle c;
    c.cycle = shortest_cycle(adj, comp, in_comp, parent);
    c.files = std::move(comp);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace archgate::core
