#include "core/dep_diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/semver.hpp"

namespace archgate::core {

namespace {

std::string key_of(std::string_view name, std::string_view version) {
  std::string k;
  k.reserve(name.size() + version.size() + 1);
  k.append(name).append("@").append(version);
  return k;
}

std::string_view block_of(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::prod: return "dependencies";
    case EdgeKind::dev: return "devDependencies";
    case EdgeKind::optional: return "optionalDependencies";
    case EdgeKind::peer:
    case EdgeKind::peer_optional: return "peerDependencies";
  }
  return "dependencies";
}

// Orders versions by semver precedence; text that is not a version sorts
// after versions, by text.
bool version_less(const std::string& a, const std::string& b) {
  auto va = semver::parse_version(a, {.loose = true});
  auto vb = semver::parse_version(b, {.loose = true});
  if (va && vb) {
    int c = semver::compare(*va, *vb);
    return c != 0 ? c < 0 : a < b;
  }
  if (va || vb) {
    return static_cast<bool>(va);
  }
  return a < b;
}

// What one side knows per name@version beyond the inventory entry.
struct Side {
  const DependencyGraph* graph = nullptr;
  Inventory inventory;
  std::unordered_map<std::string, const InventoryEntry*> entries;  // name@version
  std::map<std::string, std::vector<std::string>, std::less<>> versions;  // name → versions
  std::unordered_map<std::string, std::vector<NodeId>> nodes;  // name@version → package nodes

  explicit Side(const DependencyGraph& g) : graph(&g), inventory(make_inventory(g)) {
    for (const auto& e : inventory.packages) {
      entries.emplace(key_of(e.name, e.version), &e);
      versions[std::string(e.name)].emplace_back(e.version);
    }
    for (NodeId id = 0; id < g.nodes.size(); ++id) {
      const auto& n = g.nodes[id];
      if (n.role == NodeRole::package && !n.name.empty()) {
        nodes[key_of(n.name, n.version)].push_back(id);
      }
    }
  }

  [[nodiscard]] std::vector<std::string> declared_by(const std::string& key) const {
    std::set<std::string> out;
    auto it = nodes.find(key);
    if (it == nodes.end()) return {};
    std::unordered_set<NodeId> targets(it->second.begin(), it->second.end());
    for (NodeId id = 0; id < graph->nodes.size(); ++id) {
      if (!graph->is_importer(id)) continue;
      for (const auto& e : graph->out_edges(id)) {
        if (e.to != k_no_node && !e.indirect && targets.count(e.to)) {
          std::string where = graph->nodes[id].path.empty() ? "." : std::string(graph->nodes[id].path);
          out.insert(where + " (" + std::string(block_of(e.kind)) + ")");
        }
      }
    }
    return {out.begin(), out.end()};
  }

  // "importer\tblock\tname\tversion" of every declaration that resolves to a package.
  [[nodiscard]] std::set<std::string> declarations() const {
    std::set<std::string> out;
    for (NodeId id = 0; id < graph->nodes.size(); ++id) {
      if (!graph->is_importer(id)) continue;
      for (const auto& e : graph->out_edges(id)) {
        if (e.to == k_no_node || e.indirect || graph->nodes[e.to].role != NodeRole::package) continue;
        const auto& n = graph->nodes[e.to];
        out.insert((graph->nodes[id].path.empty() ? std::string(".") : std::string(graph->nodes[id].path)) + "\t" +
                   std::string(block_of(e.kind)) + "\t" + std::string(n.name) + "\t" + std::string(n.version));
      }
    }
    return out;
  }

  // name@version of every package in the subtree of `key`, itself excluded.
  [[nodiscard]] std::unordered_set<std::string> subtree(const std::string& key) const {
    std::unordered_set<std::string> out;
    auto it = nodes.find(key);
    if (it == nodes.end()) return out;
    std::vector<NodeId> stack(it->second.begin(), it->second.end());
    std::vector<char> seen(graph->nodes.size(), 0);
    for (auto id : stack) seen[id] = 1;
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      for (const auto& e : graph->out_edges(id)) {
        if (e.to == k_no_node || seen[e.to] || graph->nodes[e.to].role != NodeRole::package) continue;
        seen[e.to] = 1;
        stack.push_back(e.to);
        auto k = key_of(graph->nodes[e.to].name, graph->nodes[e.to].version);
        if (k != key) out.insert(std::move(k));
      }
    }
    return out;
  }
};

}  // namespace

std::string_view to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added: return "added";
    case ChangeKind::removed: return "removed";
    case ChangeKind::upgraded: return "upgraded";
    case ChangeKind::downgraded: return "downgraded";
  }
  return "added";
}

std::size_t DependencyDiff::count(ChangeKind k) const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [k](const DependencyChange& c) { return c.kind == k; }));
}

