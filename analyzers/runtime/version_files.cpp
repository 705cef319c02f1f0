// Pins in plain version files (.nvmrc, .node-version, .tool-versions) and
// TOML configs (mise, netlify).
#include <toml++/toml.h>

#include "analyzers/runtime/pins.hpp"

namespace archgate::analyzers::runtime {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n' || s.front() == '\xEF' || s.front() == '\xBB' ||
                        s.front() == '\xBF')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Calls fn(line_number, line_text) for each line.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  int n = 0;
  while (!text.empty()) {
    ++n;
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    if (!fn(n, line)) {
      return;
    }
    if (nl == std::string_view::npos) {
      break;
    }
    text.remove_prefix(nl + 1);
  }
}

int column_of(std::string_view line, std::string_view part) {
  return static_cast<int>(part.data() - line.data()) + 1;
}

}  // namespace

void parse_version_file(std::string_view source, const std::string& path, std::string_view text,
                        std::vector<RuntimePin>& out) {
  for_each_line(text, [&](int n, std::string_view raw) {
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') {
      return true;
    }
    // nvm allows a trailing comment; take the first word.
    auto end = line.find_first_of(" \t#");
    auto value = line.substr(0, end);
    RuntimePin pin;
    pin.source = std::string(source);
    pin.file = path;
    pin.line = n;
    pin.column = column_of(raw, value);
    pin.spec = std::string(value);
    pin.version = pin.spec;
    out.push_back(std::move(pin));
    return false;
  });
}

void parse_tool_versions(const std::string& path, std::string_view text,
                         std::vector<RuntimePin>& out) {
  for_each_line(text, [&](int n, std::string_view raw) {
    auto line = trim(raw);
    auto hash = line.find('#');
    line = trim(line.substr(0, hash));
    auto sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos) {
      return true;
    }
    auto tool = line.substr(0, sp);
    if (tool != "nodejs" && tool != "node") {
      return true;
    }
    auto rest = trim(line.substr(sp));
    auto value = rest.substr(0, rest.find_first_of(" \t"));
    if (value.empty()) {
      return true;
    }
    RuntimePin pin;
    pin.source = "tool-versions";
    pin.file = path;
    pin.line = n;
    pin.column = column_of(raw, value);
    pin.spec = std::string(value);
    pin.version = pin.spec;
    out.push_back(std::move(pin));
    return false;
  });
}

namespace {

core::Result<toml::table> parse_toml(const std::string& path, std::string_view text) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return core::fail(path, "invalid TOML: " + std::string(e.description()),
                      static_cast<int>(e.source().begin.line),
                      static_cast<int>(e.source().begin.column));
  }
}

void add_toml_pin(const std::string& source, const std::string& path, const toml::node& node,
                  std::string context, std::vector<RuntimePin>& out) {
  std::string value;
  if (auto s = node.value<std::string>()) {
    value = *s;
  } else if (auto i = node.value<std::int64_t>()) {
    value = std::to_string(*i);
  } else if (auto d = node.value<double>()) {
    // `node = 20.11` is a float in TOML; keep what was written as best we can.
    value = std::to_string(*d);
    while (!value.empty() && value.back() == '0') {
      value.pop_back();
    }
  } else {
    return;
  }
  RuntimePin pin;
  pin.source = source;
  pin.file = path;
  pin.line = static_cast<int>(node.source().begin.line);
  pin.column = static_cast<int>(node.source().begin.column);
  pin.spec = value;
  pin.version = value;
  pin.context = std::move(context);
  out.push_back(std::move(pin));
}

}  // namespace

core::Result<void> parse_mise(const std::string& path, std::string_view text,
                              std::vector<RuntimePin>& out) {
  auto doc = parse_toml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  const auto* tools = (*doc)["tools"].as_table();
  if (!tools) {
    return {};
  }
  for (const char* key : {"node", "nodejs"}) {
    const auto* node = tools->get(key);
    if (!node) {
      continue;
    }
    if (const auto* arr = node->as_array()) {
      // mise installs every listed version; the first is the default.
      if (!arr->empty()) {
        const auto& first = *arr->get(0);
        if (const auto* t = first.as_table()) {
          if (const auto* v = t->get("version")) {
            add_toml_pin("mise", path, *v, {}, out);
          }
        } else {
          add_toml_pin("mise", path, first, {}, out);
        }
      }
    } else if (const auto* t = node->as_table()) {
      if (const auto* v = t->get("version")) {
        add_toml_pin("mise", path, *v, {}, out);
      }
    } else {
      add_toml_pin("mise", path, *node, {}, out);
    }
  }
  return {};
}

namespace {

void find_node_version(const toml::table& table, const std::string& prefix,
                       const std::string& path, std::vector<RuntimePin>& out) {
  for (const auto& [k, v] : table) {
    std::string key(k.str());
    if (const auto* t = v.as_table()) {
      find_node_version(*t, prefix.empty() ? key : prefix + "." + key, path, out);
    } else if (key == "NODE_VERSION" && prefix.ends_with("environment")) {
      add_toml_pin("netlify", path, v, prefix, out);
    }
  }
}

}  // namespace

core::Result<void> parse_netlify(const std::string& path, std::string_view text, bool serves,
                                 std::vector<RuntimePin>& out) {
  auto doc = parse_toml(path, text);
  if (!doc) {
    return std::unexpected(doc.error());
  }
  auto first_new = out.size();
  find_node_version(*doc, "", path, out);
  bool functions = serves || doc->contains("functions") ||
                   (*doc)["build"]["functions"].is_value();
  // A framework plugin renders on Netlify's functions (@netlify/plugin-nextjs,
  // the Gatsby and Nuxt plugins).
  if (const auto* plugins = (*doc)["plugins"].as_array()) {
    for (const auto& p : *plugins) {
      const auto* t = p.as_table();
      auto name = t ? (*t)["package"].value_or(std::string()) : std::string();
      for (std::string_view ssr : {"plugin-nextjs", "plugin-gatsby", "plugin-nuxt", "remix", "sveltekit", "astro"}) {
        if (name.find(ssr) != std::string::npos) functions = true;
      }
    }
  }
  if (!functions) {
    // A static site: Node.js runs its build only (seen: NODE_VERSION = "14"
    // for a site whose app ships in a container, reported as an
    // end-of-life production runtime).
    for (auto i = first_new; i < out.size(); ++i) out[i].role = PinRole::build;
  }
  return {};
}

}  // namespace archgate::analyzers::runtime
