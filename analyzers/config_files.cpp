#include "analyzers/config_files.hpp"

#include <libfyaml.h>
#include <toml++/toml.h>

#include "analyzers/registry/npm_config.hpp"
#include "core/text.hpp"
#include "core/yaml.hpp"

namespace archgate::analyzers {

namespace {

std::string_view trim(std::string_view s) { return core::trim_blanks(s); }

std::string_view unquote(std::string_view s) { return core::strip_quotes(trim(s)); }

template <class Fn>
void for_each_line(std::string_view text, Fn fn) {
  int line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    fn(trim(text.substr(0, nl)), ++line_no);
    if (nl == std::string_view::npos) {
      break;
    }
    text.remove_prefix(nl + 1);
  }
}

bool is_registry_key(std::string_view key) {
  return key == "registry" || (key.starts_with('@') && key.ends_with(":registry"));
}

void add(RegistrySettings& out, std::string_view url, std::string_view file, int line) {
  url = unquote(url);
  if (url.empty() || url.find("${") != std::string_view::npos) {
    return;  // an unset environment placeholder: the host is not known here
  }
  out.registries.push_back({std::string(url), std::string(file), line});
}

// .npmrc (npm, pnpm, bun, yarn 1): ini lines `key=value`.
void read_npmrc(std::string_view text, const std::map<std::string, std::string>& env,
                RegistrySettings& out) {
  for_each_line(text, [&](std::string_view line, int no) {
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      return;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return;
    }
    if (is_registry_key(trim(line.substr(0, eq)))) {
      add(out, registry::expand_env(unquote(line.substr(eq + 1)), env), ".npmrc", no);
    }
  });
}

// .yarnrc (yarn 1): `registry "URL"`, `"@scope:registry" "URL"`.
void read_yarnrc(std::string_view text, RegistrySettings& out) {
  for_each_line(text, [&](std::string_view line, int no) {
    auto sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos || line.starts_with('#')) {
      return;
    }
    if (is_registry_key(unquote(line.substr(0, sp)))) {
      add(out, line.substr(sp + 1), ".yarnrc", no);
    }
  });
}

// .yarnrc.yml (yarn 2+): `npmRegistryServer` at the top level and under
// `npmScopes.<scope>`.
void read_yarnrc_yml(std::string_view text, RegistrySettings& out) {
  auto doc = core::parse_yaml(".yarnrc.yml", text);
  if (!doc) {
    out.errors.push_back(doc.error());
    return;
  }
  fy_node* root = fy_document_root(doc->get());
  auto take = [&](fy_node* n) {
    if (auto v = core::yaml_scalar(n)) {
      add(out, *v, ".yarnrc.yml", core::yaml_position(n).first);
    }
  };
  take(core::yaml_get(root, "npmRegistryServer"));
  core::yaml_for_each_pair(core::yaml_get(root, "npmScopes"),
                           [&](std::string_view, fy_node* scope) {
                             take(core::yaml_get(scope, "npmRegistryServer"));
                           });
}

// bunfig.toml: `[install] registry = "URL"` or `{ url = "URL", … }`, and
// `[install.scopes] "@s" = "URL"` or `{ url = … }`.
void read_bunfig(std::string_view text, RegistrySettings& out) {
  toml::table root;
  try {
    root = toml::parse(text, std::string("bunfig.toml"));
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    out.errors.push_back({"bunfig.toml", static_cast<int>(b.line), static_cast<int>(b.column),
                          "invalid TOML: " + std::string(e.description())});
    return;
  }
  auto take = [&](const toml::node* n) {
    if (!n) {
      return;
    }
    if (const auto* t = n->as_table()) {
      n = t->get("url");
      if (!n) {
        return;
      }
    }
    if (auto s = n->value<std::string>()) {
      if (s->starts_with("http://") || s->starts_with("https://")) {
        add(out, *s, "bunfig.toml", static_cast<int>(n->source().begin.line));
      }
    }
  };
  const auto* install = root["install"].as_table();
  if (!install) {
    return;
  }
  take(install->get("registry"));
  if (const auto* scopes = (*install)["scopes"].as_table()) {
    for (const auto& [k, v] : *scopes) {
      take(&v);
    }
  }
}

}  // namespace

RegistrySettings read_registry_settings(const core::Snapshot& snap,
                                        const std::map<std::string, std::string>& env) {
  RegistrySettings out;
  auto read = [&](std::string_view file, auto&& parse) {
    if (!snap.is_file(file)) {
      return;
    }
    if (auto text = snap.read(file)) {
      parse(*text);
    } else {
      out.errors.push_back(text.error());
    }
  };
  read(".npmrc", [&](std::string_view t) { read_npmrc(t, env, out); });
  read(".yarnrc", [&](std::string_view t) { read_yarnrc(t, out); });
  read(".yarnrc.yml", [&](std::string_view t) { read_yarnrc_yml(t, out); });
  read("bunfig.toml", [&](std::string_view t) { read_bunfig(t, out); });
  return out;
}

}  // namespace archgate::analyzers
