// Pins in YAML files: docker-compose, GitHub Actions, GitLab CI, CircleCI,
// Travis. All parsed through core/yaml.hpp (these files are small).
#include <libfyaml.h>

#include <map>
#include <set>

#include "analyzers/manifest/package_json.hpp"
#include "analyzers/runtime/pins.hpp"
#include "core/yaml.hpp"

namespace archgate::analyzers::runtime {

namespace {

using core::yaml_position;
using core::yaml_scalar;

fy_node* get(fy_node* map, std::string_view key) { return core::yaml_get(map, key); }

template <class Fn>
void for_each_pair(fy_node* map, Fn&& fn) {
  core::yaml_for_each_pair(map, fn);
}

template <class Fn>
void for_each_item(fy_node* seq, Fn&& fn) {
  if (!seq || !fy_node_is_sequence(seq)) {
    return;
  }
  void* it = nullptr;
  while (fy_node* n = fy_node_sequence_iterate(seq, &it)) {
    fn(n);
  }
}

// Visits every (key, value) pair in the tree, depth first in file order.
template <class Fn>
void walk_pairs(fy_node* node, Fn& fn) {
  if (!node) {
    return;
  }
  if (fy_node_is_mapping(node)) {
    void* it = nullptr;
    while (fy_node_pair* p = fy_node_mapping_iterate(node, &it)) {
      auto k = yaml_scalar(fy_node_pair_key(p));
      fy_node* v = fy_node_pair_value(p);
      fn(k.value_or(std::string_view{}), v);
      walk_pairs(v, fn);
    }
  } else if (fy_node_is_sequence(node)) {
    void* it = nullptr;
    while (fy_node* n = fy_node_sequence_iterate(node, &it)) {
      walk_pairs(n, fn);
    }
  }
}

RuntimePin scalar_pin(std::string source, PinRole role, const std::string& path, fy_node* node,
                      std::string value) {
  RuntimePin pin;
  pin.source = std::move(source);
  pin.role = role;
  pin.file = path;
  auto [l, c] = yaml_position(node);
  pin.line = l;
  pin.column = c;
  pin.spec = value;
  pin.version = std::move(value);
  return pin;
}

// Adds a pin for an image reference when it is a Node.js image.
void image_pin(std::string source, PinRole role, const std::string& path, fy_node* node,
               std::string_view image, std::string context, std::vector<RuntimePin>& out,
               const std::map<std::string, std::pair<std::string, int>>* vars = nullptr) {
  std::string text(image);
  int value_line = 0;
  bool unresolved = false;
  if (vars && text.find('$') != std::string::npos) {
    std::string sub;
    for (std::size_t i = 0; i < text.size();) {
      if (text[i] != '$') {
        sub.push_back(text[i++]);
        continue;
      }
      std::size_t j = i + 1;
      bool braced = j < text.size() && text[j] == '{';
      if (braced) {
        ++j;
      }
      std::size_t k = j;
      while (k < text.size() && (std::isalnum(static_cast<unsigned char>(text[k])) || text[k] == '_')) {
        ++k;
      }
      std::string name = text.substr(j, k - j);
      if (braced && k < text.size() && text[k] == '}') {
        ++k;
      }
      auto it = vars->find(name);
      if (it != vars->end()) {
        sub += it->second.first;
        value_line = it->second.second;
      } else {
        sub += text.substr(i, k - i);
        unresolved = true;
      }
      i = k;
    }
    text = sub;
  }
  std::string version;
  bool digest = false;
  if (!parse_node_image(text, version, digest)) {
    return;
  }
  auto pin = scalar_pin(std::move(source), role, path, node, unresolved ? "" : version);
  pin.spec = text;
  pin.has_digest = digest;
  pin.unresolved_variable = unresolved;
  if (value_line > 0) {
    pin.value_file = path;
    pin.value_line = value_line;
  }
  pin.context = std::move(context);
  out.push_back(std::move(pin));
}

// Extracts the matrix key from "${{ matrix.node }}" / "${{ matrix['node'] }}".
std::optional<std::string> matrix_key(std::string_view v) {
  auto p = v.find("matrix.");
  if (p == std::string_view::npos) {
    return std::nullopt;
  }
  auto rest = v.substr(p + 7);
  std::size_t k = 0;
  while (k < rest.size() &&
         (std::isalnum(static_cast<unsigned char>(rest[k])) || rest[k] == '_' || rest[k] == '-')) {
    ++k;
  }
  if (k == 0) {
    return std::nullopt;
  }
  return std::string(rest.substr(0, k));
}

}  // namespace

core::Result<void> parse_compose(const std::string& path, std::string_view text,
                                 std::vector<RuntimePin>& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  fy_node* services = get(fy_document_root(doc->get()), "services");
  for_each_pair(services, [&](std::string_view name, fy_node* svc) {
    fy_node* image = get(svc, "image");
    if (auto s = yaml_scalar(image)) {
      image_pin("compose", PinRole::runtime, path, image, *s, "service " + std::string(name), out);
    }
  });
  return {};
}

core::Result<void> parse_github_workflow(const std::string& path, std::string_view text,
                                         const core::Snapshot* snapshot,
                                         std::vector<RuntimePin>& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  fy_node* jobs = get(fy_document_root(doc->get()), "jobs");
  for_each_pair(jobs, [&](std::string_view job_name, fy_node* job) {
    std::string ctx = "job " + std::string(job_name);
    fy_node* matrix = get(get(job, "strategy"), "matrix");
    // Job containers: `container: node:20` or `container: {image: node:20}`.
    fy_node* container = get(job, "container");
    if (auto s = yaml_scalar(container)) {
      image_pin("github-actions", PinRole::ci, path, container, *s, ctx + " container", out);
    } else if (fy_node* img = get(container, "image"); yaml_scalar(img)) {
      image_pin("github-actions", PinRole::ci, path, img, *yaml_scalar(img), ctx + " container",
                out);
    }
    // Matrix keys already turned into pins: a job that sets up Node twice
    // from the same matrix value (before and after a build step, say) pins
    // the matrix once.
    std::set<std::string, std::less<>> expanded;
    for_each_item(get(job, "steps"), [&](fy_node* step) {
      auto uses = yaml_scalar(get(step, "uses"));
      if (!uses || !uses->starts_with("actions/setup-node")) {
        return;
      }
      fy_node* with = get(step, "with");
      fy_node* nv = get(with, "node-version");
      if (auto v = yaml_scalar(nv)) {
        if (auto key = matrix_key(*v); key && !expanded.insert(*key).second) {
          // the same matrix value again: nothing new
        } else if (key) {
          // One pin per matrix value, at the value's own line.
          bool any = false;
          for_each_item(get(matrix, *key), [&](fy_node* item) {
            if (auto s = yaml_scalar(item)) {
              auto pin = scalar_pin("github-actions", PinRole::ci, path, item, std::string(*s));
              pin.context = ctx + " matrix " + *key;
              out.push_back(std::move(pin));
              any = true;
            }
          });
          for_each_item(get(matrix, "include"), [&](fy_node* inc) {
            fy_node* item = get(inc, *key);
            if (auto s = yaml_scalar(item)) {
              auto pin = scalar_pin("github-actions", PinRole::ci, path, item, std::string(*s));
              pin.context = ctx + " matrix include " + *key;
              out.push_back(std::move(pin));
              any = true;
            }
          });
          if (!any) {
            auto pin = scalar_pin("github-actions", PinRole::ci, path, nv, "");
            pin.spec = std::string(*v);
            pin.unresolved_variable = true;
            pin.context = ctx;
            out.push_back(std::move(pin));
          }
        } else if (v->find("${{") == std::string_view::npos) {
          auto pin = scalar_pin("github-actions", PinRole::ci, path, nv, std::string(*v));
          pin.context = ctx;
          out.push_back(std::move(pin));
        }
      }
      fy_node* nvf = get(with, "node-version-file");
      if (auto f = yaml_scalar(nvf); f && snapshot) {
        // The CI tests whatever the named file pins: resolve it now.
        std::string file(*f);
        if (file.starts_with("./")) {
          file.erase(0, 2);
        }
        std::vector<RuntimePin> inner;
        if (auto content = snapshot->read(file)) {
          auto base = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
          if (base == ".tool-versions") {
            parse_tool_versions(file, *content, inner);
          } else if (base == "package.json") {
            // setup-node reads volta.node, else engines.node.
            if (auto m = analyzers::parse_package_json(file, *content)) {
              std::vector<RuntimePin> fields;
              pins_from_manifest(*m, fields);
              for (const char* src : {"volta", "engines"}) {
                for (const auto& p : fields) {
                  if (inner.empty() && p.source == src) {
                    inner.push_back(p);
                  }
                }
              }
            }
          } else {
            parse_version_file("nvmrc", file, *content, inner);
          }
        }
        auto pin = scalar_pin("github-actions", PinRole::ci, path, nvf,
                              inner.empty() ? "" : inner.front().version);
        pin.spec = "file:" + file;
        if (!inner.empty()) {
          pin.value_file = inner.front().file;
          pin.value_line = inner.front().line;
        }
        pin.context = ctx + " node-version-file";
        out.push_back(std::move(pin));
      }
    });
  });
  return {};
}

core::Result<void> parse_gitlab_ci(const std::string& path, std::string_view text,
                                   std::vector<RuntimePin>& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  fy_node* root = fy_document_root(doc->get());
  std::map<std::string, std::pair<std::string, int>> vars;
  for_each_pair(get(root, "variables"), [&](std::string_view k, fy_node* v) {
    if (auto s = yaml_scalar(v)) {
      vars[std::string(k)] = {std::string(*s), yaml_position(v).first};
    } else if (auto s2 = yaml_scalar(get(v, "value"))) {
      vars[std::string(k)] = {std::string(*s2), yaml_position(get(v, "value")).first};
    }
  });
  for_each_pair(root, [&](std::string_view job, fy_node* def) {
    if (job == "image" || !def || !fy_node_is_mapping(def)) {
      return;
    }
    auto job_vars = vars;
    for_each_pair(get(def, "variables"), [&](std::string_view k, fy_node* v) {
      if (auto s = yaml_scalar(v)) {
        job_vars[std::string(k)] = {std::string(*s), yaml_position(v).first};
      }
    });
    fy_node* image = get(def, "image");
    std::string ctx = job == "default" ? "default" : "job " + std::string(job);
    if (auto s = yaml_scalar(image)) {
      image_pin("gitlab-ci", PinRole::ci, path, image, *s, ctx, out, &job_vars);
    } else if (fy_node* name = get(image, "name"); yaml_scalar(name)) {
      image_pin("gitlab-ci", PinRole::ci, path, name, *yaml_scalar(name), ctx, out, &job_vars);
    }
  });
  // A top-level `image: node:20` is a scalar, not a mapping.
  fy_node* top = get(root, "image");
  if (auto s = yaml_scalar(top)) {
    image_pin("gitlab-ci", PinRole::ci, path, top, *s, "global", out, &vars);
  } else if (fy_node* name = get(top, "name"); yaml_scalar(name)) {
    image_pin("gitlab-ci", PinRole::ci, path, name, *yaml_scalar(name), "global", out, &vars);
  }
  return {};
}

core::Result<void> parse_circleci(const std::string& path, std::string_view text,
                                  std::vector<RuntimePin>& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  auto visit = [&](std::string_view key, fy_node* value) {
    auto s = yaml_scalar(value);
    if (!s) {
      return;
    }
    if (key == "image") {
      image_pin("circleci", PinRole::ci, path, value, *s, "", out);
    } else if (key == "node-version" && s->find("<<") == std::string_view::npos) {
      auto pin = scalar_pin("circleci", PinRole::ci, path, value, std::string(*s));
      pin.context = "node orb";
      out.push_back(std::move(pin));
    }
  };
  walk_pairs(fy_document_root(doc->get()), visit);
  return {};
}

core::Result<void> parse_travis(const std::string& path, std::string_view text,
                                std::vector<RuntimePin>& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  fy_node* nodejs = get(fy_document_root(doc->get()), "node_js");
  if (auto s = yaml_scalar(nodejs)) {
    out.push_back(scalar_pin("travis", PinRole::ci, path, nodejs, std::string(*s)));
  }
  for_each_item(nodejs, [&](fy_node* item) {
    if (auto s = yaml_scalar(item)) {
      out.push_back(scalar_pin("travis", PinRole::ci, path, item, std::string(*s)));
    }
  });
  return {};
}

}  // namespace archgate::analyzers::runtime
