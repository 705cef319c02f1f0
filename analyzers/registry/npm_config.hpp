#pragma once
// npm configuration as the registry client needs it, read the way npm
// (@npmcli/config) reads it: `npm_config_*` environment variables override
// the project `.npmrc`, which overrides the user `~/.npmrc`, which overrides
// the global npmrc. Values get `${VAR}` / `${VAR?}` expansion.
//
// Credentials follow npm's "nerf dart" rules: a token configured as
// `//host[:port]/path/:_authToken` is sent only to URLs on that host and
// port whose path starts with that path (npm-registry-fetch walks the
// request path up to `//host/` looking for a key). Nothing else ever gets
// it, and secrets() lets every error message redact it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace archgate::core {
class Snapshot;
}

namespace archgate::registry {

// npm's documented default registry, used only when nothing is configured.
// The one place a registry host is written into archgate.
std::string_view default_registry();

class NpmConfig {
 public:
  // Parses one npmrc text into this config; keys already set by a
  // higher-precedence source (added earlier) are kept. Never fails: lines
  // that are not `key=value` are ignored, as npm ignores them.
  void add_npmrc(std::string_view text, std::string_view origin,
                 const std::map<std::string, std::string>& env);
  // Adds `npm_config_*` variables from `env` (npm's key mangling: non-leading
  // `_` become `-`, lowercased, except keys starting with `//`).
  void add_env(const std::map<std::string, std::string>& env);
  // Sets one key unless already set (tests, CLI overrides).
  void set(std::string key, std::string value, std::string origin = "override");

  // The value of `key`, or nullopt.
  [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
  // Where `key` came from (file path or "env"), empty when unset.
  [[nodiscard]] std::string origin(std::string_view key) const;

  // The registry URL for a package (its `@scope:registry`, else `registry`,
  // else the default), always ending with '/'.
  [[nodiscard]] std::string registry_for(std::string_view package_name) const;
  // The Authorization header value for a request to `url` (`Bearer …` from
  // `_authToken`, `Basic …` from `_auth` or `username` + `_password`), or
  // nullopt when no credential matches the URL's host, port and path.
  [[nodiscard]] std::optional<std::string> authorization_for(std::string_view url) const;
  [[nodiscard]] bool strict_ssl() const;
  [[nodiscard]] std::string cafile() const;
  // The proxy URL for `url` (https-proxy / proxy, honouring noproxy), or "".
  [[nodiscard]] std::string proxy_for(std::string_view url) const;
  // Every credential value configured (and its decoded forms), longest first,
  // for redaction.
  [[nodiscard]] std::vector<std::string> secrets() const;
  // `text` with every secret replaced by `***` and URL user-info removed.
  [[nodiscard]] std::string redact(std::string_view text) const;

 private:
  struct Entry {
    std::string value;
    std::string origin;
  };
  std::map<std::string, Entry, std::less<>> m_values;
};

// Where npm would read configuration from. Empty paths mean "npm's default":
// user = $npm_config_userconfig or $HOME/.npmrc; global =
// $npm_config_globalconfig or $PREFIX/etc/npmrc ($npm_config_prefix, else
// /usr/local). A missing file is not an error.
struct ConfigSources {
  const core::Snapshot* project = nullptr;  // its ".npmrc"
  std::string user_config;
  std::string global_config;
  bool use_user_and_global = true;  // tests turn the machine's files off
  std::map<std::string, std::string> env;  // empty = read the process environment
  bool use_process_env = true;
};

// Reads every source in npm's precedence order. Fails only when a file
// exists but cannot be read.
core::Result<NpmConfig> load_npm_config(const ConfigSources& sources);

// Expands `${VAR}` (left as written when unset) and `${VAR?}` (empty when
// unset) the way @npmcli/config does; `\${` escapes.
std::string expand_env(std::string_view value, const std::map<std::string, std::string>& env);
// npm's nerf dart of a URL: `//host[:port]/directory/` (protocol, user info,
// query and file name dropped; default ports omitted). Empty when `url` is
// not an http(s) URL.
std::string nerf_dart(std::string_view url);
// The process environment as a map.
std::map<std::string, std::string> process_env();

}  // namespace archgate::registry
