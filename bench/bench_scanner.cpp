// Source scanner throughput, in process and on one core: lists a project's
// source files as `archgate graph` does, reads them all into memory once,
// then times each stage of the per-file work over the whole set, REPEAT
// times (median and best). Used to measure issue 10's "≥ 200 MB/s of source
// per core for the scanner" without the file system in the way; not a test.
//   bench_scanner DIR [REPEAT] [STAGE]   (STAGE: a word of one stage's name, to profile it alone)
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/project_loader.hpp"
#include "analyzers/source/analysis.hpp"
#include "analyzers/source/files.hpp"
#include "core/snapshot.hpp"

namespace {

using namespace archgate;
using namespace archgate::analyzers::source;

struct Input {
  std::string text;
  Dialect dialect = Dialect::js;
  bool embedded = false;
};

// Runs `body` over every input REPEAT times; prints median and best MB/s.
const char* g_only = nullptr;

void stage(const char* name, const std::vector<Input>& inputs, std::size_t bytes, int repeat,
           const std::function<std::size_t(const Input&)>& body) {
  if (g_only != nullptr && std::string_view(name).find(g_only) == std::string_view::npos) return;
  std::vector<double> secs;
  std::size_t sink = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& in : inputs) sink += body(in);
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(secs.begin(), secs.end());
  double mb = static_cast<double>(bytes) / 1e6;
  std::printf("%-34s median %7.1f MB/s (%6.1f ms)  best %7.1f MB/s   [%zu]\n", name, mb / secs[secs.size() / 2],
              secs[secs.size() / 2] * 1e3, mb / secs.front(), sink);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_scanner DIR [REPEAT]\n");
    return 2;
  }
  int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
  if (argc > 3) g_only = argv[3];
  core::WorkingTreeSnapshot snap(argv[1]);
  auto project = analyzers::load_project(snap);
  if (!project) {
    std::fprintf(stderr, "%s\n", project.error().to_string().c_str());
    return 2;
  }
  auto listing = list_source_files(snap, *project);
  std::vector<Input> inputs;
  std::size_t bytes = 0;
  for (const auto& f : listing.files) {
    auto text = snap.read(f.path);
    if (!text || !skip_reason(*text).empty()) continue;
    bytes += text->size();
    inputs.push_back(Input{std::move(*text), f.dialect, f.embedded});
  }
  std::printf("%zu files, %.1f MB (minified and generated files left out)\n", inputs.size(),
              static_cast<double>(bytes) / 1e6);
  auto scan = [](const ScanOptions& opts) {
    return [opts](const Input& in) {
      Dialect d = in.dialect;
      if (in.embedded) {
        auto script = script_blocks(in.text, d);
        return scan_source(script, d, opts).refs.size();
      }
      return scan_source(in.text, d, opts).refs.size();
    };
  };
  ScanOptions refs_only;
  refs_only.facts = false;
  stage("scan, module references (graph)", inputs, bytes, repeat, scan(refs_only));
  stage("scan, references + facts (check)", inputs, bytes, repeat, scan(ScanOptions{}));
  if (g_only == nullptr || std::string_view("facts").find(g_only) != std::string_view::npos) {
    std::size_t calls = 0, members = 0, decorators = 0, refs = 0;
    for (const auto& in : inputs) {
      Dialect d = in.dialect;
      auto script = in.embedded ? script_blocks(in.text, d) : std::string();
      auto r = scan_source(in.embedded ? std::string_view(script) : std::string_view(in.text), d, ScanOptions{});
      calls += r.calls.size();
      members += r.members.size();
      decorators += r.decorators.size();
      refs += r.refs.size();
    }
    std::printf("  facts recorded: %zu references, %zu calls, %zu member reads, %zu decorators\n", refs, calls,
                members, decorators);
  }
  stage("find_secrets", inputs, bytes, repeat, [](const Input& in) { return find_secrets(in.text).size(); });
  stage("skip_reason", inputs, bytes, repeat, [](const Input& in) { return skip_reason(in.text).size(); });
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
