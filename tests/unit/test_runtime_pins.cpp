// analyzers/runtime: one table per pin source (text in, pins out), the
// resolution of each spec shape, and discovery over a fixture with every
// source.
#include <catch2/catch.hpp>

#include "analyzers/project_loader.hpp"
#include "analyzers/runtime/analysis.hpp"
#include "analyzers/runtime/pins.hpp"
#include "core/node_schedule.hpp"
#include "test_support.hpp"

using namespace archgate;
using namespace archgate::analyzers::runtime;

namespace {

struct Want {
  int line;
  std::string version;
};

void check_pins(const std::vector<RuntimePin>& got, const std::vector<Want>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("pin " << i << ": " << got[i].spec);
    CHECK(got[i].line == want[i].line);
    CHECK(got[i].version == want[i].version);
  }
}

core::Day day(const char* s) { return *core::parse_day(s); }

ResolvedPin resolve(std::string version, PinRole role = PinRole::runtime,
                    std::string source = "nvmrc", std::string spec = "") {
  RuntimePin p;
  p.source = std::move(source);
  p.role = role;
  p.spec = spec.empty() ? version : spec;
  p.version = std::move(version);
  return resolve_pin(p, core::embedded_schedule(), day("2026-11-22"));
}

}  // namespace

TEST_CASE(".nvmrc and .node-version: first meaningful line", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  parse_version_file("nvmrc", ".nvmrc", "# comment\n\n  v20.11.1  # pinned\n22\n", out);
  check_pins(out, {{3, "v20.11.1"}});
  CHECK(out[0].column == 3);
  out.clear();
  parse_version_file("node-version", ".node-version", "\xEF\xBB\xBFlts/iron\r\n", out);
  check_pins(out, {{1, "lts/iron"}});
  out.clear();
  parse_version_file("nvmrc", ".nvmrc", "\n# only comments\n", out);
  CHECK(out.empty());
}

TEST_CASE(".tool-versions: the nodejs line", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  parse_tool_versions(".tool-versions", "python 3.12.1\n# nodejs 18\nnodejs 22.11.0 20.18.0\n",
                      out);
  check_pins(out, {{3, "22.11.0"}});
  CHECK(out[0].column == 8);
  out.clear();
  parse_tool_versions(".tool-versions", "node lts\n", out);
  check_pins(out, {{1, "lts"}});
}

TEST_CASE("mise.toml: [tools] node in every shape", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_mise("mise.toml", "[tools]\nnode = \"22\"\npython = \"3.12\"\n", out));
  check_pins(out, {{2, "22"}});
  out.clear();
  REQUIRE(parse_mise(".mise.toml", "[tools]\nnodejs = [\"24.1.0\", \"22\"]\n", out));
  check_pins(out, {{2, "24.1.0"}});
  out.clear();
  REQUIRE(parse_mise("mise.toml", "[tools.node]\nversion = \"lts\"\n", out));
  check_pins(out, {{2, "lts"}});
  out.clear();
  auto bad = parse_mise("mise.toml", "[tools\nnode = 1\n", out);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 1);
}

TEST_CASE("netlify.toml: NODE_VERSION in environment tables", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_netlify("netlify.toml",
                        "[build]\ncommand = \"npm run build\"\n[build.environment]\n"
                        "NODE_VERSION = \"20\"\n[context.production.environment]\n"
                        "NODE_VERSION = \"22.11.0\"\n",
                        /*functions_dir=*/true, out));
  REQUIRE(out.size() == 2);
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.line < b.line; });
  check_pins(out, {{4, "20"}, {6, "22.11.0"}});
  CHECK(out[0].role == PinRole::runtime);
}

// A static site's NODE_VERSION runs only its build (seen: a Netlify site
// pinned to Node 14 while the application ships in a container was an
// end-of-life production runtime and failed the run).
TEST_CASE("netlify.toml: without functions, NODE_VERSION is a build pin", "[runtime][pins][regression]") {
  std::string text = "[build]\npublish = \"dist\"\n[build.environment]\nNODE_VERSION = \"14\"\n";
  std::vector<RuntimePin> site;
  REQUIRE(parse_netlify("netlify.toml", text, false, site));
  REQUIRE(site.size() == 1);
  CHECK(site[0].role == PinRole::build);
  std::vector<RuntimePin> fns;
  REQUIRE(parse_netlify("netlify.toml", text + "[functions]\ndirectory = \"fns\"\n", false, fns));
  REQUIRE(fns.size() == 1);
  CHECK(fns[0].role == PinRole::runtime);
  // Review: a Next.js site renders on Netlify's functions.
  std::vector<RuntimePin> ssr;
  REQUIRE(parse_netlify("netlify.toml", text + "[[plugins]]\npackage = \"@netlify/plugin-nextjs\"\n", false, ssr));
  REQUIRE(ssr.size() == 1);
  CHECK(ssr[0].role == PinRole::runtime);
}

