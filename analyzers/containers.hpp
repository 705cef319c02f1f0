#pragma once
// Container facts for the checklist's `containers` and `health-checks`
// items: for each Dockerfile, its stages, base image, install command, user,
// NODE_ENV and HEALTHCHECK; and what the .dockerignore beside it excludes.
#include <string>
#include <vector>

#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

struct DockerfileFacts {
  std::string path;
  int stages = 0;             // FROM lines
  std::string final_image;    // the last stage's base ("node:22-alpine", "gcr.io/distroless/nodejs22")
  int final_from_line = 0;
  bool pinned_base = false;   // the final base names a version (node:22, node:22.11-slim, distroless/nodejs22, debian:bookworm)
  // The image runs Node.js: a node base, or a package-manager install in any
  // stage. An image that ships a compiled binary has no NODE_ENV or
  // production install to judge.
  bool node = false;
  int prod_install_line = 0;  // npm ci --omit=dev, --production, pnpm install --prod, npm prune --omit=dev ...
  int any_install_line = 0;   // any dependency install
  // The final stage installs nothing and copies only build output from other
  // stages (Next.js standalone output, dist/): no dev install ships.
  bool ships_build_output_only = false;
  int node_env_line = 0;      // ENV NODE_ENV=production (or ARG default)
  std::string user;           // the last USER of the final stage ("" = none: root)
  int user_line = 0;
  // HEALTHCHECK (not NONE) of the final stage, or of the stage it is built
  // on; else of another stage nothing is built on (a `--target`).
  int healthcheck_line = 0;
  // The first CMD or ENTRYPOINT of any stage, or 0: a Dockerfile that names
  // no command is a base or builder image others build FROM.
  int command_line = 0;
  std::string dockerignore;   // the .dockerignore that applies (project-relative), or ""
  bool ignores_node_modules = false;
  bool ignores_env = false;
};

struct ContainerFacts {
  std::vector<DockerfileFacts> dockerfiles;  // by path
  // Kubernetes or compose probes/healthchecks: file:line notes.
  std::vector<std::pair<std::string, int>> probes;
};

ContainerFacts read_containers(const core::Snapshot& snapshot);

}  // namespace archgate::analyzers
