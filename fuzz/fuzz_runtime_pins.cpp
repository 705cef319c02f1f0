// libFuzzer target for the runtime pin parsers (analyzers/runtime): the first
// byte picks the parser, the rest is the file text. Every pin found is then
// resolved against the embedded schedule, so odd version strings reach the
// resolver and node-semver too. Parsers must never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyzers/runtime/analysis.hpp"
#include "analyzers/runtime/pins.hpp"
#include "core/node_schedule.hpp"

using namespace archgate::analyzers::runtime;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) {
    return 0;
  }
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<RuntimePin> out;
  archgate::core::MemorySnapshot snap;
  snap.add(".nvmrc", text);
  switch (data[0] % 10) {
    case 0:
      parse_version_file("nvmrc", ".nvmrc", text, out);
      break;
    case 1:
      parse_tool_versions(".tool-versions", text, out);
      break;
    case 2:
      (void)parse_mise("mise.toml", text, out);
      break;
    case 3:
      (void)parse_netlify("netlify.toml", text, false, out);
      break;
    case 4:
      parse_dockerfile("Dockerfile", text, out);
      break;
    case 5:
      (void)parse_compose("compose.yaml", text, out);
      break;
    case 6:
      (void)parse_github_workflow(".github/workflows/ci.yml", text, &snap, out);
      break;
    case 7:
      (void)parse_gitlab_ci(".gitlab-ci.yml", text, out);
      break;
    case 8:
      (void)parse_circleci(".circleci/config.yml", text, out);
      break;
    default:
      (void)parse_travis(".travis.yml", text, out);
      break;
  }
  const auto& schedule = archgate::core::embedded_schedule();
  auto today = *archgate::core::parse_day("2026-11-22");
  for (auto role : {PinRole::runtime, PinRole::constraint, PinRole::types}) {
    RuntimePin p;
    p.source = "nvmrc";
    p.role = role;
    p.version = text.substr(0, 64);
    p.spec = p.version;
    out.push_back(p);
  }
  (void)analyze_runtime(std::move(out), schedule, today);
  return 0;
}
