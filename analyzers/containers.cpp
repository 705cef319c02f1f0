#include "analyzers/containers.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analyzers/runtime/pins.hpp"
#include "analyzers/source/files.hpp"
#include "core/pm_command.hpp"
#include "core/runtime_model.hpp"
#include "core/text.hpp"
#include "core/yaml.hpp"

#include <libfyaml.h>

namespace archgate::analyzers {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A package-manager call in one simple command of a RUN line.
struct InstallCall {
  bool installs = false;    // installs the project's dependencies, or named packages into it
  bool production = false;  // leaves devDependencies out
};

// What the simple command `simple` installs. A global install of a tool
// (`npm install -g pnpm`, `yarn global add pm2`) puts nothing in the
// project: seen on umami, whose last stage installs pnpm globally after
// ENV NODE_ENV=production, which was cited as its production install.
InstallCall install_call(std::string_view simple) {
  auto words = core::shell_words(simple);
  InstallCall call;
  bool env_production = false;
  std::size_t k = 0;
  for (; k < words.size(); ++k) {  // `NODE_ENV=production pnpm i`, `env CI=1 npm ci`
    const auto& w = words[k];
    if (w == "env") continue;
    // RUN's own options (`RUN --mount=type=cache,target=/root/.cache/yarn yarn`).
    if (w.starts_with("--mount=") || w.starts_with("--network=") || w.starts_with("--security=")) continue;
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0 || w.front() == '-') break;
    if (w == "NODE_ENV=production") env_production = true;
  }
  // Wrappers that run the package manager: `npx pnpm@9 install`,
  // `corepack pnpm install`, `sudo npm ci`.
  while (k < words.size() && (words[k] == "sudo" || words[k] == "npx" || words[k] == "corepack" || words[k] == "exec" ||
                              words[k] == "-y" || words[k] == "--yes")) {
    ++k;
  }
  if (k == words.size()) return call;
  std::string_view tool = words[k];
  tool = tool.substr(tool.rfind('/') + 1);  // /usr/local/bin/npm
  tool = tool.substr(0, tool.find('@'));    // pnpm@9.1.0
  if (tool != "npm" && tool != "pnpm" && tool != "yarn" && tool != "bun") return call;
  const std::size_t sub_at = core::pm_subcommand_at(words, k);
  const std::string_view sub = sub_at < words.size() ? std::string_view(words[sub_at]) : std::string_view();
  bool global = sub == "global";  // yarn global add
  bool production = env_production;
  for (std::size_t i = k + 1; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w == "-g" || w == "--global" || w == "--location=global") global = true;
    if (w == "--omit=dev" || w == "--only=production" || w == "--only=prod" || w == "--production" || w == "--prod" ||
        w == "-P" || (w == "--omit" && i + 1 < words.size() && words[i + 1] == "dev")) {
      production = true;
    }
  }
  bool installs = sub == "install" || sub == "i" || sub == "ci" || sub == "add" || sub == "prune" || sub == "deploy" ||
                  (tool == "yarn" && sub.empty()) ||  // `yarn`, `yarn --frozen-lockfile`
                  (tool == "yarn" && sub == "workspaces" && sub_at + 1 < words.size() && words[sub_at + 1] == "focus");
  call.installs = installs && !global;
  call.production = call.installs && production;
  return call;
}

// What a RUN line installs, over its simple commands.
InstallCall run_installs(std::string_view run) {
  InstallCall out;
  for (const auto& simple : core::split_shell_commands(run)) {
    auto c = install_call(simple);
    out.installs = out.installs || c.installs;
    out.production = out.production || c.production;
  }
  return out;
}

// A COPY --from source that is build output, not an installed tree: Next.js
// standalone output (which carries its own traced node_modules), static
// assets, a dist/ or build/ folder.
bool build_output(std::string_view src) {
  if (src.find("node_modules") != std::string_view::npos) return false;
  for (std::string_view part : {"standalone", ".next/static", "public"}) {
    if (src.find(part) != std::string_view::npos) return true;
  }
  // The output folder itself (/app/dist), not a tree below it where a
  // package may have been installed (/ghostfolio/dist/apps on ghostfolio).
  while (src.ends_with('/')) src.remove_suffix(1);
  return src == "dist" || src == "build" || src == "out" || src.ends_with("/dist") || src.ends_with("/build") ||
         src.ends_with("/out");
}

