#include "core/graph.hpp"

#include "core/permute.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <future>
#include <memory>
#include <thread>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace archgate::core {

std::string_view StringArena::store(std::string_view s) {
  if (s.empty()) {
    return {};
  }
  if (m_used + s.size() > m_capacity) {
    // Blocks double from 64 KB to 4 MB: a graph of a few strings stays
    // small, a large one makes few blocks. Bytes are written before read.
    std::size_t size = std::max<std::size_t>(
        std::clamp<std::size_t>(m_capacity * 2, 64 * 1024, 4 * 1024 * 1024), s.size());
    m_blocks.push_back(std::make_unique_for_overwrite<char[]>(size));
    m_used = 0;
    m_capacity = size;
  }
  char* dst = m_blocks.back().get() + m_used;
  std::memcpy(dst, s.data(), s.size());
  m_used += s.size();
  return {dst, s.size()};
}

void DependencyGraph::hold_text(std::shared_ptr<const std::string> text) {
  m_text = text;
  m_held.push_back(std::move(text));
}

void DependencyGraph::finalize() {
  auto by_from = [](const Edge& a, const Edge& b) { return a.from < b.from; };
  // Readers usually add edges node by node: skip the sort (and its
  // temporary buffer, as large as the edge list) when they are in order.
  if (!std::is_sorted(edges.begin(), edges.end(), by_from)) {
    std::stable_sort(edges.begin(), edges.end(), by_from);
  }
  for (auto& n : nodes) {
    n.edges_begin = n.edges_end = 0;
  }
  for (std::uint32_t i = 0; i < edges.size();) {
    auto from = edges[i].from;
    std::uint32_t j = i;
    while (j < edges.size() && edges[j].from == from) {
      ++j;
    }
    if (from != k_no_node && from < nodes.size()) {
      nodes[from].edges_begin = i;
      nodes[from].edges_end = j;
    }
    i = j;
  }
}

DependencyGraph::LineCol DependencyGraph::location(std::uint32_t offset, std::size_t& hint) const {
  auto text = this->text();
  if (text.empty() || offset > text.size()) {
    return {};
  }
  if (m_line_starts.empty()) {
    // Lockfile lines run to tens of bytes: one reservation, not a chain of
    // doublings that copies megabytes (pages never written cost nothing).
    m_line_starts.reserve(text.size() / 16 + 2);
    m_line_starts.push_back(0);
    // Sixteen bytes at a time, each newline found from a mask (a memchr
    // call per line of tens of bytes cost 4 ms on a 20 MB lockfile).
    const char* base = text.data();
    const char* end = base + text.size();
    const char* p = base;
#if defined(__SSE2__)
    const __m128i newline = _mm_set1_epi8('\n');
    for (; p + 16 <= end; p += 16) {
      auto mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), newline)));
      for (; mask != 0; mask &= mask - 1) {
        m_line_starts.push_back(static_cast<std::uint32_t>(p - base) + static_cast<std::uint32_t>(std::countr_zero(mask)) + 1);
      }
    }
#endif
    for (; p < end; ++p) {
      if (*p == '\n') m_line_starts.push_back(static_cast<std::uint32_t>(p - base) + 1);
    }
  }
  const auto& starts = m_line_starts;
  // The last line start at or before `offset`: galloping from the hint when
  // the offset is past it, else a binary search over every line.
  std::size_t lo = 0;
  std::size_t hi = starts.size();
  if (hint < starts.size() && starts[hint] <= offset) {
    lo = hint;
    std::size_t step = 1;
    while (lo + step < starts.size() && starts[lo + step] <= offset) {
      lo += step;
      step *= 2;
    }
    hi = std::min(starts.size(), lo + step);  // (upper_bound gives lo + step when nothing in between is past)
  }
  auto it = std::upper_bound(starts.begin() + static_cast<std::ptrdiff_t>(lo),
                             starts.begin() + static_cast<std::ptrdiff_t>(hi), offset);
  hint = static_cast<std::size_t>(it - starts.begin()) - 1;
  return {static_cast<int>(hint) + 1, static_cast<int>(offset - starts[hint]) + 1};
}

