#pragma once
// The package managers' configuration files, each read once per run by the
// pipeline's config pass: `.npmrc` (with ${ENV} expansion), `.yarnrc`
// (yarn 1), `.yarnrc.yml` (yarn 2+, libfyaml) and `bunfig.toml` (toml++).
// What rules need from them is here as facts; no rule reads a file.
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

// A registry URL the project configures for its package manager.
struct ConfiguredRegistry {
  std::string url;   // as written (after ${ENV} expansion)
  std::string file;  // project-relative config file
  int line = 0;
};

struct RegistrySettings {
  std::vector<ConfiguredRegistry> registries;
  std::vector<core::Error> errors;  // config files that exist but do not parse
};

// Registry URLs from `registry=`/`@scope:registry=` (.npmrc, .yarnrc),
// `npmRegistryServer` top-level and under `npmScopes` (.yarnrc.yml) and
// `[install] registry` / `[install.scopes]` (bunfig.toml). Credentials are
// never read. A URL left with an unset ${VAR} is skipped: its host is not
// known here. `env` expands ${VAR} in .npmrc as npm does.
RegistrySettings read_registry_settings(const core::Snapshot& snap,
                                        const std::map<std::string, std::string>& env);

}  // namespace archgate::analyzers