TEST_CASE("dev_environment_file: development and test container files", "[runtime][pins][regression]") {
  using archgate::core::runtime::dev_environment_file;
  CHECK(dev_environment_file(".github/docker-compose.test.yml"));
  CHECK(dev_environment_file("docker-compose.dev.yaml"));
  CHECK(dev_environment_file("Dockerfile.dev"));
  CHECK(dev_environment_file("docker/dev.Dockerfile"));
  CHECK(dev_environment_file(".devcontainer/Dockerfile"));
  CHECK(dev_environment_file("e2e/Dockerfile"));
  // Seen on excalidraw: the CodeSandbox image was taken for production
  // ("CI tests Node 20 but production runs Node 24 (.codesandbox/Dockerfile:1)").
  CHECK(dev_environment_file(".codesandbox/Dockerfile"));
  CHECK(dev_environment_file(".gitpod/Dockerfile"));
  CHECK_FALSE(dev_environment_file("Dockerfile"));
  CHECK_FALSE(dev_environment_file("docker-compose.yml"));
  CHECK_FALSE(dev_environment_file("apps/api/Dockerfile"));
  CHECK_FALSE(dev_environment_file("deploy/devops.Dockerfile"));
}

TEST_CASE("Dockerfile: multi-stage, ARG substitution, digests, variants", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  parse_dockerfile("Dockerfile",
                   "# syntax=docker/dockerfile:1\n"
                   "ARG NODE_VERSION=20.11.1\n"
                   "ARG BASE=bookworm-slim\n"
                   "FROM --platform=$BUILDPLATFORM node:${NODE_VERSION}-${BASE} AS deps\n"
                   "RUN npm ci\n"
                   "FROM deps AS build\n"
                   "RUN npm run build\n"
                   "FROM docker.io/library/node:22@sha256:0123456789abcdef AS test\n"
                   "from node:${MISSING:-lts}-alpine as lint\n"
                   "FROM node@sha256:0123456789abcdef\n"
                   "FROM node:${UNSET}\n"
                   "FROM \\\n"
                   "  node:iron-alpine3.20\n"
                   "FROM gcr.io/distroless/nodejs22-debian12\n"
                   "FROM node:alpine\n",
                   out);
  check_pins(out, {{4, "20.11.1"}, {8, "22"}, {9, "lts"}, {10, ""}, {11, ""}, {12, "iron"},
                   {15, ""}});
  CHECK(out[0].spec == "node:20.11.1-bookworm-slim");
  CHECK(out[0].value_line == 2);
  CHECK(out[0].context == "stage deps");
  CHECK(out[0].column == 32);
  CHECK(out[1].has_digest);
  CHECK(out[3].has_digest);
  CHECK(out[4].unresolved_variable);
  CHECK(out[6].context.ends_with("(final)"));
  auto untagged = resolve_pin(out[6], core::embedded_schedule(), day("2026-11-22"));
  CHECK(untagged.kind == SpecKind::untagged);
  CHECK(untagged.floating);
  auto digest = resolve_pin(out[3], core::embedded_schedule(), day("2026-11-22"));
  CHECK(digest.kind == SpecKind::digest);
  CHECK_FALSE(digest.floating);
}

