#include "analyzers/registry/npm_config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.hpp"
#include "core/snapshot.hpp"

extern char** environ;

namespace archgate::registry {

namespace {

std::string_view trim(std::string_view s) { return core::trim_blanks(s); }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Strips one pair of matching quotes (ini values may be quoted).
std::string_view unquote(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
    return v.substr(1, v.size() - 2);
  }
  return v;
}

constexpr std::string_view k_b64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view in) {
  std::string out;
  std::size_t i = 0;
  while (i + 2 < in.size()) {
    auto n = (static_cast<unsigned char>(in[i]) << 16) |
             (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += k_b64[(n >> 18) & 63];
    out += k_b64[(n >> 12) & 63];
    out += k_b64[(n >> 6) & 63];
    out += k_b64[n & 63];
    i += 3;
  }
  if (i + 1 == in.size()) {
    auto n = static_cast<unsigned char>(in[i]) << 16;
    out += k_b64[(n >> 18) & 63];
    out += k_b64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    auto n = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += k_b64[(n >> 18) & 63];
    out += k_b64[(n >> 12) & 63];
    out += k_b64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view in) {
  std::string out;
  unsigned int buf = 0;
  int bits = 0;
  for (char c : in) {
    auto pos = k_b64.find(c);
    if (pos == std::string_view::npos) {
      continue;
    }
    buf = (buf << 6) | static_cast<unsigned int>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

bool is_credential_key(std::string_view key) {
  for (std::string_view suffix : {":_authToken", ":_auth", ":_password", ":username"}) {
    if (key.size() > suffix.size() && key.ends_with(suffix)) {
      return true;
    }
  }
  return key == "_authToken" || key == "_auth" || key == "_password";
}

struct UrlParts {
  std::string scheme;
  std::string host;  // lowercased, with :port unless default
  std::string path;  // starts with '/', no query
};

std::optional<UrlParts> parse_url(std::string_view url) {
  auto se = url.find("://");
  if (se == std::string_view::npos) {
    return std::nullopt;
  }
  UrlParts p;
  p.scheme = lower(url.substr(0, se));
  if (p.scheme != "http" && p.scheme != "https") {
    return std::nullopt;
  }
  auto rest = url.substr(se + 3);
  auto slash = rest.find_first_of("/?#");
  auto authority = rest.substr(0, slash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (authority.empty()) {
    return std::nullopt;
  }
  p.host = lower(authority);
  if ((p.scheme == "https" && p.host.ends_with(":443")) ||
      (p.scheme == "http" && p.host.ends_with(":80"))) {
    p.host.resize(p.host.rfind(':'));
  }
  std::string_view path = slash == std::string_view::npos ? "/" : rest.substr(slash);
  if (auto q = path.find_first_of("?#"); q != std::string_view::npos) {
    path = path.substr(0, q);
  }
  p.path = path.empty() ? "/" : std::string(path);
  return p;
}

std::optional<std::string> read_disk_file(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string_view default_registry() {
  // npm's documented default (`npm help config`, "registry"), used only when
  // no .npmrc or npm_config_registry names one.
  return "https://registry.npmjs.org/";
}

std::map<std::string, std::string> process_env() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos) {
      env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return env;
}

std::string expand_env(std::string_view value, const std::map<std::string, std::string>& env) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    auto d = value.find("${", i);
    if (d == std::string_view::npos) {
      out.append(value.substr(i));
      break;
    }
    // Count backslashes right before "${".
    std::size_t esc = 0;
    while (esc < d - i && value[d - 1 - esc] == '\\') {
      ++esc;
    }
    auto close = value.find('}', d + 2);
    auto name = close == std::string_view::npos ? std::string_view{} : value.substr(d + 2, close - d - 2);
    bool valid = close != std::string_view::npos && !name.empty() &&
                 name.find_first_of("${") == std::string_view::npos;
    if (!valid) {
      out.append(value.substr(i, d + 2 - i));
      i = d + 2;
      continue;
    }
    out.append(value.substr(i, d - esc - i));
    bool optional = name.back() == '?';
    if (optional) {
      name.remove_suffix(1);
    }
    auto whole = value.substr(d, close + 1 - d);
    if (esc % 2 == 1) {
      out.append(esc / 2, '\\');
      out.append(whole);
    } else {
      out.append(esc / 2, '\\');
      auto it = env.find(std::string(name));
      if (it != env.end()) {
        out += it->second;
      } else if (!optional) {
        out.append(whole);
      }
    }
    i = close + 1;
  }
  return out;
}

std::string nerf_dart(std::string_view url) {
  auto p = parse_url(url);
  if (!p) {
    return {};
  }
  auto path = p->path;
  path.resize(path.rfind('/') + 1);  // new URL('.', url): drop the file name
  return "//" + p->host + path;
}

void NpmConfig::set(std::string key, std::string value, std::string origin) {
  m_values.try_emplace(std::move(key), Entry{std::move(value), std::move(origin)});
}

void NpmConfig::add_npmrc(std::string_view text, std::string_view origin,
                          const std::map<std::string, std::string>& env) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto line = trim(text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (line.empty() || line.front() == ';' || line.front() == '#' || line.front() == '[') {
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    auto key = expand_env(trim(line.substr(0, eq)), env);
    auto value = expand_env(unquote(trim(line.substr(eq + 1))), env);
    if (key.ends_with("[]")) {
      key.resize(key.size() - 2);
    }
    if (!key.empty()) {
      set(std::move(key), std::move(value), std::string(origin));
    }
  }
}

void NpmConfig::add_env(const std::map<std::string, std::string>& env) {
  constexpr std::string_view prefix = "npm_config_";
  for (const auto& [k, v] : env) {
    if (k.size() <= prefix.size() || lower(k.substr(0, prefix.size())) != prefix || v.empty()) {
      continue;
    }
    std::string key = k.substr(prefix.size());
    if (!key.starts_with("//")) {
      for (std::size_t i = 1; i < key.size(); ++i) {
        if (key[i] == '_') {
          key[i] = '-';
        }
      }
      key = lower(key);
    }
    set(std::move(key), v, "env " + k);
  }
}

std::optional<std::string> NpmConfig::get(std::string_view key) const {
  auto it = m_values.find(key);
  if (it == m_values.end()) {
    return std::nullopt;
  }
  return it->second.value;
}

std::string NpmConfig::origin(std::string_view key) const {
  auto it = m_values.find(key);
  return it == m_values.end() ? std::string{} : it->second.origin;
}

std::string NpmConfig::registry_for(std::string_view package_name) const {
  std::optional<std::string> reg;
  if (package_name.starts_with('@')) {
    auto slash = package_name.find('/');
    if (slash != std::string_view::npos) {
      reg = get(std::string(package_name.substr(0, slash)) + ":registry");
    }
  }
  if (!reg || reg->empty()) {
    reg = get("registry");
  }
  std::string out = reg && !reg->empty() ? *reg : std::string(default_registry());
  if (!out.ends_with('/')) {
    out += '/';
  }
  return out;
}

std::optional<std::string> NpmConfig::authorization_for(std::string_view url) const {
  auto p = parse_url(url);
  if (!p) {
    return std::nullopt;
  }
  // npm-registry-fetch regKeyFromURI: start at //host/path and walk up by
  // removing either the last segment or the trailing slash.
  std::string key = "//" + p->host + p->path;
  while (key.size() > 2) {
    if (auto t = get(key + ":_authToken"); t && !t->empty()) {
      return "Bearer " + *t;
    }
    if (auto a = get(key + ":_auth"); a && !a->empty()) {
      return "Basic " + *a;
    }
    auto user = get(key + ":username");
    auto pass = get(key + ":_password");
    if (user && pass) {
      return "Basic " + base64_encode(*user + ":" + base64_decode(*pass));
    }
    if (key.back() == '/') {
      key.pop_back();
    } else {
      key.resize(key.rfind('/') + 1);
    }
    if (key == "/") {
      break;
    }
  }
  return std::nullopt;
}

bool NpmConfig::strict_ssl() const {
  auto v = get("strict-ssl");
  return !v || (*v != "false" && *v != "0");
}

std::string NpmConfig::cafile() const { return get("cafile").value_or(""); }

std::string NpmConfig::proxy_for(std::string_view url) const {
  auto p = parse_url(url);
  if (!p) {
    return {};
  }
  std::string host = p->host.substr(0, p->host.rfind(':') == std::string::npos ? p->host.size()
                                                                               : p->host.rfind(':'));
  auto noproxy = get("noproxy").value_or("");
  std::size_t pos = 0;
  while (pos <= noproxy.size()) {
    auto comma = noproxy.find_first_of(", ", pos);
    auto item = trim(std::string_view(noproxy).substr(
        pos, comma == std::string::npos ? std::string::npos : comma - pos));
    pos = comma == std::string::npos ? noproxy.size() + 1 : comma + 1;
    if (item.empty()) {
      continue;
    }
    if (item == "*") {
      return {};
    }
    auto suffix = item.front() == '.' ? item.substr(1) : item;
    if (host == suffix || (host.size() > suffix.size() && host.ends_with(suffix) &&
                           host[host.size() - suffix.size() - 1] == '.')) {
      return {};
    }
  }
  if (p->scheme == "https") {
    if (auto v = get("https-proxy"); v && !v->empty()) {
      return *v;
    }
  }
  return get("proxy").value_or("");
}

std::vector<std::string> NpmConfig::secrets() const {
  std::vector<std::string> out;
  for (const auto& [k, e] : m_values) {
    if (!is_credential_key(k) || e.value.empty() || k.ends_with(":username")) {
      continue;
    }
    out.push_back(e.value);
    if (k.ends_with("_auth") || k.ends_with("_password")) {
      auto decoded = base64_decode(e.value);
      if (decoded.size() >= 4) {
        out.push_back(decoded);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

std::string NpmConfig::redact(std::string_view text) const {
  std::string out(text);
  // user:pass@ in URLs
  std::size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    auto start = pos + 3;
    auto end = out.find_first_of("/ \t\n\"'", start);
    auto at = out.find('@', start);
    if (at != std::string::npos && (end == std::string::npos || at < end)) {
      out.replace(start, at + 1 - start, "***@");
    }
    pos = start;
  }
  for (const auto& s : secrets()) {
    std::size_t p = 0;
    while ((p = out.find(s, p)) != std::string::npos) {
      out.replace(p, s.size(), "***");
      p += 3;
    }
  }
  return out;
}

core::Result<NpmConfig> load_npm_config(const ConfigSources& sources) {
  auto env = sources.use_process_env ? process_env() : std::map<std::string, std::string>{};
  for (const auto& [k, v] : sources.env) {
    env[k] = v;
  }
  NpmConfig cfg;
  cfg.add_env(env);
  if (sources.project != nullptr && sources.project->is_file(".npmrc")) {
    auto text = sources.project->read(".npmrc");
    if (!text) {
      return std::unexpected(text.error());
    }
    cfg.add_npmrc(*text, ".npmrc", env);
  }
  if (sources.use_user_and_global) {
    std::string user = sources.user_config;
    if (user.empty()) {
      if (auto it = env.find("npm_config_userconfig"); it != env.end()) {
        user = it->second;
      } else if (auto h = env.find("HOME"); h != env.end()) {
        user = h->second + "/.npmrc";
      }
    }
    if (auto text = read_disk_file(user)) {
      cfg.add_npmrc(*text, user, env);
    }
    std::string global = sources.global_config;
    if (global.empty()) {
      if (auto it = env.find("npm_config_globalconfig"); it != env.end()) {
        global = it->second;
      } else if (auto pr = env.find("npm_config_prefix"); pr != env.end()) {
        global = pr->second + "/etc/npmrc";
      } else {
        global = "/usr/local/etc/npmrc";
      }
    }
    if (auto text = read_disk_file(global)) {
      cfg.add_npmrc(*text, global, env);
    }
  }
  // npm falls back to the conventional proxy variables.
  for (auto [var, key] : {std::pair{"HTTPS_PROXY", "https-proxy"}, std::pair{"https_proxy", "https-proxy"},
                          std::pair{"HTTP_PROXY", "proxy"}, std::pair{"http_proxy", "proxy"},
                          std::pair{"NO_PROXY", "noproxy"}, std::pair{"no_proxy", "noproxy"}}) {
    if (auto it = env.find(var); it != env.end() && !it->second.empty()) {
      cfg.set(key, it->second, std::string("env ") + var);
    }
  }
  return cfg;
}

}  // namespace archgate::registry