SourceLists direct_sources(const DependencyGraph& g, std::size_t cap) {
  cap = std::min<std::size_t>(cap, 255);  // counts are bytes
  SourceLists labels(g.nodes.size(), cap);
  std::vector<NodeId> work;
  auto add = [&](NodeId to, NodeId label) { return labels.add(to, label); };
  // The walk below follows each package's installed edges (not dev, not to
  // an importer) several times, from nodes in no particular order: read
  // from the graph, each visit missed the cache twice (a 184-byte Node for
  // its edge range, a 48-byte Edge for its target). Copied once, in order,
  // into one array of targets per node, they are 4 bytes an edge.
  std::vector<char> importer(g.nodes.size(), 0);
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    importer[id] = g.is_importer(id) ? 1 : 0;
  }
  std::vector<std::uint32_t> begin(g.nodes.size() + 1, 0);
  std::vector<NodeId> targets;
  targets.reserve(g.edges.size());
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    begin[id] = static_cast<std::uint32_t>(targets.size());
    if (importer[id] != 0) continue;
    for (const auto& e : g.out_edges(id)) {
      if (e.to != k_no_node && e.to < g.nodes.size() && importer[e.to] == 0 && e.kind != EdgeKind::dev) {
        targets.push_back(e.to);
      }
    }
  }
  begin[g.nodes.size()] = static_cast<std::uint32_t>(targets.size());
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    if (importer[id] == 0) {
      continue;
    }
    for (const auto& e : g.out_edges(id)) {
      if (e.to != k_no_node && importer[e.to] == 0 && add(e.to, e.to)) {
        work.push_back(e.to);
      }
    }
  }
  // Each node's list only grows, at most `cap` times, so each node is
  // queued at most cap + 1 times.
  while (!work.empty()) {
    NodeId n = work.back();
    work.pop_back();
    for (auto t = begin[n]; t < begin[n + 1]; ++t) {
      NodeId to = targets[t];
      bool changed = false;
      for (auto label : labels[n]) {
        changed = add(to, label) || changed;
      }
      if (changed) {
        work.push_back(to);
      }
    }
  }
  return labels;
}

namespace {

// Marks every node reachable from the importers through edges `follow`
// accepts. Importer edges and package edges are judged separately because a
// package's own devDependencies are never installed.
template <class Follow>
std::vector<char> reach(const DependencyGraph& g, Follow follow) {
  std::vector<char> seen(g.nodes.size(), 0);
  std::vector<NodeId> stack;
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    if (g.is_importer(id)) {
      seen[id] = 1;
      stack.push_back(id);
    }
  }
  while (!stack.empty()) {
    auto id = stack.back();
    stack.pop_back();
    bool importer = g.is_importer(id);
    for (const auto& e : g.out_edges(id)) {
      if (e.to == k_no_node || seen[e.to] || !follow(e, importer)) {
        continue;
      }
      seen[e.to] = 1;
      stack.push_back(e.to);
    }
  }
  return seen;
}

}  // namespace

void compute_flags(DependencyGraph& g) {
  auto non_dev = reach(g, [](const Edge& e, bool /*importer*/) { return e.kind != EdgeKind::dev; });
  auto non_optional = reach(g, [](const Edge& e, bool /*importer*/) {
    return e.kind == EdgeKind::prod || e.kind == EdgeKind::dev || e.kind == EdgeKind::peer;
  });
  // dev_optional: reachable at all only through dev or optional edges.
  for (NodeId id = 0; id < g.nodes.size(); ++id) {
    auto& n = g.nodes[id];
    if (g.is_importer(id)) {
      continue;
    }
    n.dev = !non_dev[id];
    n.optional = !non_optional[id];
    n.dev_optional = n.dev && n.optional;
  }
}

std::string_view to_string(Source source) {
  switch (source) {
    case Source::registry:
      return "registry";
    case Source::git:
      return "git";
    case Source::tarball:
      return "tarball";
    case Source::directory:
      return "directory";
    case Source::link:
      return "link";
  }
  return "registry";
}

std::string_view to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::prod:
      return "dependencies";
    case EdgeKind::dev:
      return "devDependencies";
    case EdgeKind::optional:
      return "optionalDependencies";
    case EdgeKind::peer:
    case EdgeKind::peer_optional:
      return "peerDependencies";
  }
  return "dependencies";
}