// Seen on hoppscotch/hoppscotch: `FROM node:lts AS builder` whose output
// is copied into `FROM caddy:2-alpine` counted as a production pin (on Node
// 26), disagreeing with every other runtime pin. Only the Node the shipped
// image comes from is the runtime; a stage that only builds is a build pin.
TEST_CASE("Dockerfile: only the stages the shipped image comes from run in production", "[runtime][pins]") {
  auto roles = [](std::string_view text) {
    std::vector<RuntimePin> out;
    parse_dockerfile("Dockerfile", text, out);
    std::vector<std::string> r;
    for (const auto& p : out) r.push_back(std::to_string(p.line) + " " + std::string(to_string(p.role)));
    return r;
  };
  using V = std::vector<std::string>;
  // Static site: Node only builds.
  CHECK(roles("FROM node:lts AS builder\nRUN pnpm build\nFROM caddy:2-alpine\nCOPY --from=builder /app/dist .\n") ==
        V{"1 build"});
  // Build on 20, ship 22: both read; the build stage is a build pin.
  CHECK(roles("FROM node:20 AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app .\n") ==
        V{"1 build", "3 runtime"});
  // The final stage derives from the Node stage (through another stage).
  CHECK(roles("FROM node:20.12.2 AS builder\nFROM builder AS dev\nFROM builder AS prod\nCMD node dist/main\n") ==
        V{"1 runtime"});
  // Node's binary copied into a slim final image is what runs.
  CHECK(roles("FROM node:22 AS node\nFROM node:20 AS build\nFROM debian:12-slim\n"
              "COPY --from=node /usr/local/bin/node /usr/local/bin/node\nCOPY --from=build /app /app\n") ==
        V{"1 runtime", "2 build"});
  // A final Node image archgate does not read as a pin: unknown, kept as is.
  CHECK(roles("FROM node:22 AS build\nFROM gcr.io/distroless/nodejs22-debian12\nCOPY --from=build /app /app\n") ==
        V{"1 runtime"});
  CHECK(roles("FROM node:22\nCMD node server.js\n") == V{"1 runtime"});
}

TEST_CASE("node image references", "[runtime][pins]") {
  std::string v;
  bool digest = false;
  CHECK(parse_node_image("node:20.11-alpine3.19", v, digest));
  CHECK(v == "20.11");
  CHECK(parse_node_image("localhost:5000/node:22", v, digest));
  CHECK(v == "22");
  CHECK(parse_node_image("cimg/node:24.1.0-browsers", v, digest));
  CHECK(v == "24.1.0");
  CHECK(parse_node_image("node:current-slim", v, digest));
  CHECK(v == "current");
  CHECK(parse_node_image("node:slim", v, digest));
  CHECK(v.empty());
  CHECK(parse_node_image("node", v, digest));
  CHECK(v.empty());
  CHECK_FALSE(parse_node_image("postgres:16", v, digest));
  CHECK_FALSE(parse_node_image("localhost:5000/nodejs:22", v, digest));
}

TEST_CASE("docker-compose: service images", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_compose("compose.yaml",
                        "services:\n  web:\n    image: node:22-alpine\n  db:\n    image: postgres\n"
                        "  job:\n    image: \"node:lts\"\n",
                        out));
  check_pins(out, {{3, "22"}, {7, "lts"}});
  CHECK(out[0].context == "service web");
  CHECK(out[0].column == 12);
  out.clear();
  auto bad = parse_compose("compose.yaml", "services:\n  web: [\n", out);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line > 0);
}

TEST_CASE("GitHub Actions: node-version, matrices, include, node-version-file, containers",
          "[runtime][pins]") {
  core::MemorySnapshot snap;
  snap.add(".nvmrc", "22.11.0\n");
  std::vector<RuntimePin> out;
  REQUIRE(parse_github_workflow(".github/workflows/ci.yml",
                                "on: push\n"
                                "jobs:\n"
                                "  test:\n"
                                "    strategy:\n"
                                "      matrix:\n"
                                "        node:\n"
                                "          - 20.x\n"
                                "          - 22\n"
                                "        include:\n"
                                "          - node: 24\n"
                                "    steps:\n"
                                "      - uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version: ${{ matrix.node }}\n"
                                "  lint:\n"
                                "    container: node:26-slim\n"
                                "    steps:\n"
                                "      - uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version-file: '.nvmrc'\n"
                                "      - uses: actions/setup-node@v3\n"
                                "        with:\n"
                                "          node-version: lts/*\n"
                                "      - uses: actions/checkout@v4\n"
                                "        with:\n"
                                "          node-version: 99\n",
                                &snap, out));
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.line < b.line; });
  check_pins(out, {{7, "20.x"}, {8, "22"}, {10, "24"}, {16, "26"}, {20, "22.11.0"}, {23, "lts/*"}});
  for (const auto& p : out) {
    CHECK(p.role == PinRole::ci);
  }
  CHECK(out[4].spec == "file:.nvmrc");
  CHECK(out[4].value_file == ".nvmrc");
}