bool pinned(std::string_view image) {
  // node:22, node:22.11.0-alpine, gcr.io/distroless/nodejs22-debian12, cgr.dev/chainguard/node:latest (no)
  auto at = image.find('@');
  if (at != std::string_view::npos) return true;  // a digest pins it
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  std::string_view repo = image, tag;
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    repo = image.substr(0, colon);
    tag = image.substr(colon + 1);
  }
  if (repo.find("nodejs") != std::string_view::npos) {  // distroless/nodejs22
    auto pos = repo.find("nodejs") + 6;
    return pos < repo.size() && std::isdigit(static_cast<unsigned char>(repo[pos]));
  }
  if (tag.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(tag.front()))) return true;
  // A distribution release by name (debian:bookworm-slim is Debian 12, as
  // node:22 is Node 22) or a dated snapshot (debian:bookworm-20241111-slim).
  // lts, latest, stable, alpine, slim move.
  static constexpr std::string_view k_releases[] = {"bookworm", "bullseye", "buster", "trixie", "jammy", "noble",
                                                    "focal", "bionic"};
  auto first = tag.substr(0, tag.find('-'));
  for (auto r : k_releases) {
    if (first == r) return true;
  }
  return false;
}

// Images of the services a project runs beside itself (databases, caches,
// brokers, object stores, proxies, telemetry): their healthchecks probe
// that service, not the project's code. The last path segment, untagged.
bool infrastructure_image(std::string_view image) {
  auto at = image.find('@');
  if (at != std::string_view::npos) image = image.substr(0, at);
  auto slash = image.rfind('/');
  auto name = slash == std::string_view::npos ? image : image.substr(slash + 1);
  auto colon = name.find(':');
  if (colon != std::string_view::npos) name = name.substr(0, colon);
  static constexpr std::string_view k_infra[] = {
      "postgres", "postgresql", "postgis", "pgvector", "timescaledb", "pgbouncer", "mysql", "mariadb", "mongo",
      "mongodb", "redis", "redis-stack", "valkey", "keydb", "dragonfly", "memcached", "minio", "clickhouse",
      "clickhouse-server", "rabbitmq", "kafka", "cp-kafka", "redpanda", "zookeeper", "nats", "elasticsearch",
      "opensearch", "meilisearch", "typesense", "qdrant", "chroma", "weaviate", "milvus", "nginx", "traefik",
      "caddy", "haproxy", "envoy", "localstack", "mailhog", "mailpit", "maildev", "smtp4dev", "jaeger",
      "all-in-one", "opentelemetry-collector", "opentelemetry-collector-contrib", "otel-collector", "prometheus",
      "grafana", "loki", "tempo", "vault", "consul", "etcd", "temporal", "azurite", "dynamodb-local", "neo4j",
      "cassandra", "scylla", "couchdb", "influxdb", "electric", "toxiproxy", "selenium", "browserless", "chrome",
      "gotenberg", "unleash-proxy", "keycloak", "supabase", "mockserver", "wiremock", "aimock"};
  return std::find(std::begin(k_infra), std::end(k_infra), name) != std::end(k_infra);
}

// The healthchecks of a compose file's services that run the project: a
// service built from the repository, or from an image that is not one of
// the infrastructure images above. A development or test compose file
// (core::runtime::dev_environment_file) probes nothing that ships.
void compose_probes(const std::string& path, std::string_view text, std::vector<std::pair<std::string, int>>& out) {
  if (core::runtime::dev_environment_file(path)) return;
  auto doc = core::parse_yaml(path, text);
  if (!doc) return;  // `archgate runtime` reports a compose file that does not parse
  fy_node* services = core::yaml_get(fy_document_root(doc->get()), "services");
  core::yaml_for_each_pair(services, [&](std::string_view, fy_node* svc) {
    fy_node* hc = core::yaml_get(svc, "healthcheck");
    if (hc == nullptr) return;
    auto disable = core::yaml_scalar(core::yaml_get(hc, "disable"));
    if (disable && *disable == "true") return;
    auto image = core::yaml_scalar(core::yaml_get(svc, "image"));
    bool built = core::yaml_get(svc, "build") != nullptr;
    if (!built && image && infrastructure_image(*image)) return;
    out.emplace_back(path, core::yaml_key_position(svc, "healthcheck").first);
  });
}

}  // namespace

