#pragma once
// DependencyGraph: the one resolved dependency graph every lockfile reader fills.
//
// One Node per installed package instance (an npm install path, a pnpm
// snapshot key, a yarn resolution, a bun package key), plus one node per
// importer: the root project and each workspace. Edges go from a node to the
// node its dependency resolves to (k_no_node when the lockfile has no
// resolution for it). Link entries (npm `link: true`, pnpm `link:`) are not
// nodes of their own: the reader points edges straight at the link target.
//
// Strings are views. They point either into the lockfile bytes, which the
// graph keeps alive (hold()), or into the graph's arena (intern()). A graph
// is move-only for that reason.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::core {

using NodeId = std::uint32_t;
inline constexpr NodeId k_no_node = UINT32_MAX;

// The kind of a dependency declaration, as the declaring manifest put it.
enum class EdgeKind : std::uint8_t { prod, dev, optional, peer, peer_optional };

// Where an installed package came from. Oracle/inventory name: registry is
// omitted, others print as their lowercase name.
enum class Source : std::uint8_t { registry, git, tarball, directory, link };

enum class NodeRole : std::uint8_t {
  package,    // an installed package
  root,       // the root project (importer ".")
  workspace,  // a workspace project (importer)
  linked_dir  // a local directory installed by link/file: that is not a workspace
};

struct Node {
  std::string_view name;
  std::string_view version;
  std::string_view path;       // install path or lockfile key ("" for the root)
  std::string_view resolved;   // URL / git ref / path as recorded
  std::string_view integrity;  // SRI string(s) as recorded
  std::string_view license;
  std::string_view deprecated;    // deprecation message when recorded
  std::string_view engines_node;  // engines.node range when recorded
  std::string_view os;            // comma-joined when recorded
  std::string_view cpu;           // comma-joined when recorded
  NodeRole role = NodeRole::package;
  Source source = Source::registry;
  // Flags. npm records them; for other formats compute_flags() derives them.
  bool dev = false;
  bool optional = false;
  bool dev_optional = false;
  bool peer = false;
  bool in_bundle = false;
  bool has_bin = false;
  bool extraneous = false;  // recorded as extraneous, or a folder nothing links to
  // nullopt when the format does not record install scripts.
  std::optional<bool> has_install_script;
  std::uint32_t offset = 0;  // byte offset of the entry in the lockfile text
  std::uint32_t edges_begin = 0;
  std::uint32_t edges_end = 0;
};

struct Edge {
  std::string_view name;  // the name the dependent uses (an alias for npm:)
  std::string_view spec;  // the declared range/spec
  EdgeKind kind = EdgeKind::prod;
  NodeId from = k_no_node;
  NodeId to = k_no_node;  // k_no_node: unresolved (missing optional, etc.)
  // An importer edge whose target the package manager does not list as a
  // direct dependency (bun: a name the workspace also declares as a peer).
  bool indirect = false;
};

// Chunked arena for strings the graph must own (unescaped JSON, built keys).
class StringArena {
 public:
  std::string_view store(std::string_view s);

 private:
  std::vector<std::unique_ptr<char[]>> m_blocks;
  std::size_t m_used = 0;
  std::size_t m_capacity = 0;
};

class DependencyGraph {
 public:
  DependencyGraph() = default;
  DependencyGraph(DependencyGraph&&) noexcept = default;
  DependencyGraph& operator=(DependencyGraph&&) noexcept = default;
  DependencyGraph(const DependencyGraph&) = delete;
  DependencyGraph& operator=(const DependencyGraph&) = delete;

  std::string lockfile_path;     // project-relative
  std::string format;            // e.g. "npm-v3", "pnpm-v9", "yarn-berry-v8"
  std::string lockfile_version;  // as written in the file
  std::string manager;           // npm, yarn, pnpm, bun
  bool flags_recorded = false;   // dev/optional recorded by the lockfile itself
  bool install_scripts_recorded = false;

  std::vector<Node> nodes;
  std::vector<Edge> edges;

  NodeId add_node(Node node) {
    nodes.push_back(node);
    return static_cast<NodeId>(nodes.size() - 1);
  }
  void add_edge(NodeId from, std::string_view name, std::string_view spec, EdgeKind kind,
                NodeId to = k_no_node) {
    edges.push_back(Edge{name, spec, kind, from, to});
  }

