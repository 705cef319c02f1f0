// The test runner. Tests are hermetic: before any test runs, HOME, the
// caches and npm's configuration point at an empty folder of this run, and
// every npm_config_* variable of the caller's environment is removed, so
// that no test (nor the archgate binary the CLI tests start, which inherits
// this environment) reads the user's cache, ~/.npmrc or registry settings.
// TMPDIR points into that folder too, so every scratch file a test makes
// (through std::filesystem::temp_directory_path) goes with it when the run
// ends: one ctest run starts the runner once per test file, and each used to
// leave its folders behind in /tmp.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/http.hpp"

extern char** environ;

namespace {

std::filesystem::path make_hermetic() {
  namespace fs = std::filesystem;
  auto home = fs::temp_directory_path() / ("archgate-test-home-" + std::to_string(::getpid()));
  fs::create_directories(home / "cache");
  fs::create_directories(home / "tmp");
  std::vector<std::string> npm_vars;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    auto key = kv.substr(0, kv.find('='));
    std::string lower;
    for (char c : key) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower.starts_with("npm_config_")) {
      npm_vars.push_back(key);
    }
  }
  for (const auto& k : npm_vars) {
    ::unsetenv(k.c_str());
  }
  ::setenv("HOME", home.c_str(), 1);
  ::setenv("XDG_CACHE_HOME", (home / "cache").c_str(), 1);
  ::setenv("ARCHGATE_CACHE_DIR", (home / "cache" / "archgate").c_str(), 1);
  ::setenv("npm_config_userconfig", (home / ".npmrc").c_str(), 1);
  ::setenv("npm_config_globalconfig", (home / "npmrc").c_str(), 1);
  ::setenv("TMPDIR", (home / "tmp").c_str(), 1);
  return home;
}

}  // namespace

int main(int argc, char* argv[]) {
  // The opt-in live registry test needs the machine's own npm settings.
  std::filesystem::path home;
  if (std::getenv("ARCHGATE_LIVE_REGISTRY") == nullptr) {
    home = make_hermetic();
  }
  // The runner lives in tests/ of the build tree, the HTTP module beside
  // the archgate binary.
  archgate::core::http::set_module_path(ARCHGATE_HTTP_MODULE);
  int rc = Catch::Session().run(argc, argv);
  if (!home.empty() && std::getenv("ARCHGATE_KEEP_TEST_FILES") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(home, ec);
  }
  return rc;
}
