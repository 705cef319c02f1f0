// Reader throughput benchmark: parses one lockfile N times in-process and
// reports MB/s, packages/s and peak RSS. Used by bench/run.sh; not a test.
//   bench_readers FILE [REPEAT]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"

int main(int argc, char** argv) {
  using namespace archgate;
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_readers FILE [REPEAT]\n");
    return 2;
  }
  std::filesystem::path path = argv[1];
  int repeat = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  auto text = ss.str();
  const auto* reader = analyzers::find_reader(path.filename().string(), text);
  if (!reader) {
    std::fprintf(stderr, "no reader for %s\n", path.c_str());
    return 2;
  }
  std::vector<double> secs;
  std::size_t packages = 0;
  std::size_t nodes = 0;
  for (int i = 0; i < repeat; ++i) {
    analyzers::LockfileInput input;
    input.path = path.filename().string();
    input.content = core::json::padded_copy(text);
    auto t0 = std::chrono::steady_clock::now();
    auto g = reader->read(input);
    if (!g) {
      std::fprintf(stderr, "%s\n", g.error().to_string().c_str());
      return 2;
    }
    auto inv = core::make_inventory(*g);
    auto t1 = std::chrono::steady_clock::now();
    secs.push_back(std::chrono::duration<double>(t1 - t0).count());
    packages = inv.packages.size();
    nodes = g->nodes.size();
  }
  std::sort(secs.begin(), secs.end());
  double best = secs.front();
  double median = secs[secs.size() / 2];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(text.size()) / 1e6;
  std::printf(
      "{\"file\":\"%s\",\"reader\":\"%.*s\",\"bytes\":%zu,\"nodes\":%zu,\"packages\":%zu,"
      "\"best_s\":%.6f,\"median_s\":%.6f,\"mb_per_s\":%.1f,\"packages_per_s\":%.0f,"
      "\"peak_rss_mb\":%.1f}\n",
      path.c_str(), static_cast<int>(reader->id().size()), reader->id().data(), text.size(),
      nodes, packages, best, median, mb / median, static_cast<double>(nodes) / median,
      static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