  // Copies `s` into the graph's arena and returns a view of the copy.
  std::string_view intern(std::string_view s) { return m_arena.store(s); }
  StringArena& arena() { return m_arena; }
  // Keeps `buffer` alive as long as the graph (the lockfile bytes that views
  // point into). Also remembers it as the text used by location().
  void hold_text(std::shared_ptr<const std::string> text);
  void hold(std::shared_ptr<const void> buffer) { m_held.push_back(std::move(buffer)); }

  // Sorts edges by their `from` node (stable) and fills edges_begin/end.
  // Readers call it once all edges are added.
  void finalize();

  [[nodiscard]] std::span<const Edge> out_edges(NodeId id) const {
    const auto& n = nodes[id];
    return {edges.data() + n.edges_begin, edges.data() + n.edges_end};
  }
  [[nodiscard]] bool is_importer(NodeId id) const {
    return nodes[id].role == NodeRole::root || nodes[id].role == NodeRole::workspace;
  }

  // 1-based line and column of a byte offset in the lockfile text. The
  // first call indexes line starts (O(size)); later calls are O(log lines).
  struct LineCol {
    int line = 0;
    int column = 0;
  };
  [[nodiscard]] LineCol location(std::uint32_t offset) const {
    std::size_t from = 0;
    return location(offset, from);
  }
  // The same, searching from the line `hint` on (0: from the start), and
  // setting it to the line found: a caller that asks in file order (one
  // finding per package) finds each line a few entries on, not by a binary
  // search over hundreds of thousands of lines, a cache miss a step.
  [[nodiscard]] LineCol location(std::uint32_t offset, std::size_t& hint) const;
  [[nodiscard]] std::string_view text() const { return m_text ? *m_text : std::string_view{}; }

 private:
  StringArena m_arena;
  std::vector<std::shared_ptr<const void>> m_held;
  std::shared_ptr<const std::string> m_text;
  mutable std::vector<std::uint32_t> m_line_starts;
};

// Derives dev/optional for formats that do not record them, the way the
// package managers do: a package is `dev` when no path from an importer's
// dependencies/optionalDependencies/peerDependencies reaches it (only dev
// edges lead to it); `optional` when every path goes through an optional
// edge. Peer edges count as dependency edges, optional peers as optional.
void compute_flags(DependencyGraph& graph);

// For every node, up to `cap` direct dependencies (targets of an importer's
// edges) from which it is reachable, in the order found: the packages a
// user edits to get rid of a transitive one. Direct dependencies list
// themselves. O(cap × edges).
// Stored flat, `cap` slots a node: one allocation, not one list per node.
class SourceLists {
 public:
  SourceLists(std::size_t nodes, std::size_t cap) : m_cap(cap), m_ids(nodes * cap), m_count(nodes, 0) {}
  [[nodiscard]] std::span<const NodeId> operator[](NodeId id) const {
    return {m_ids.data() + static_cast<std::size_t>(id) * m_cap, m_count[id]};
  }
  // Appends `label` to the node's list unless it is full or has it already.
  bool add(NodeId id, NodeId label) {
    auto list = (*this)[id];
    if (list.size() >= m_cap || std::find(list.begin(), list.end(), label) != list.end()) return false;
    m_ids[static_cast<std::size_t>(id) * m_cap + m_count[id]++] = label;
    return true;
  }

 private:
  std::size_t m_cap;
  std::vector<NodeId> m_ids;
  std::vector<std::uint8_t> m_count;
};
SourceLists direct_sources(const DependencyGraph& graph, std::size_t cap);

// One entry per name@version, as `archgate inventory` prints it. Name and
// version view the graph's strings: an Inventory lives no longer than the
// graph it was made from (copying 50,000 names was a tenth of a large read).
struct InventoryEntry {
  std::string_view name;
  std::string_view version;
  bool dev = false;
  bool optional = false;
  bool direct = false;
  Source source = Source::registry;
};

struct WorkspaceEntry {
  std::string name;
  std::string version;
  std::string path;
  std::string kind;  // "workspace" or "link"
};

struct Inventory {
  std::vector<InventoryEntry> packages;  // sorted by name, then version
  std::vector<WorkspaceEntry> workspaces;  // sorted by path
};

// Collapses package instances to name@version: dev/optional only when every
// instance is, direct when an importer edge reaches any instance, source the
// non-registry source when any instance has one.
Inventory make_inventory(const DependencyGraph& graph);

std::string_view to_string(Source source);
std::string_view to_string(EdgeKind kind);

}  // namespace archgate::core