DependencyDiff diff_graphs(const DependencyGraph& base_graph, const DependencyGraph& head_graph) {
  Side base(base_graph);
  Side head(head_graph);
  DependencyDiff diff;
  diff.base.lockfile = base_graph.lockfile_path;
  diff.base.format = base_graph.format;
  diff.base.packages = base.inventory.packages.size();
  diff.head.lockfile = head_graph.lockfile_path;
  diff.head.format = head_graph.format;
  diff.head.packages = head.inventory.packages.size();

  auto fill = [](DependencyChange& c, const InventoryEntry& e) {
    c.direct = e.direct;
    c.dev = e.dev;
    c.optional = e.optional;
    c.source = e.source;
  };
  std::set<std::string> names;
  for (const auto& [n, v] : base.versions) names.insert(n);
  for (const auto& [n, v] : head.versions) names.insert(n);
  for (const auto& name : names) {
    auto bi = base.versions.find(name);
    auto hi = head.versions.find(name);
    std::vector<std::string> only_base;
    std::vector<std::string> only_head;
    if (bi != base.versions.end()) {
      for (const auto& v : bi->second) {
        if (!head.entries.count(key_of(name, v))) only_base.push_back(v);
      }
    }
    if (hi != head.versions.end()) {
      for (const auto& v : hi->second) {
        if (!base.entries.count(key_of(name, v))) only_head.push_back(v);
      }
    }
    std::sort(only_base.begin(), only_base.end(), version_less);
    std::sort(only_head.begin(), only_head.end(), version_less);
    auto change = [&](const std::string& from, const std::string& to) {
      DependencyChange c;
      c.name = name;
      c.from = from;
      c.to = to;
      c.kind = version_less(from, to) ? ChangeKind::upgraded : ChangeKind::downgraded;
      fill(c, *head.entries.at(key_of(name, to)));
      diff.changes.push_back(std::move(c));
    };
    std::size_t paired = std::min(only_base.size(), only_head.size());
    for (std::size_t i = 0; i < paired; ++i) {
      change(only_base[i], only_head[i]);
    }
    // A direct dependency moved to a version the other side already had
    // (typescript 5.9.2 → the 6.0.0 another package locked before): one
    // change of the declared version, not a removal or an addition.
    auto direct_version = [&](const Side& side, const std::vector<std::string>& skip) -> std::string {
      auto it = side.versions.find(name);
      if (it == side.versions.end()) return {};
      for (const auto& v : it->second) {
        if (side.entries.at(key_of(name, v))->direct && std::find(skip.begin(), skip.end(), v) == skip.end()) {
          return v;
        }
      }
      return {};
    };
    for (std::size_t i = paired; i < only_head.size(); ++i) {
      const auto& to = only_head[i];
      std::string from = head.entries.at(key_of(name, to))->direct ? direct_version(base, only_base) : "";
      if (!from.empty() && head.entries.count(key_of(name, from)) && !head.entries.at(key_of(name, from))->direct) {
        change(from, to);
        continue;
      }
      DependencyChange c;
      c.kind = ChangeKind::added;
      c.name = name;
      c.to = to;
      fill(c, *head.entries.at(key_of(name, c.to)));
      diff.changes.push_back(std::move(c));
    }
    for (std::size_t i = paired; i < only_base.size(); ++i) {
      const auto& from = only_base[i];
      std::string to = base.entries.at(key_of(name, from))->direct ? direct_version(head, only_head) : "";
      if (!to.empty() && base.entries.count(key_of(name, to)) && !base.entries.at(key_of(name, to))->direct) {
        change(from, to);
        continue;
      }
      DependencyChange c;
      c.kind = ChangeKind::removed;
      c.name = name;
      c.from = from;
      fill(c, *base.entries.at(key_of(name, c.from)));
      diff.changes.push_back(std::move(c));
    }
  }

  // Who declares each direct entry, who brings each transitive one, and how
  // much each direct addition or change pulls in.
  auto head_sources = direct_sources(head_graph, 3);
  auto base_sources = direct_sources(base_graph, 3);
  for (auto& c : diff.changes) {
    bool on_base = c.kind == ChangeKind::removed;
    const Side& side = on_base ? base : head;
    const auto& sources = on_base ? base_sources : head_sources;
    std::string key = key_of(c.name, on_base ? c.from : c.to);
    if (c.direct) {
      c.declared_by = side.declared_by(key);
      if (!on_base) {
        auto sub = side.subtree(key);
        c.brings = static_cast<int>(sub.size());
        c.brings_new = static_cast<int>(std::count_if(sub.begin(), sub.end(), [&](const std::string& k) {
          return !base.entries.count(k);
        }));
      }
      continue;
    }
    std::set<std::string> via;
    if (auto it = side.nodes.find(key); it != side.nodes.end()) {
      for (auto id : it->second) {
        for (auto s : sources[id]) {
          if (via.size() < 3) via.insert(std::string(side.graph->nodes[s].name));
        }
      }
    }
    c.via.assign(via.begin(), via.end());
  }
  // Declarations of packages both sides lock.
  auto split = [](const std::string& s) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t tab = s.find('\t'); tab != std::string::npos; tab = s.find('\t', start)) {
      f.push_back(s.substr(start, tab - start));
      start = tab + 1;
    }
    f.push_back(s.substr(start));
    return f;
  };
  auto base_decl = base.declarations();
  auto head_decl = head.declarations();
  for (int pass = 0; pass < 2; ++pass) {
    const auto& mine = pass == 0 ? head_decl : base_decl;
    const auto& theirs = pass == 0 ? base_decl : head_decl;
    const Side& other = pass == 0 ? base : head;
    for (const auto& d : mine) {
      if (theirs.count(d)) continue;
      auto f = split(d);
      if (f.size() != 4 || !other.entries.count(key_of(f[2], f[3]))) continue;
      bool listed = std::any_of(diff.changes.begin(), diff.changes.end(), [&](const DependencyChange& c) {
        return c.name == f[2] && (pass == 0 ? c.to : c.from) == f[3];
      });
      if (listed) continue;
      diff.declarations.push_back({pass == 0, f[0], f[1], f[2], f[3]});
    }
  }

  std::stable_sort(diff.changes.begin(), diff.changes.end(), [](const DependencyChange& a, const DependencyChange& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.name != b.name) return a.name < b.name;
    return version_less(a.to.empty() ? a.from : a.to, b.to.empty() ? b.from : b.to);
  });
  return diff;
}

}  // namespace archgate::core