// Seen on vitejs/vite: a job sets up Node from the same matrix value twice
// (before and after its build); every matrix pin was listed, and reported,
// twice.
TEST_CASE("GitHub Actions: two setup-node steps on one matrix value pin the matrix once", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_github_workflow(".github/workflows/ci.yml",
                                "on: push\n"
                                "jobs:\n"
                                "  test:\n"
                                "    strategy:\n"
                                "      matrix:\n"
                                "        node_version: [20, 22]\n"
                                "        include:\n"
                                "          - node_version: 24.15.0\n"
                                "    steps:\n"
                                "      - if: matrix.node_version != '20'\n"
                                "        uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version: ${{ matrix.node_version }}\n"
                                "      - if: matrix.node_version == '20'\n"
                                "        uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version: 24\n"
                                "      - if: matrix.node_version == '20'\n"
                                "        uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version: ${{ matrix.node_version }}\n"
                                "  other:\n"
                                "    strategy:\n"
                                "      matrix:\n"
                                "        node_version: [26]\n"
                                "    steps:\n"
                                "      - uses: actions/setup-node@v4\n"
                                "        with:\n"
                                "          node-version: ${{ matrix.node_version }}\n",
                                nullptr, out));
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.line < b.line || (a.line == b.line && a.column < b.column); });
  check_pins(out, {{6, "20"}, {6, "22"}, {8, "24.15.0"}, {17, "24"}, {25, "26"}});
}

TEST_CASE("GitLab CI: image strings, {name}, variables", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_gitlab_ci(".gitlab-ci.yml",
                          "variables:\n  NODE: \"22.11\"\nimage: node:${NODE}\n"
                          "test:\n  image:\n    name: node:20-alpine\n  script: [npm test]\n"
                          "build:\n  image: ruby:3\n",
                          out));
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.line < b.line; });
  check_pins(out, {{3, "22.11"}, {6, "20"}});
  CHECK(out[0].value_line == 2);
}

TEST_CASE("CircleCI: cimg/node images and the node orb", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_circleci(".circleci/config.yml",
                         "version: 2.1\norbs:\n  node: circleci/node@5\njobs:\n  test:\n"
                         "    docker:\n      - image: cimg/node:20.11.1\n      - image: redis\n"
                         "workflows:\n  ci:\n    jobs:\n      - node/test:\n"
                         "          node-version: '22.3'\n",
                         out));
  check_pins(out, {{7, "20.11.1"}, {13, "22.3"}});
}

TEST_CASE("Travis: node_js scalar or list", "[runtime][pins]") {
  std::vector<RuntimePin> out;
  REQUIRE(parse_travis(".travis.yml", "language: node_js\nnode_js:\n  - \"18\"\n  - node\n", out));
  check_pins(out, {{3, "18"}, {4, "node"}});
  out.clear();
  REQUIRE(parse_travis(".travis.yml", "node_js: lts/*\n", out));
  check_pins(out, {{1, "lts/*"}});
}

TEST_CASE("spec shapes resolve to lines", "[runtime][resolve]") {
  auto r = resolve("22.11.0");
  CHECK(r.kind == SpecKind::exact);
  CHECK(r.major == 22);
  CHECK(r.exact == "22.11.0");
  CHECK(r.status == core::LineStatus::maintenance_lts);
  CHECK(resolve("v20").kind == SpecKind::line);
  CHECK(resolve("v20").major == 20);
  CHECK(resolve("20.x").major == 20);
  CHECK(resolve("20.11").kind == SpecKind::line);
  auto lts = resolve("lts/*");
  CHECK(lts.kind == SpecKind::alias);
  CHECK(lts.floating);
  CHECK(lts.major == 26);
  auto iron = resolve("lts/iron");
  CHECK(iron.kind == SpecKind::codename);
  CHECK_FALSE(iron.floating);
  CHECK(iron.major == 20);
  CHECK(resolve("node").major == 26);
  CHECK(resolve("latest").floating);
  auto range = resolve(">=20 <23");
  CHECK(range.kind == SpecKind::range);
  CHECK(range.major == 22);  // nvm installs the newest match
  CHECK(range.floating);
  auto engines = resolve(">=18", PinRole::constraint, "engines");
  CHECK(engines.major == 18);
  CHECK(engines.admitted.front() == 18);
  CHECK(engines.admitted.back() == 27);
  auto stale = stale_lines_admitted(engines, core::embedded_schedule(), day("2026-11-22"));
  CHECK(stale == std::vector<int>{18, 19, 20, 21});
  auto twenty = resolve("20", PinRole::constraint, "engines");
  CHECK(twenty.kind == SpecKind::range);
  CHECK(twenty.admitted == std::vector<int>{20});
  CHECK(resolve("^24.10.0", PinRole::types, "types-node").major == 24);
  CHECK_FALSE(resolve("*", PinRole::types, "types-node").major);
  CHECK_FALSE(resolve("latest", PinRole::types, "types-node").major);
  CHECK(resolve("garbage!").kind == SpecKind::unknown);
  CHECK(range_admits_line("^22 || ^24", 24));
  CHECK_FALSE(range_admits_line("^22 || ^24", 26));
}

