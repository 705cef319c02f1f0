#pragma once
// Runtime pins: every place a repository says which Node.js it runs on.
//
// discover_pins() walks a Snapshot and hands each candidate file to one
// small parser per source (version files, Dockerfiles, CI YAML, TOML
// configs, package.json fields). Parsers are pure: path + text in, pins
// out, so tests can feed them strings. Resolving a pin to a release line is
// a separate step (analyzers/runtime/analysis.hpp), because it depends on
// the schedule and the date.
//
// To add a source: write `parse_<source>(path, text, out)` in the file of
// its family, declare it here, and dispatch to it in discover.cpp by file
// name.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/project.hpp"
#include "core/result.hpp"
#include "core/runtime_model.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers::runtime {

// The result model (core/runtime_model.hpp), under the names the runtime
// analysis has always used.
using core::runtime::PinRole;
using core::runtime::PlanChange;
using core::runtime::ResolvedPin;
using core::runtime::RuntimeAnalysis;
using core::runtime::RuntimePin;
using core::runtime::SpecKind;
using core::runtime::to_string;
using core::runtime::UpgradePlan;

// One Dockerfile instruction (continuation lines joined), for the readers
// of Dockerfiles (pins here, the container checks in analyzers/containers).
struct Instruction {
  int line = 0;
  int column = 0;       // of the first argument
  std::string keyword;  // lowercased
  std::string args;     // continuation lines joined with a space
};
std::vector<Instruction> split_instructions(std::string_view text);
// Dockerfile, Containerfile, Dockerfile.prod, api.dockerfile, ...
bool is_dockerfile(std::string_view base_name);

struct PinScan {
  std::vector<RuntimePin> pins;     // sorted by file, line, column
  std::vector<core::Error> errors;  // files that could not be parsed
};

// Finds every pin in the snapshot; package.json fields come from `project`
// (root and workspace manifests). A file that cannot be parsed becomes an
// entry in `errors` and the scan continues.
PinScan discover_pins(const core::Snapshot& snapshot, const core::Project& project);

// --- one parser per source (pure; append to `out`) ---

// .nvmrc / .node-version: the first non-comment, non-empty line.
void parse_version_file(std::string_view source, const std::string& path, std::string_view text,
                        std::vector<RuntimePin>& out);
// .tool-versions: the `nodejs` (or `node`) line's first version.
void parse_tool_versions(const std::string& path, std::string_view text,
                         std::vector<RuntimePin>& out);
// mise.toml / .mise.toml: [tools] node / nodejs (string, array or {version}).
core::Result<void> parse_mise(const std::string& path, std::string_view text,
                              std::vector<RuntimePin>& out);
// netlify.toml: NODE_VERSION in any [*.environment] table. It is the
// runtime of the site's functions when it has some (a [functions] table,
// build.functions, an SSR framework plugin, or `serves`: what only the
// snapshot shows, a functions folder or an SSR framework dependency),
// else only the build's Node.
core::Result<void> parse_netlify(const std::string& path, std::string_view text, bool serves,
                                 std::vector<RuntimePin>& out);
// Dockerfile / Containerfile / *.dockerfile: every `FROM node:...` with
// global ARG substitution; stages that are not node images are skipped.
void parse_dockerfile(const std::string& path, std::string_view text,
                      std::vector<RuntimePin>& out);
// docker-compose / compose files: every service `image: node:...`.
core::Result<void> parse_compose(const std::string& path, std::string_view text,
                                 std::vector<RuntimePin>& out);
// GitHub Actions workflow: setup-node `node-version` (matrix values
// expanded), `node-version-file` (read through `snapshot`), job containers.
core::Result<void> parse_github_workflow(const std::string& path, std::string_view text,
                                         const core::Snapshot* snapshot,
                                         std::vector<RuntimePin>& out);
// .gitlab-ci.yml: `image:` (string or {name}) with `variables` substitution.
core::Result<void> parse_gitlab_ci(const std::string& path, std::string_view text,
                                   std::vector<RuntimePin>& out);
// .circleci/config.yml: `cimg/node` images and node orb `node-version`.
core::Result<void> parse_circleci(const std::string& path, std::string_view text,
                                  std::vector<RuntimePin>& out);
// .travis.yml: `node_js` (string or list).
core::Result<void> parse_travis(const std::string& path, std::string_view text,
                                std::vector<RuntimePin>& out);
// package.json fields: engines.node, volta.node, devEngines.runtime (name
// node), the @types/node dependency.
void pins_from_manifest(const core::Manifest& manifest, std::vector<RuntimePin>& out);

// The names an ARG instruction declares, each with its default when it has
// one (`ARG VARIANT=alpine NODE_VERSION="22"`; quotes removed).
std::vector<std::pair<std::string, std::optional<std::string>>> parse_arg_instruction(std::string_view args);

// `text` with $VAR, ${VAR} and ${VAR:-fallback} replaced by the ARG
// defaults given (a FROM line's image); unknown variables stay as ${VAR}.
std::string expand_build_args(std::string_view text, const std::map<std::string, std::string>& defaults);

// Splits a container image reference. Returns false when the image is not a
// Node.js image (last path segment "node"). `version` gets the tag's
// version part ("20.11-alpine" → "20.11"; "alpine" → ""), `has_digest`
// whether it has @sha256.
bool parse_node_image(std::string_view image, std::string& version, bool& has_digest);

}  // namespace archgate::analyzers::runtime
