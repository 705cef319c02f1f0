#include "analyzers/source/analysis.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <iostream>
#include <unordered_map>

#include "analyzers/source/resolver.hpp"

namespace archgate::analyzers::source {

namespace {

core::ModuleEdgeKind edge_kind(const ModuleRef& r) {
  if (r.type_only) return core::ModuleEdgeKind::type;
  switch (r.kind) {
    case RefKind::static_import: return core::ModuleEdgeKind::static_import;
    case RefKind::side_effect: return core::ModuleEdgeKind::side_effect;
    case RefKind::reexport: return core::ModuleEdgeKind::reexport;
    case RefKind::dynamic:
    case RefKind::worker: return core::ModuleEdgeKind::dynamic;
    case RefKind::require:
    case RefKind::require_resolve: return core::ModuleEdgeKind::require;
    case RefKind::reference: return core::ModuleEdgeKind::type;
  }
  return core::ModuleEdgeKind::static_import;
}

}  // namespace

SourceFacts analyze_source(const core::Snapshot& snapshot, const core::Project& project,
                           const SourceOptions& options) {
  SourceFacts out;
  // ARCHGATE_PROFILE=1 prints the time of each phase to stderr.
  const bool profile = std::getenv("ARCHGATE_PROFILE") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  double scan_s = 0, resolve_s = 0;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  SourceListing listing = list_source_files(snapshot, project);
  double list_s = since(t0);
  Resolver resolver(snapshot, project, listing);
  std::unordered_map<std::string, std::uint32_t> index;
  out.graph.files.reserve(listing.files.size());
  for (const auto& f : listing.files) {
    index.emplace(f.path, static_cast<std::uint32_t>(out.graph.files.size()));
    core::SourceFileInfo info;
    info.path = f.path;
    info.workspace = f.workspace;
    out.graph.files.push_back(std::move(info));
  }
  out.scans.resize(listing.files.size());
  // Phase 1, in parallel: read and scan each file (independent work).
  std::vector<std::size_t> sizes(listing.files.size(), 0);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < listing.files.size(); i = next++) {
      const SourceFile& f = listing.files[i];
      auto text = snapshot.read(f.path);
      if (!text) {
        out.graph.files[i].skipped = text.error().message;
        continue;
      }
      sizes[i] = text->size();
      std::string reason = skip_reason(*text);
      if (!reason.empty()) {
        out.graph.files[i].skipped = std::move(reason);
        continue;
      }
      Dialect dialect = f.dialect;
      if (f.embedded) {
        std::string script = script_blocks(*text, dialect);
        out.scans[i] = scan_source(script, dialect, options.scan);
      } else {
        out.scans[i] = scan_source(*text, dialect, options.scan);
      }
    }
  };
  std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  threads = std::min(threads, std::max<std::size_t>(1, listing.files.size() / 64));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
  }
  scan_s = since(t0) - list_s;
  for (auto n : sizes) out.bytes += n;

  // Phase 2: resolve every reference (the resolver's caches are shared).
  auto tz = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < listing.files.size(); ++i) {
    const SourceFile& f = listing.files[i];
    FileScan& scan = out.scans[i];
    if (scan.error) {
      out.graph.files[i].lex_error = true;
      out.lex_errors.push_back(LexProblem{i, *scan.error});
    }
    for (const auto& ref : scan.refs) {
      // /// <reference types="node" /> names a package; path= a file.
      std::string spec = ref.spec;
      if (ref.kind == RefKind::reference && !ref.reference_types && !spec.starts_with(".") && !spec.starts_with("/")) {
        spec = "./" + spec;
      }
      Resolution r = resolver.resolve(spec, f, ref.kind);
      core::ModuleEdge e;
      e.from = i;
      e.spec = ref.spec;
      e.kind = edge_kind(ref);
      e.line = ref.pos.line;
      e.column = ref.pos.column;
      e.resolved = r.kind;
      e.to = r.kind == core::Resolved::unresolved ? ref.spec : r.target;
      e.note = std::move(r.note);
      if (r.kind == core::Resolved::file) {
        if (auto it = index.find(r.target); it != index.end()) e.to_file = static_cast<std::int32_t>(it->second);
      }
      EdgeDetail d;
      d.deep = r.deep;
      d.package = std::move(r.package);
      // A relative path into another workspace's directory skips its package.
      if (r.kind == core::Resolved::file && e.to_file >= 0 && !ref.spec.empty() && ref.spec.front() == '.' &&
          listing.files[static_cast<std::size_t>(e.to_file)].workspace != f.workspace) {
        d.deep = true;
      }
      out.graph.edges.push_back(std::move(e));
      out.details.push_back(std::move(d));
    }
    scan.refs.clear();
    scan.refs.shrink_to_fit();
  }
  resolve_s = since(tz);
  if (profile) {
    std::cerr << "archgate: profile: source: list " << list_s << " s, read+scan " << scan_s << " s ("
              << threads << " threads), resolve " << resolve_s << " s, total " << since(t0) << " s; " << listing.files.size()
              << " files, " << out.bytes << " bytes\n";
  }
  for (const auto* cfg : resolver.tsconfigs()) {
    for (const auto& p : cfg->problems) out.config_problems.push_back(p);
  }
  std::sort(out.config_problems.begin(), out.config_problems.end());
  out.config_problems.erase(std::unique(out.config_problems.begin(), out.config_problems.end()),
                            out.config_problems.end());
  return out;
}

}  // namespace archgate::analyzers::source