Inventory make_inventory(const DependencyGraph& g) {
  // One row per package instance, sorted by name@version (then node order,
  // so the merge below sees instances as they were read), and merged. A
  // sort of flat rows whose first sixteen name bytes decide most comparisons:
  // a std::map here spent a fifth of a 50,000-package read in memcmp.
  struct Row {
    std::uint64_t prefix;  // name bytes 0-7, big-endian, zero-padded
    std::uint64_t prefix2;  // bytes 8-15
    std::string_view name;
    std::string_view version;
    NodeId id;
  };
  auto before = [](const Row& a, const Row& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (a.prefix2 != b.prefix2) return a.prefix2 < b.prefix2;
    if (int c = a.name.compare(b.name); c != 0) return c < 0;
    if (int c = a.version.compare(b.version); c != 0) return c < 0;
    return a.id < b.id;
  };
  // The nodes are read in two halves, on two threads for a large graph
  // (reading each name's first bytes is a cache miss per package, so the
  // name eight nodes on is fetched meanwhile): each half
  // makes its rows in its own part of one array and sorts them, and the
  // loop below merges the two sorted runs.
  const std::size_t count = g.nodes.size();
  std::unique_ptr<Row[]> rows(new Row[count]);
  struct Half {
    NodeId from = 0;
    NodeId to = 0;
    std::size_t rows = 0;  // rows[from .. from + rows): this half's, sorted
    std::vector<NodeId> importers;
    std::vector<WorkspaceEntry> workspaces;
  };
  auto read_half = [&](Half& h) {
    for (NodeId id = h.from; id < h.to; ++id) {
      if (id + 8 < h.to) __builtin_prefetch(g.nodes[id + 8].name.data());
      const auto& n = g.nodes[id];
      if (g.is_importer(id)) h.importers.push_back(id);
      if ((n.role == NodeRole::workspace || n.role == NodeRole::linked_dir) && !n.extraneous) {
        h.workspaces.push_back({std::string(n.name), std::string(n.version), std::string(n.path),
                                n.role == NodeRole::workspace ? "workspace"
                                : n.resolved.starts_with("portal:") ? "portal"
                                                                    : "link"});
        continue;
      }
      if (n.role == NodeRole::package) {
        rows[h.from + h.rows++] = {order_prefix(n.name, 0), order_prefix(n.name, 8), n.name, n.version, id};
      }
    }
    // Lockfiles mostly list packages in name order already.
    Row* b = rows.get() + h.from;
    if (!std::is_sorted(b, b + h.rows, before)) std::sort(b, b + h.rows, before);
  };
  constexpr std::size_t k_two_threads_from = 16384;
  Half halves[2];
  halves[0].to = static_cast<NodeId>(count);
  if (count >= k_two_threads_from && std::thread::hardware_concurrency() >= 2) {
    halves[0].to = static_cast<NodeId>(count / 2);
    halves[1].from = halves[0].to;
    halves[1].to = static_cast<NodeId>(count);
    // (The future waits for the second half however this one ends, and
    // get() rethrows what it threw.)
    auto second = std::async(std::launch::async, [&] { read_half(halves[1]); });
    read_half(halves[0]);
    second.get();
  } else {
    read_half(halves[0]);
  }
  // Direct: the target of an importer's edge.
  std::vector<char> direct(count, 0);
  Inventory inv;
  for (auto& h : halves) {
    for (auto id : h.importers) {
      for (const auto& e : g.out_edges(id)) {
        if (e.to != k_no_node && !e.indirect) direct[e.to] = 1;
      }
    }
    for (auto& w : h.workspaces) inv.workspaces.push_back(std::move(w));
  }
  // The two sorted runs, merged: the next row in order each time.
  std::size_t a = halves[0].from;
  const std::size_t a_end = a + halves[0].rows;
  std::size_t b = halves[1].from;
  const std::size_t b_end = b + halves[1].rows;
  auto next = [&]() -> const Row* {
    if (a == a_end && b == b_end) return nullptr;
    if (b == b_end || (a != a_end && !before(rows[b], rows[a]))) return &rows[a++];
    return &rows[b++];
  };
  auto same = [](const Row& x, const Row& y) {
    return x.prefix == y.prefix && x.prefix2 == y.prefix2 && x.name == y.name && x.version == y.version;
  };
  inv.packages.reserve(halves[0].rows + halves[1].rows);
  const Row* row = next();
  while (row != nullptr) {
    const Row* first = row;
    InventoryEntry entry{first->name, first->version, true, true, false, Source::registry};
    for (; row != nullptr && same(*row, *first); row = next()) {
      const auto& n = g.nodes[row->id];
      entry.dev = entry.dev && n.dev;
      entry.optional = entry.optional && n.optional;
      entry.direct = entry.direct || direct[row->id] != 0;
      if (n.source != Source::registry) {
        entry.source = n.source;
      }
    }
    inv.packages.push_back(entry);
  }
  std::sort(inv.workspaces.begin(), inv.workspaces.end(),
            [](const WorkspaceEntry& x, const WorkspaceEntry& y) { return x.path < y.path; });
  return inv;
}

}  // namespace archgate::core