ContainerFacts read_containers(const core::Snapshot& snapshot) {
  ContainerFacts out;
  auto files = snapshot.walk("", [](std::string_view dir) {
    auto base = dir.substr(dir.rfind('/') == std::string_view::npos ? 0 : dir.rfind('/') + 1);
    return !source::is_build_dir(base);
  });
  for (const auto& path : files) {
    auto base = std::string_view(path).substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    bool yaml = base.ends_with(".yaml") || base.ends_with(".yml");
    // Only where probes live: compose files and deployment manifests.
    bool compose = yaml && (base.starts_with("docker-compose") || base.starts_with("compose"));
    bool manifest = false;
    if (yaml && !compose) {
      std::string p = "/" + path;
      for (std::string_view d : {"/k8s/", "/kubernetes/", "/deploy/", "/deployment/", "/deployments/", "/helm/",
                                 "/charts/", "/manifests/", "/.k8s/", "/kube/", "/infra/", "/ops/"}) {
        manifest = manifest || p.find(d) != std::string::npos;
      }
    }
    if (compose) {
      auto text = snapshot.read(path);
      if (text && text->size() <= 1'000'000) compose_probes(path, *text, out.probes);
      continue;
    }
    if (manifest) {
      // Probes: kubernetes livenessProbe/readinessProbe/startupProbe.
      auto text = snapshot.read(path);
      if (!text || text->size() > 1'000'000) continue;
      int line = 1;
      std::size_t start = 0;
      while (start < text->size()) {
        auto nl = text->find('\n', start);
        auto l = std::string_view(*text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (l.find("livenessProbe:") != std::string_view::npos || l.find("readinessProbe:") != std::string_view::npos ||
            l.find("startupProbe:") != std::string_view::npos) {
          out.probes.emplace_back(path, line);
        }
        if (nl == std::string::npos) break;
        start = nl + 1;
        ++line;
      }
      continue;
    }
    if (yaml || !runtime::is_dockerfile(base)) continue;
    auto text = snapshot.read(path);
    if (!text) continue;
    DockerfileFacts d;
    d.path = path;
    // The final stage: whether it installs, and what it copies from others.
    bool final_installs = false;
    int final_copies = 0, final_copies_output = 0;
    // `FROM base AS release`: a stage built on an earlier one inherits its
    // image, its USER, its ENV and its HEALTHCHECK (image configuration).
    struct Stage {
      std::string image;
      std::string user;
      int user_line = 0;
      int node_env_line = 0;
      int healthcheck_line = 0;
    };
    std::map<std::string, Stage> stages;
    std::set<std::string, std::less<>> bases;  // stages another stage is built FROM
    std::map<std::string, std::string> global_args;  // ARG defaults before the first FROM
    std::string current;
    auto save = [&] {
      if (!current.empty()) stages[current] = {d.final_image, d.user, d.user_line, d.node_env_line, d.healthcheck_line};
    };
    for (const auto& ins : runtime::split_instructions(*text)) {
      if (ins.keyword == "from") {
        save();
        ++d.stages;
        std::string_view args = ins.args;
        while (args.starts_with("--")) {
          auto sp = args.find(' ');
          args = sp == std::string_view::npos ? std::string_view() : args.substr(sp + 1);
        }
        // FROM node:${NODE_VERSION}-alpine with a global ARG default: the
        // version is pinned there (seen on growthbook and Flowise).
        std::string image = runtime::expand_build_args(args.substr(0, args.find(' ')), global_args);
        auto as = lower(std::string(args)).find(" as ");
        current = as == std::string::npos ? std::string() : lower(std::string(core::trim_blanks(args.substr(as + 4))));
        d.user.clear();
        d.user_line = 0;
        d.node_env_line = 0;
        d.healthcheck_line = 0;
        if (auto it = stages.find(lower(image)); it != stages.end()) {
          bases.insert(it->first);
          image = it->second.image;
          d.user = it->second.user;
          d.user_line = it->second.user_line;
          d.node_env_line = it->second.node_env_line;
          d.healthcheck_line = it->second.healthcheck_line;
        }
        d.final_image = image;
        d.final_from_line = ins.line;
        final_installs = false;
        final_copies = 0;
        final_copies_output = 0;
      } else if (ins.keyword == "run") {
        auto call = run_installs(ins.args);
        if (call.installs) {
          d.any_install_line = ins.line;
          final_installs = true;
          // ENV NODE_ENV=production earlier in the stage (or the stage it is
          // built on) makes the install a production one too.
          if (call.production || d.node_env_line > 0) d.prod_install_line = ins.line;
        }
      } else if (ins.keyword == "env" || ins.keyword == "arg") {
        auto a = ins.args;
        if (ins.keyword == "arg" && d.stages == 0) {
          for (auto& [name, value] : runtime::parse_arg_instruction(a)) {
            if (value) global_args[name] = std::move(*value);
          }
        }
        // NODE_ENV=production, NODE_ENV="production", NODE_ENV ${NODE_ENV:-production}
        auto at = a.find("NODE_ENV");
        if (at != std::string::npos && a.find("production", at) != std::string::npos) {
          d.node_env_line = ins.line;
        }
      } else if (ins.keyword == "copy" || ins.keyword == "add") {
        std::string_view a = ins.args;
        if (a.find("--from") != std::string_view::npos) {
          // COPY --from=build --chown=x /app/.next/standalone ./ : the first
          // word after the options is the source.
          auto words = core::shell_words(a);
          std::size_t k = 0;
          while (k < words.size() && words[k].starts_with("--")) ++k;
          ++final_copies;
          // Every source (all words but the destination) is build output.
          bool output = k + 1 < words.size();
          for (std::size_t x = k; output && x + 1 < words.size(); ++x) output = build_output(words[x]);
          if (output) ++final_copies_output;
        }
      } else if (ins.keyword == "user") {
        d.user = std::string(ins.args.substr(0, ins.args.find(' ')));
        d.user_line = ins.line;
      } else if (ins.keyword == "healthcheck") {
        d.healthcheck_line = lower(ins.args).rfind("none", 0) == 0 ? 0 : ins.line;  // NONE switches it off
      } else if (ins.keyword == "cmd" || ins.keyword == "entrypoint") {
        if (d.command_line == 0) d.command_line = ins.line;
      }
    }
    save();
    // A multi-target Dockerfile (`docker build --target web`) ships other
    // stages than the last: a HEALTHCHECK in a stage nothing else is built
    // on counts when the last stage has none (seen on karakeep, whose
    // last stage is a CLI image and whose web and all-in-one stages probe).
    for (const auto& [name, st] : stages) {
      if (d.healthcheck_line == 0 && st.healthcheck_line > 0 && !bases.contains(name)) d.healthcheck_line = st.healthcheck_line;
    }
    d.ships_build_output_only = d.stages > 1 && !final_installs && final_copies > 0 && final_copies == final_copies_output;
    // The image's own default: node images set no USER; distroless "nonroot" variants do.
    if (d.user.empty() && d.final_image.find("nonroot") != std::string::npos) d.user = "nonroot";
    // Hardened images run as a non-root user unless told otherwise: Docker
    // Hardened Images (dhi.io) and Chainguard's (cgr.dev); seen on growthbook.
    // Their -dev variants (shell and package manager inside) run as root.
    bool dev_variant = d.final_image.find("-dev") != std::string::npos;
    if (d.user.empty() && !dev_variant &&
        (d.final_image.starts_with("dhi.io/") || d.final_image.starts_with("cgr.dev/"))) {
      d.user = "nonroot (the image's default)";
    }
    d.pinned_base = pinned(d.final_image);
    d.node = d.any_install_line > 0 || d.final_image.find("node") != std::string::npos ||
             d.final_image.find("bun") != std::string::npos || d.final_image.find("deno") != std::string::npos;
    // The .dockerignore of the build context: beside the Dockerfile, else the root's.
    std::string dir(core::parent_path(path));
    for (const auto& candidate : {core::join_path(dir, std::string(base) + ".dockerignore"), core::join_path(dir, ".dockerignore"),
                                  std::string(".dockerignore")}) {
      if (!snapshot.is_file(candidate)) continue;
      d.dockerignore = candidate;
      auto ig = snapshot.read(candidate);
      if (ig) {
        for (std::string_view l : {std::string_view(*ig)}) {
          std::size_t s = 0;
          while (s < l.size()) {
            auto nl = l.find('\n', s);
            auto line = l.substr(s, nl == std::string_view::npos ? std::string_view::npos : nl - s);
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '/')) line.remove_suffix(1);
            while (line.starts_with("./") || line.starts_with("/")) line.remove_prefix(line.starts_with("./") ? 2 : 1);
            if (line == "node_modules" || line == "**/node_modules" || line == "*" || line == "**") d.ignores_node_modules = true;
            if (line == ".env" || line == "**/.env" || line == ".env*" || line == "*.env" || line == ".env.*" ||
                line == "**/.env*" || line == "*" || line == "**") {
              d.ignores_env = true;
            }
            if (nl == std::string_view::npos) break;
            s = nl + 1;
          }
        }
      }
      break;
    }
    out.dockerfiles.push_back(std::move(d));
  }
  return out;
}

}  // namespace archgate::analyzers
