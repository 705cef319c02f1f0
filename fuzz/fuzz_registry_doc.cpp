// Fuzzes what archgate reads from registries and npmrc files: any bytes as a
// package document must give PackageMeta or an Error, and as an npmrc must
// give a config whose lookups (registry, credentials, proxy, redaction) never
// crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "analyzers/registry/npm_config.hpp"
#include "analyzers/registry/package_doc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto meta = registry::parse_package_doc(text, "fuzz", {"1.0.0"});
  if (meta) {
    (void)meta->version(meta->latest);
  }
  std::map<std::string, std::string> env{{"TOKEN", "secret-token"}, {"EMPTY", ""}};
  registry::NpmConfig cfg;
  cfg.add_npmrc(text, "fuzz", env);
  (void)cfg.registry_for("@scope/name");
  (void)cfg.authorization_for("https://registry.example/a/b/c");
  (void)cfg.authorization_for(std::string(text.substr(0, 200)));
  (void)cfg.proxy_for("https://registry.example/x");
  (void)cfg.redact(text.substr(0, 512));
  (void)registry::expand_env(text.substr(0, 512), env);
  (void)registry::nerf_dart(text.substr(0, 512));
  return 0;
}
