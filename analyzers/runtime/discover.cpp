// discover_pins(): finds the files each pin parser understands and runs it.
#include <algorithm>
#include <tuple>

#include "analyzers/runtime/pins.hpp"

namespace archgate::analyzers::runtime {

namespace {

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

bool is_dockerfile(std::string_view base) {
  auto b = lower(base);
  return b == "dockerfile" || b == "containerfile" || b.starts_with("dockerfile.") ||
         b.starts_with("containerfile.") || b.ends_with(".dockerfile") ||
         b.ends_with(".containerfile");
}

namespace {

bool is_compose(std::string_view base) {
  bool yaml = base.ends_with(".yml") || base.ends_with(".yaml");
  return yaml && (base.starts_with("docker-compose") || base.starts_with("compose.") ||
                  base.starts_with("compose-"));
}

bool is_yaml(std::string_view p) { return p.ends_with(".yml") || p.ends_with(".yaml"); }

}  // namespace

// Whether a Netlify site in `dir` ("" or "site/") runs server code of its
// own: a functions folder, or a framework Netlify deploys with server-side
// rendering on functions (Next.js, Nuxt, Remix, SvelteKit and Astro
// adapters), declared by the manifest in that folder or the root's.
static bool netlify_serves(const core::Snapshot& snapshot, const core::Project& project, const std::string& dir) {
  if (snapshot.is_dir(dir + "netlify/functions") || snapshot.is_dir(dir + "netlify/edge-functions")) return true;
  std::string folder = dir.empty() ? std::string() : dir.substr(0, dir.size() - 1);
  const core::Manifest* site = project.manifest_at(folder);
  for (const core::Manifest* m : {site, project.root ? &*project.root : nullptr}) {
    if (!m) continue;
    for (const auto& d : m->dependencies) {
      for (std::string_view ssr : {"next", "nuxt", "@netlify/functions", "@netlify/plugin-nextjs", "@astrojs/netlify",
                                   "@sveltejs/adapter-netlify", "@netlify/remix-adapter", "@remix-run/netlify",
                                   "@netlify/edge-functions"}) {
        if (d.name == ssr) return true;
      }
    }
  }
  return false;
}

PinScan discover_pins(const core::Snapshot& snapshot, const core::Project& project) {
  PinScan scan;
  auto& out = scan.pins;
  auto record = [&](core::Result<void> r) {
    if (!r) {
      scan.errors.push_back(r.error());
    }
  };
  for (const auto& path : snapshot.walk()) {
    auto base = base_name(path);
    bool candidate =
        base == ".nvmrc" || base == ".node-version" || base == ".tool-versions" ||
        base == "mise.toml" || base == ".mise.toml" || base == "netlify.toml" ||
        is_dockerfile(base) || is_compose(base) ||
        (path.starts_with(".github/workflows/") && is_yaml(path)) || path == ".gitlab-ci.yml" ||
        path == ".circleci/config.yml" || path == ".travis.yml";
    if (!candidate) {
      continue;
    }
    auto text = snapshot.read(path);
    if (!text) {
      scan.errors.push_back(text.error());
      continue;
    }
    auto first_new = out.size();
    if (base == ".nvmrc") {
      parse_version_file("nvmrc", path, *text, out);
    } else if (base == ".node-version") {
      parse_version_file("node-version", path, *text, out);
    } else if (base == ".tool-versions") {
      parse_tool_versions(path, *text, out);
    } else if (base == "mise.toml" || base == ".mise.toml") {
      record(parse_mise(path, *text, out));
    } else if (base == "netlify.toml") {
      auto dir = path.substr(0, path.size() - base.size());
      record(parse_netlify(path, *text, netlify_serves(snapshot, project, dir), out));
    } else if (is_dockerfile(base)) {
      parse_dockerfile(path, *text, out);
    } else if (is_compose(base)) {
      record(parse_compose(path, *text, out));
    } else if (path.starts_with(".github/workflows/")) {
      record(parse_github_workflow(path, *text, &snapshot, out));
    } else if (path == ".gitlab-ci.yml") {
      record(parse_gitlab_ci(path, *text, out));
    } else if (path == ".circleci/config.yml") {
      record(parse_circleci(path, *text, out));
    } else if (path == ".travis.yml") {
      record(parse_travis(path, *text, out));
    }
    // Dockerfile.dev, docker-compose.test.yml, .github/…: not what
    // production runs (seen: an e2e compose file's `node:alpine` was
    // reported as a production pin that disagreed with the image).
    if ((is_dockerfile(base) || is_compose(base)) && core::runtime::dev_environment_file(path)) {
      for (auto i = first_new; i < out.size(); ++i) {
        if (out[i].role == PinRole::runtime || out[i].role == PinRole::build) out[i].role = PinRole::dev;
      }
    }
  }
  if (project.root) {
    pins_from_manifest(*project.root, out);
  }
  for (const auto& ws : project.workspaces) {
    pins_from_manifest(ws, out);
  }
  // `"@types/node": "catalog:"` stands for the catalog's spec: judge that,
  // and say where it is written.
  for (auto& p : out) {
    if (p.source != "types-node") {
      continue;
    }
    if (const auto* e = project.catalog_entry("@types/node", p.spec)) {
      p.version = e->spec;
      p.value_file = e->file;
      p.value_line = e->line;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const RuntimePin& a, const RuntimePin& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  return scan;
}

}  // namespace archgate::analyzers::runtime
