#pragma once
// Helpers shared by the tests: where the shared corpus and the fixtures are,
// reading files, running the built binary.
#include <cstdio>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "analyzers/pipeline.hpp"
#include "rules/engine.hpp"

#include <sys/wait.h>
#include <unistd.h>

namespace archgate::test {

inline std::filesystem::path source_dir() { return ARCHGATE_SOURCE_DIR; }
inline std::filesystem::path fixtures_dir() { return source_dir() / "fixtures"; }

// ../shared beside the checkout (ARCHGATE_SHARED_DIR overrides), or nullopt.
// Tests that need it must WARN and return when it is absent.
inline std::optional<std::filesystem::path> shared_dir() {
  if (const char* env = std::getenv("ARCHGATE_SHARED_DIR")) {
    if (std::filesystem::is_directory(env)) {
      return std::filesystem::path(env);
    }
  }
  auto p = source_dir().parent_path() / "shared";
  if (std::filesystem::is_directory(p / "corpus")) {
    return p;
  }
  return std::nullopt;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `binary` (an archgate executable) with `args` (a shell-quoted string)
// and `env_assignments` ("A=1 B=2") added to its environment.
inline RunResult run_binary(const std::string& binary, const std::string& args,
                            const std::string& env_assignments = "") {
  static std::atomic<int> counter{0};
  auto tmp = std::filesystem::temp_directory_path() /
             ("archgate-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".err");
  std::string cmd = (env_assignments.empty() ? "" : "env " + env_assignments + " ") + "'" + binary + "' " + args +
                    " 2>'" + tmp.string() + "'";
  RunResult r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) {
    return r;
  }
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    r.out.append(buf, n);
  }
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(tmp);
  std::filesystem::remove(tmp);
  return r;
}

// Runs the built archgate binary with `args` (a shell-quoted string).
inline RunResult run_archgate(const std::string& args) { return run_binary(ARCHGATE_BINARY, args); }

// Runs the audit pipeline and every rule on `snap` as `archgate check` does,
// judged on `today`, with an empty schedule cache (the embedded schedule),
// no registry cache and an empty npm environment. Defined inline so that
// only tests that use it pull in the pipeline.
template <class Snapshot>
auto audit(const Snapshot& snap, const std::string& today = "2026-11-22",
           const rules::Selection& selection = {},
           const std::function<void(core::Settings&)>& adjust = nullptr) {
  analyzers::PipelineOptions popts;
  popts.env = std::map<std::string, std::string>{};
  auto empty = std::filesystem::temp_directory_path() /
               ("archgate-test-empty-" + std::to_string(::getpid()));
  std::filesystem::create_directories(empty);
  popts.schedule_cache_dir = empty.string();
  popts.registry_cache_dir = (empty / "no-registry-cache").string();
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  popts.adjust_settings = [today, adjust](core::Settings& s) {
    s.today = today;
    if (adjust) {
      adjust(s);
    }
  };
  auto facts = analyzers::run_pipeline(snap, rules::passes_for(selection, {}), popts);
  if (!facts) {
    throw std::runtime_error(facts.error().to_string());
  }
  return rules::evaluate(*facts, selection);
}

// Quotes a path for the shell.
inline std::string q(const std::filesystem::path& p) {
  // Appended, not `"'" + p.string()`: GCC 12 warns (-Wstringop-overflow, a
  // false positive) on inserting before a string at the front.
  std::string out;
  out.reserve(p.native().size() + 2);
  out += '\'';
  out += p.native();
  out += '\'';
  return out;
}

}  // namespace archgate::test