TEST_CASE("discovery finds every source with file:line", "[runtime][pins]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-sources";
  core::WorkingTreeSnapshot snap(dir.string());
  auto project = analyzers::load_project(snap);
  REQUIRE(project);
  auto scan = discover_pins(snap, *project);
  CHECK(scan.errors.empty());
  std::vector<std::string> got;
  for (const auto& p : scan.pins) {
    got.push_back(p.source + " " + p.file + ":" + std::to_string(p.line) + " " + p.version);
  }
  std::vector<std::string> want = {
      "circleci .circleci/config.yml:6 22.11.0",
      "github-actions .github/workflows/release.yaml:11 24",
      "node-version .node-version:1 22.11.0",
      "travis .travis.yml:3 22",
      "travis .travis.yml:4 24",
      "dockerfile Containerfile:1 22",
      "mise apps/web/.mise.toml:2 22",
      "compose compose.yaml:3 22",
      "dockerfile deploy/api.dockerfile:2 22.11.0",
      "mise mise.toml:2 22",
      "netlify netlify.toml:5 22",
      "engines package.json:6 >=22",
      "dev-engines package.json:9 ^22.11.0",
      "engines packages/lib/package.json:5 >=22",
      "volta packages/lib/package.json:8 22.11.0",
      "types-node packages/lib/package.json:11 ^22.10.0",
  };
  CHECK(got == want);
}

TEST_CASE("GitHub Actions: node-version-file package.json reads volta, then engines",
          "[runtime][pins]") {
  core::MemorySnapshot snap;
  snap.add("package.json", "{\"engines\": {\"node\": \">=22\"}, \"volta\": {\"node\": \"24.1.0\"}}");
  snap.add("sub/package.json", "{\"engines\": {\"node\": \"^22.11.0\"}}");
  std::vector<RuntimePin> out;
  REQUIRE(parse_github_workflow(".github/workflows/ci.yml",
                                "jobs:\n  a:\n    steps:\n      - uses: actions/setup-node@v4\n"
                                "        with:\n          node-version-file: package.json\n"
                                "      - uses: actions/setup-node@v4\n"
                                "        with:\n          node-version-file: ./sub/package.json\n"
                                "      - uses: actions/setup-node@v4\n"
                                "        with:\n          node-version-file: missing/.nvmrc\n",
                                &snap, out));
  check_pins(out, {{6, "24.1.0"}, {9, "^22.11.0"}, {12, ""}});
  auto r = resolve_pin(out[1], core::embedded_schedule(), day("2026-11-22"));
  CHECK(r.major == 22);  // setup-node installs the newest match
}

TEST_CASE("YAML pin files with invalid UTF-8 are errors, not hangs", "[runtime][pins]") {
  // libfyaml loops forever on a directive line holding invalid UTF-8.
  std::vector<RuntimePin> out;
  auto r = parse_gitlab_ci(".gitlab-ci.yml", "image: node:22\n%\x8a\"v*\"]\n", out);
  REQUIRE_FALSE(r);
  CHECK(r.error().line == 2);
  CHECK(r.error().column == 2);
  CHECK(parse_compose("compose.yaml", "services:\n  web:\n    image: \"n\xC3\xA9ode:22\"\n", out));
}
