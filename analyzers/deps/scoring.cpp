#include "analyzers/deps/scoring.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>

#include <fmt/format.h>

#include "core/node_schedule.hpp"
#include "core/permute.hpp"
#include "core/semver.hpp"
#include "core/string_index.hpp"

namespace archgate::deps {

namespace {

// Piecewise-linear interpolation over (value, norm) points sorted by value.
double normalize(double v, std::initializer_list<std::pair<double, double>> points) {
  auto first = *points.begin();
  if (v <= first.first) {
    return first.second;
  }
  auto prev = first;
  for (auto p : points) {
    if (v <= p.first) {
      return prev.second + (p.second - prev.second) * (v - prev.first) / (p.first - prev.first);
    }
    prev = p;
  }
  return prev.second;
}

int to_score(double x) { return static_cast<int>(std::lround(std::clamp(x, 0.0, 1.0) * 100.0)); }

bool is_package(const core::Node& n) { return n.role == core::NodeRole::package; }

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> registry_packages(
    const core::DependencyGraph& graph, const NameFilter& only) {
  std::map<std::string, std::vector<std::string>, std::less<>> by_name;
  for (const auto& n : graph.nodes) {
    if (!is_package(n) || n.source != core::Source::registry || n.name.empty() || (only && !only(n.name))) {
      continue;
    }
    auto& v = by_name[std::string(n.name)];
    if (std::find(v.begin(), v.end(), n.version) == v.end()) {
      v.emplace_back(n.version);
    }
  }
  return {by_name.begin(), by_name.end()};
}

std::size_t count_registry_names(const core::DependencyGraph& graph, const NameFilter& only) {
  // A flat index, not a node per name (50,000 allocations on a large lockfile).
  core::StringIndex names(graph.nodes.size());
  std::size_t count = 0;
  for (const auto& n : graph.nodes) {
    if (is_package(n) && n.source == core::Source::registry && !n.name.empty() && (!only || only(n.name))) {
      count += names.emplace(n.name, static_cast<std::uint32_t>(count)) == count ? 1 : 0;
    }
  }
  return count;
}

MaintenanceFacts maintenance_facts(const registry::PackageMeta& meta, std::string_view locked,
                                   std::string_view today) {
  MaintenanceFacts f;
  f.known = true;
  f.latest = meta.latest;
  auto day = core::day_or_today(today).value_or(*core::day_or_today(""));
  std::optional<core::Day> last;
  for (auto d : meta.publish_days) {
    auto age = (day - d).count();
    if (age < 0) {
      continue;  // after --today
    }
    if (!last || d > *last) {
      last = d;
    }
    f.releases_30 += age < 30 ? 1 : 0;
    f.releases_180 += age < 180 ? 1 : 0;
    f.releases_365 += age < 365 ? 1 : 0;
    f.releases_730 += age < 730 ? 1 : 0;
  }
  if (last) {
    f.last_publish = core::format_day(*last);
  }
  if (f.last_publish.empty() && !meta.modified.empty()) {
    f.last_publish = meta.modified;  // abbreviated documents: only `modified`
  }
  if (auto d = core::parse_day(f.last_publish)) {
    f.days_since_publish = static_cast<int>(std::max<long>(0, (day - *d).count()));
  }
  const auto* lv = meta.version(locked);
  const auto* latest = meta.version(meta.latest);
  if (lv != nullptr) {
    f.deprecated = lv->deprecated;
  }
  f.latest_deprecated = latest != nullptr && !latest->deprecated.empty();
  f.repository = (latest != nullptr && latest->repository) || (lv != nullptr && lv->repository);
  auto lockv = core::semver::parse_version(locked, {.loose = true});
  auto latestv = core::semver::parse_version(meta.latest, {.loose = true});
  if (lockv && latestv && latestv->major > lockv->major) {
    f.majors_behind = static_cast<int>(latestv->major - lockv->major);
  }
  // npms.io's "finished package": stable, not deprecated, tested, small
  // (npms also asks for a README and few open issues, which registry
  // documents do not carry; a declared repository stands in for them).
  f.finished = latestv && latestv->major >= 1 && latestv->prerelease.empty() && latest != nullptr &&
               latest->deprecated.empty() && latest->has_test_script && latest->repository &&
               latest->dependency_count <= 5;
  auto score = maintenance_score(f);
  f.label = score >= 70 ? "healthy" : score >= 40 ? "sustainable" : "inactive";
  return f;
}

int maintenance_score(const MaintenanceFacts& f, std::vector<std::string>* explain) {
  auto say = [&](std::string_view line) {
    if (explain != nullptr) {
      explain->emplace_back(line);
    }
  };
  if (!f.known) {
    say("maintenance: unknown (no registry metadata)");
    return -1;
  }
  if (f.latest_deprecated) {
    say("maintenance: 0 — the package is deprecated: " + f.deprecated);
    return 0;
  }
  double recency = f.days_since_publish < 0
                       ? 0.0
                       : normalize(f.days_since_publish, {{90, 1.0}, {365, 0.8}, {730, 0.5},
                                                          {1095, 0.25}, {1825, 0.0}});
  // Releases per year seen through each window, weighted towards the longer
  // windows so one burst does not dominate.
  double per_year = (f.releases_30 * 365.0 / 30 * 1 + f.releases_180 * 365.0 / 180 * 2 +
                     f.releases_365 * 1.0 * 3 + f.releases_730 * 365.0 / 730 * 4) /
                    10.0;
  double frequency = normalize(per_year, {{0, 0.0}, {1, 0.5}, {5, 0.75}, {10, 0.9}, {15, 1.0}});
  double base = 0.6 * recency + 0.4 * frequency;
  say(fmt::format("last publish {} ({} days ago): recency {:.2f}", f.last_publish.empty() ? "unknown" : f.last_publish,
                  f.days_since_publish, recency));
  say(fmt::format("releases in 30/180/365/730 days: {}/{}/{}/{} (~{:.1f} a year): frequency {:.2f}",
                  f.releases_30, f.releases_180, f.releases_365, f.releases_730, per_year, frequency));
  say(fmt::format("base = 0.6 x recency + 0.4 x frequency = {:.2f}", base));
  if (f.finished && base < 0.9) {
    base = 0.9;
    say("finished package (stable >= 1.0.0, tested, repository, <= 5 dependencies, not "
        "deprecated): raised to 0.90");
  }
  if (f.majors_behind > 0) {
    double p = std::min(0.3, 0.1 * f.majors_behind);
    base -= p;
    say(fmt::format("locked version is {} major(s) behind latest {}: -{:.2f}", f.majors_behind,
                    f.latest, p));
  }
  if (!f.repository) {
    base -= 0.1;
    say("no repository declared: -0.10");
  }
  if (!f.deprecated.empty()) {
    base -= 0.5;
    say("the locked version is deprecated (\"" + f.deprecated + "\"): -0.50");
  }
  int s = to_score(base);
  say(fmt::format("maintenance: {}", s));
  return s;
}

int weight_score(int total) {
  if (total <= 1) {
    return 100;
  }
  return to_score(1.0 - 0.25 * std::log10(static_cast<double>(total)));
}

DepsReport analyze_deps(const core::DependencyGraph& graph, const MetaMap& meta,
                        const DepsSettings& settings) {
  DepsReport report;
  auto today_day = core::day_or_today(settings.today);
  if (!today_day) {
    today_day = core::day_or_today("");
  }
  report.today = core::format_day(*today_day);
  report.explain = settings.explain;

  // 1. Collapse instances to name@version keys, numbered in report order
  // (direct first, then by name and version), so that the reports are built
  // where they stay: sorting 50,000 built reports cost as much as building
  // them. Instances are grouped by sorting them (the name's first bytes as
  // integers decide most comparisons; the lowest node id of a group is its
  // representative), with no hash table.
  struct Instance {
    std::uint64_t prefix;
    std::uint64_t prefix2;
    core::NodeId id;
  };
  std::vector<Instance> instances;
  instances.reserve(graph.nodes.size());
  for (core::NodeId id = 0; id < graph.nodes.size(); ++id) {
    const auto& n = graph.nodes[id];
    if (is_package(n)) instances.push_back({core::order_prefix(n.name, 0), core::order_prefix(n.name, 8), id});
  }
  std::sort(instances.begin(), instances.end(), [&](const Instance& x, const Instance& y) {
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    if (x.prefix2 != y.prefix2) return x.prefix2 < y.prefix2;
    const auto& a = graph.nodes[x.id];
    const auto& b = graph.nodes[y.id];
    if (a.name != b.name) return a.name < b.name;
    if (a.version != b.version) return a.version < b.version;
    return x.id < y.id;
  });
  std::vector<std::uint32_t> node_key(graph.nodes.size(), UINT32_MAX);
  std::vector<core::NodeId> first;  // per key (in name order): its representative node
  first.reserve(instances.size());
  for (std::size_t i = 0; i < instances.size(); ++i) {
    const auto& n = graph.nodes[instances[i].id];
    if (i == 0 || instances[i].prefix != instances[i - 1].prefix || instances[i].prefix2 != instances[i - 1].prefix2 ||
        n.name != graph.nodes[instances[i - 1].id].name || n.version != graph.nodes[instances[i - 1].id].version) {
      first.push_back(instances[i].id);
    }
    node_key[instances[i].id] = static_cast<std::uint32_t>(first.size() - 1);
  }
  instances = {};
  const auto nkeys = first.size();

  // Direct: installed by an importer through a declaration of its own.
  std::vector<char> is_direct(nkeys, 0);
  auto edge_ok = [&](const core::Edge& e) {
    return e.to != core::k_no_node && e.to < graph.nodes.size() && e.from < graph.nodes.size() && node_key[e.to] != UINT32_MAX;
  };
  for (const auto& e : graph.edges) {
    if (edge_ok(e) && graph.is_importer(e.from)) {
      auto& d = is_direct[node_key[e.to]];
      d = d || !e.indirect;
    }
  }
  // Report order: the direct keys, then the others, each in name order.
  {
    std::vector<std::uint32_t> renumber(nkeys);
    std::vector<core::NodeId> ordered;
    ordered.reserve(nkeys);
    for (int pass = 0; pass < 2; ++pass) {
      for (std::uint32_t k = 0; k < nkeys; ++k) {
        if ((is_direct[k] != 0) == (pass == 0)) {
          renumber[k] = static_cast<std::uint32_t>(ordered.size());
          ordered.push_back(first[k]);
        }
      }
    }
    for (auto& k : node_key) {
      if (k != UINT32_MAX) k = renumber[k];
    }
    std::vector<char> direct_ordered(nkeys, 0);
    for (std::uint32_t k = 0; k < nkeys; ++k) direct_ordered[renumber[k]] = is_direct[k];
    first = std::move(ordered);
    is_direct = std::move(direct_ordered);
  }
  // A PackageReport is large: each is made where it stays (room for all
  // first, so none is ever moved), and filled as it is made (one pass over
  // 15 MB, where a resize and then the fill were two).
  report.packages.reserve(nkeys);
  for (std::uint32_t k = 0; k < nkeys; ++k) {
    // Keys are in name order, nodes in file order: each node read here is a
    // cache miss, so the one eight keys on, and its name, are fetched ahead.
    if (k + 8 < nkeys) {
      const auto& ahead = graph.nodes[first[k + 8]];
      __builtin_prefetch(&ahead);
      __builtin_prefetch(reinterpret_cast<const char*>(&ahead) + 64);
      __builtin_prefetch(reinterpret_cast<const char*>(&ahead) + 128);
    }
    if (k + 4 < nkeys) __builtin_prefetch(graph.nodes[first[k + 4]].name.data());
    const auto& n = graph.nodes[first[k]];
    auto& p = report.packages.emplace_back();
    p.name = std::string(n.name);
    p.version = std::string(n.version);
    p.registry = n.source == core::Source::registry;
    p.offset = n.offset;
    p.dev = n.dev;
    p.install.lockfile_flag = n.has_install_script;
    if (!n.license.empty()) {
      p.license.known = true;
      p.license.expression = std::string(n.license);
      p.license.source = "lockfile";
    }
    if (!n.deprecated.empty()) {
      p.maintenance.mut().deprecated = std::string(n.deprecated);
    }
  }
  // The other instances: dev only if every instance is; an install script
  // if any records one.
  for (core::NodeId id = 0; id < graph.nodes.size(); ++id) {
    auto k = node_key[id];
    if (k == UINT32_MAX || first[k] == id) continue;
    const auto& n = graph.nodes[id];
    auto& p = report.packages[k];
    p.dev = p.dev && n.dev;
    if (n.has_install_script.value_or(false)) p.install.lockfile_flag = true;
  }

  // 2. Key adjacency (installed edges only: dev edges of packages are not
  // installed), as one array of targets per key (CSR): the breadth-first
  // walks below read it once per direct dependency.
  std::vector<std::uint32_t> adj_begin(nkeys + 1, 0);
  std::vector<std::uint32_t> adj;
  {
    // Counted, placed, then each key's few targets sorted and made unique
    // in place: linear in the edges (sorting every pair was 6 ms of 50k).
    auto installed = [&](const core::Edge& e) {
      return edge_ok(e) && !graph.is_importer(e.from) && node_key[e.from] != UINT32_MAX &&
             e.kind != core::EdgeKind::dev;
    };
    for (const auto& e : graph.edges) {
      if (installed(e)) ++adj_begin[node_key[e.from] + 1];
    }
    for (std::size_t k = 0; k < nkeys; ++k) adj_begin[k + 1] += adj_begin[k];
    adj.resize(adj_begin[nkeys]);
    std::vector<std::uint32_t> fill(adj_begin.begin(), adj_begin.end() - 1);
    for (const auto& e : graph.edges) {
      if (installed(e)) adj[fill[node_key[e.from]]++] = node_key[e.to];
    }
    std::uint32_t out = 0;
    for (std::size_t k = 0; k < nkeys; ++k) {
      auto* b = adj.data() + adj_begin[k];
      auto* e = adj.data() + adj_begin[k + 1];
      std::sort(b, e);
      e = std::unique(b, e);
      adj_begin[k] = out;
      for (auto* t = b; t < e; ++t) adj[out++] = *t;
    }
    adj_begin[nkeys] = out;
    adj.resize(out);
  }

  // 3. Per-package facts from metadata.
  std::vector<std::string_view> missing;  // names (views into packages), sorted and made unique below
  for (auto& p : report.packages) {
    if (!p.registry) {
      if (settings.explain) p.explanation.push_back("not from a registry: no metadata");
      continue;
    }
    auto it = meta.find(p.name);
    if (it == meta.end()) {
      missing.push_back(p.name);
      if (settings.explain) p.explanation.push_back("no registry metadata (offline or fetch failed)");
    } else {
      auto lockfile_deprecated = p.maintenance->deprecated;
      p.maintenance = maintenance_facts(it->second, p.version, report.today);
      if (p.maintenance->deprecated.empty()) {
        p.maintenance.mut().deprecated = lockfile_deprecated;
      }
      if (const auto* v = it->second.version(p.version)) {
        p.install.known = true;
        p.install.scripts = v->install_scripts;
        p.install.gypfile = v->gypfile;
        if (v->has_install_script.value_or(false) && v->install_scripts.empty() && !v->gypfile) {
          p.install.lockfile_flag = true;  // abbreviated documents' summary flag
        }
        // Abbreviated documents (no `time`) carry no license: absent is unknown there.
        if (!p.license.known && (it->second.has_times || !v->license.empty())) {
          p.license = {true, v->license, "registry"};
        }
      }
    }
    if (p.install.lockfile_flag) {
      p.install.known = true;
    }
  }
  // The packages are in two runs by name (direct, then the others), so the
  // names are too: merged, not sorted.
  {
    auto mid = std::is_sorted_until(missing.begin(), missing.end());
    std::inplace_merge(missing.begin(), mid, missing.end());
  }
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  report.missing_metadata.assign(missing.begin(), missing.end());

  // 4. Own scores.
  for (auto& p : report.packages) {
    p.scores.maintenance = maintenance_score(*p.maintenance, settings.explain ? &p.explanation : nullptr);
    if (p.scores.maintenance >= 0) {
      p.maintenance.mut().label = p.scores.maintenance >= 70   ? "healthy"
                                 : p.scores.maintenance >= 40 ? "sustainable"
                                                              : "inactive";
    }
    if (p.install.known) {
      p.scores.install_scripts = p.install.runs_code() ? 0 : 100;
      if (!p.install.scripts.empty()) {
        for (const auto& [k, v] : p.install.scripts) {
          if (settings.explain) p.explanation.push_back("install script " + k + ": " + v);
        }
      }
      if (p.install.gypfile) {
        if (settings.explain) p.explanation.push_back("binding.gyp: npm runs `node-gyp rebuild` at install");
      }
      if (p.install.lockfile_flag.value_or(false) && p.install.scripts.empty() && !p.install.gypfile) {
        if (settings.explain) p.explanation.push_back("the lockfile records hasInstallScript");
      }
      if (settings.explain) p.explanation.push_back(fmt::format("installScripts: {}", p.scores.install_scripts));
    }
    int overall = -1;
    for (int s : {p.scores.maintenance, p.scores.install_scripts}) {
      if (s >= 0) {
        overall = overall < 0 ? s : std::min(overall, s);
      }
    }
    p.scores.overall = overall;
  }

  // 5. Weight and subtree caps for direct dependencies. All of them are
  // walked breadth-first at once, 64 to a batch, one bit each per key
  // (multi-source BFS): a key is visited once per level at which some
  // direct dependency first reaches it, not once per direct dependency.
  // The levels are each walk's own, so depths are exact.
  std::vector<int> own(nkeys);  // a package's own overall, before subtree caps
  for (std::size_t k = 0; k < nkeys; ++k) own[k] = report.packages[k].scores.overall;
  std::vector<std::uint32_t> directs;
  for (std::uint32_t d = 0; d < nkeys; ++d) {
    if (is_direct[d]) {
      report.packages[d].direct = true;
      directs.push_back(d);
    }
  }
  const std::size_t ndirect = directs.size();
  std::vector<int> depth(ndirect, 1), total(ndirect, 0), exclusive(ndirect, 0);
  std::vector<int> worst(ndirect, INT_MAX);  // lowest own overall in the subtree, itself excluded
  std::vector<std::uint32_t> reach_count(nkeys, 0);
  std::vector<std::vector<std::uint64_t>> reached;  // per batch: which of its walks reached each key
  {
    std::vector<std::uint64_t> visit(nkeys, 0), next(nkeys, 0);
    std::vector<std::uint32_t> frontier, upcoming;
    for (std::size_t b = 0; b < ndirect; b += 64) {
      std::vector<std::uint64_t> seen(nkeys, 0);
      frontier.clear();
      for (std::size_t i = b; i < std::min(ndirect, b + 64); ++i) {
        auto d = directs[i];
        auto bit = std::uint64_t{1} << (i - b);
        if (visit[d] == 0) frontier.push_back(d);
        seen[d] |= bit;
        visit[d] |= bit;
      }
      for (int lvl = 2; !frontier.empty(); ++lvl) {
        upcoming.clear();
        for (auto v : frontier) {
          auto walks = visit[v];
          for (auto e = adj_begin[v]; e < adj_begin[v + 1]; ++e) {
            auto t = adj[e];
            if (auto m = walks & ~seen[t]; m != 0) {
              if (next[t] == 0) upcoming.push_back(t);
              next[t] |= m;
            }
          }
        }
        for (auto v : frontier) visit[v] = 0;
        std::uint64_t arrived = 0;
        for (auto t : upcoming) {
          seen[t] |= next[t];
          visit[t] = next[t];
          arrived |= next[t];
          next[t] = 0;
        }
        for (auto m = arrived; m != 0; m &= m - 1) depth[b + static_cast<std::size_t>(std::countr_zero(m))] = lvl;
        frontier.swap(upcoming);
      }
      for (std::size_t t = 0; t < nkeys; ++t) reach_count[t] += static_cast<std::uint32_t>(std::popcount(seen[t]));
      reached.push_back(std::move(seen));
    }
  }
  for (std::size_t b = 0; b * 64 < ndirect; ++b) {
    const auto& seen = reached[b];
    for (std::uint32_t t = 0; t < nkeys; ++t) {
      for (auto m = seen[t]; m != 0; m &= m - 1) {
        auto i = b * 64 + static_cast<std::size_t>(std::countr_zero(m));
        ++total[i];
        exclusive[i] += reach_count[t] == 1 ? 1 : 0;
        if (t != directs[i] && own[t] >= 0 && own[t] < worst[i]) worst[i] = own[t];
      }
    }
  }
  std::vector<std::uint32_t> mark(nkeys, 0);  // walk number + 1 that last queued the key
  std::vector<std::uint32_t> queue;
  for (std::size_t i = 0; i < ndirect; ++i) {
    auto d = directs[i];
    auto& p = report.packages[d];
    WeightFacts w;
    w.total = total[i];
    w.exclusive = exclusive[i];
    w.depth = depth[i];
    p.weight = w;
    p.scores.weight = weight_score(w.total);
    if (settings.explain) p.explanation.push_back(fmt::format("subtree: {} packages ({} only through it), depth {}: weight {}",
                                        w.total, w.exclusive, w.depth, p.scores.weight));
    int overall = own[d] < 0 ? p.scores.weight : std::min(own[d], p.scores.weight);
    // No better than the worst package it pulls in: the first such package
    // in breadth-first order (neighbours in key order) is named.
    if (worst[i] < overall) {
      overall = worst[i];
      auto stamp = static_cast<std::uint32_t>(i + 1);
      queue.assign(1, d);
      mark[d] = stamp;
      std::uint32_t found = d;
      for (std::size_t head = 0; head < queue.size() && found == d; ++head) {
        auto k = queue[head];
        if (k != d && own[k] == overall) {
          found = k;
          break;
        }
        for (auto e = adj_begin[k]; e < adj_begin[k + 1]; ++e) {
          if (mark[adj[e]] != stamp) {
            mark[adj[e]] = stamp;
            queue.push_back(adj[e]);
          }
        }
      }
      // Its own score (a direct dependency's overall is capped in turn, by
      // its weight too, which is not a reason to name it here).
      const auto& q = report.packages[found];
      std::string why = own[found] == q.scores.install_scripts ? "installScripts" : "maintenance";
      p.limited_by = fmt::format("{}@{} ({} {})", q.name, q.version, why, own[found]);
      if (settings.explain) p.explanation.push_back("overall capped by " + p.limited_by + " in its subtree");
    }
    p.scores.overall = overall;
    if (settings.explain) p.explanation.push_back(fmt::format("overall: {}", overall));
  }

  // 6. License and native-replacement facts (judged by rules/deps_policy_rules.cpp).
  for (auto& p : report.packages) {
    if (settings.explain) p.explanation.push_back(describe_license(p.license));
    if (p.registry) {
      p.replacement = find_replacement(p.name);
    }
    if (p.replacement) {
      if (settings.explain) p.explanation.push_back(describe_replacement(*p.replacement));
    }
  }

  report.package_of_node = std::move(node_key);
  return report;
}

}  // namespace archgate::deps
