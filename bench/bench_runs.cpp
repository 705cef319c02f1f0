// Whole-command timing: runs each command N times, interleaved (A B A B …,
// so that a machine whose speed drifts treats them alike), and prints the
// minimum and median wall, user and system time and the peak RSS of each.
// Processes start with posix_spawn, as a shell or /usr/bin/time starts them:
// forking a large parent (a Python harness) adds milliseconds of its own
// to every run. Output goes to /dev/null. Not a test.
//   bench_runs N CMD ARGS… [-- CMD ARGS…]…
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Runs {
  std::vector<char*> argv;  // null-terminated
  std::vector<double> wall, user, sys;
  long peak_kb = 0;
};

double ms(const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; }

double at(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_runs N CMD ARGS... [-- CMD ARGS...]...\n");
    return 2;
  }
  const int n = std::max(1, std::atoi(argv[1]));
  std::vector<Runs> cmds(1);
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) {
      cmds.emplace_back();
      continue;
    }
    cmds.back().argv.push_back(argv[i]);
  }
  for (auto& c : cmds) {
    if (c.argv.empty()) {
      std::fprintf(stderr, "bench_runs: empty command\n");
      return 2;
    }
    c.argv.push_back(nullptr);
  }
  posix_spawn_file_actions_t io;
  posix_spawn_file_actions_init(&io);
  posix_spawn_file_actions_addopen(&io, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&io, 2, "/dev/null", O_WRONLY, 0);
  // One round first, not counted: the page cache and the binaries warm up.
  for (int round = -1; round < n; ++round) {
    for (auto& c : cmds) {
      const auto start = std::chrono::steady_clock::now();
      pid_t pid = 0;
      if (posix_spawnp(&pid, c.argv[0], &io, nullptr, c.argv.data(), environ) != 0) {
        std::perror(c.argv[0]);
        return 2;
      }
      int status = 0;
      rusage ru{};
      if (wait4(pid, &status, 0, &ru) < 0) {
        std::perror("wait4");
        return 2;
      }
      const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
      if (round < 0) continue;
      c.wall.push_back(wall.count());
      c.user.push_back(ms(ru.ru_utime));
      c.sys.push_back(ms(ru.ru_stime));
      c.peak_kb = std::max(c.peak_kb, ru.ru_maxrss);
    }
  }
  for (const auto& c : cmds) {
    std::string line;
    for (std::size_t i = 0; i + 1 < c.argv.size(); ++i) line += (i ? " " : "") + std::string(c.argv[i]);
    std::printf("%s\n  wall min %.1f median %.1f ms | user min %.1f median %.1f ms | sys min %.1f median %.1f ms | peak %.1f MB\n",
                line.c_str(), at(c.wall, 0), at(c.wall, 0.5), at(c.user, 0), at(c.user, 0.5), at(c.sys, 0),
                at(c.sys, 0.5), static_cast<double>(c.peak_kb) / 1024.0);
  }
  return 0;
}
