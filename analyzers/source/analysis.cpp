#include "analyzers/source/analysis.hpp"
#include "analyzers/source/usage.hpp"

#include <algorithm>
#include <array>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <atomic>
#include <iterator>
#include <memory>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <cstdlib>
#include <iostream>
#include <unordered_map>

#include "analyzers/source/resolver.hpp"
#include "core/text.hpp"

namespace archgate::analyzers::source {

namespace {

core::ModuleEdgeKind edge_kind(const ModuleRef& r, bool type_only) {
  if (type_only) return core::ModuleEdgeKind::type;
  switch (r.kind) {
    case RefKind::static_import: return core::ModuleEdgeKind::static_import;
    case RefKind::side_effect: return core::ModuleEdgeKind::side_effect;
    case RefKind::reexport: return core::ModuleEdgeKind::reexport;
    case RefKind::dynamic:
    case RefKind::worker: return core::ModuleEdgeKind::dynamic;
    case RefKind::require: return core::ModuleEdgeKind::require;
    case RefKind::require_resolve: return core::ModuleEdgeKind::resolve;
    case RefKind::reference: return core::ModuleEdgeKind::type;
  }
  return core::ModuleEdgeKind::static_import;
}

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

Pos pos_of(std::string_view text, std::size_t off) {
  auto before = text.substr(0, off);
  auto nl = before.rfind('\n');
  Pos p;
  p.line = static_cast<int>(std::count(before.begin(), before.end(), '\n')) + 1;
  p.column = static_cast<int>(nl == std::string_view::npos ? off : off - nl - 1) + 1;
  return p;
}

// A file name that holds secrets: .env (not its examples), keys, keystores.
bool secret_file_name(std::string_view base) {
  if (base == ".env" || (base.starts_with(".env.") && !base.ends_with(".example") && !base.ends_with(".sample") &&
                         !base.ends_with(".template") && !base.ends_with(".dist") && !base.ends_with(".defaults") &&
                         !base.ends_with(".test") && !base.ends_with(".schema"))) {
    return true;
  }
  for (std::string_view ext : {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"}) {
    if (base.ends_with(ext) && !base.ends_with(".pub.pem")) return true;
  }
  return base == "id_rsa" || base == "id_ed25519" || base == "id_ecdsa" || base == ".npmrc.secret";
}

// CI configuration that can carry literal environment values: Travis's
// `env:` lists (`- JWT_SECRET=...`), GitLab and GitHub Actions `variables:`
// / `env:` maps (`KEY: value`).
bool ci_env_file(std::string_view path) {
  return path == ".travis.yml" || path == ".gitlab-ci.yml" ||
         (path.starts_with(".github/workflows/") && (path.ends_with(".yml") || path.ends_with(".yaml")));
}

// The first KEY=value of a .env file whose key names a secret and whose
// value is set and not a placeholder: (line, "sets KEY"). With `ci`, lines
// of CI YAML too (`- KEY=value`, `KEY: value`), where only a value that
// looks generated counts: 20 or more characters with letters and digits and
// no blank (a service container's POSTGRES_PASSWORD: postgres does not).
std::optional<std::pair<int, std::string>> sensitive_env_entry(std::string_view text, bool ci) {
  int line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    ++line;
    auto nl = text.find('\n', start);
    auto l = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    if (ci && l.starts_with("- ")) l.remove_prefix(2);
    if (l.starts_with("export ")) l.remove_prefix(7);
    auto eq = l.find('=');
    std::size_t value_at = eq == std::string_view::npos ? eq : eq + 1;
    if (ci) {
      // `KEY: value` (a YAML map entry) before any '=' on the line.
      auto colon = l.find(": ");
      if (colon != std::string_view::npos && (eq == std::string_view::npos || colon < eq)) {
        eq = colon;
        value_at = colon + 2;
      }
    }
    if (l.empty() || l.front() == '#' || eq == std::string_view::npos) continue;
    std::string key(l.substr(0, eq));
    if (key.find(' ') != std::string::npos) continue;  // prose, not a variable
    std::string value(l.substr(value_at));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    std::string upper = key;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bool public_prefix = upper.starts_with("VITE_") || upper.starts_with("NEXT_PUBLIC_") ||
                         upper.starts_with("REACT_APP_") || upper.starts_with("PUBLIC_") ||
                         upper.starts_with("NUXT_PUBLIC_") || upper.starts_with("EXPO_PUBLIC_");
    bool sensitive = false;
    for (std::string_view w : {"SECRET", "PASSWORD", "PASSWD", "TOKEN", "PRIVATE_KEY", "API_KEY", "APIKEY", "ACCESS_KEY",
                               "CLIENT_SECRET", "AUTH_KEY", "CREDENTIAL"}) {
      sensitive = sensitive || upper.find(w) != std::string::npos;
    }
    // A connection string with a password in it (not in CI, whose databases
    // are throw-away service containers: postgresql://postgres:testpass@localhost).
    if (!sensitive && !ci && (upper.ends_with("_URL") || upper.ends_with("_URI") || upper.ends_with("_DSN"))) {
      auto scheme = value.find("://");
      auto at = value.find('@');
      auto colon = scheme == std::string::npos ? std::string::npos : value.find(':', scheme + 3);
      sensitive = scheme != std::string::npos && at != std::string::npos && colon != std::string::npos && colon < at;
    }
    if (!sensitive || public_prefix || value.empty()) continue;
    std::string lower = value;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool placeholder = lower.find("change") != std::string::npos || lower.find("example") != std::string::npos ||
                       lower.find("your") != std::string::npos || lower.find("xxx") != std::string::npos ||
                       lower.find("placeholder") != std::string::npos || lower.front() == '<' ||
                       lower.find("${") != std::string::npos || lower == "secret" || lower == "password" ||
                       lower == "test" || lower == "dev" || lower == "development" || lower.size() < 6;
    if (placeholder) continue;
    if (ci) {
      bool letters = false, digits = false, blank = false;
      for (char c : value) {
        letters = letters || std::isalpha(static_cast<unsigned char>(c));
        digits = digits || std::isdigit(static_cast<unsigned char>(c));
        blank = blank || c == ' ' || c == '\t';
      }
      if (value.size() < 20 || !letters || !digits || blank || value.find("${{") != std::string::npos) continue;
    }
    return std::make_pair(line, "sets " + key);
  }
  return std::nullopt;
}

namespace {

// Type packages that declare modules a bundler plugin serves, by the name
// a project gives them in compilerOptions.types, `/// <reference types>` or
// an import (a trailing '/' matches every entry point under it). Read from
// each package's published declarations.
constexpr std::pair<std::string_view, std::string_view> k_ambient_type_packages[] = {
    {"unplugin-icons/types/", "~icons/*"},       {"unplugin-fonts/client", "unfonts.css"},
    {"vite-plugin-pages/client", "~pages"},      {"vite-plugin-pages/client-react", "~react-pages"},
    {"vite-plugin-pages/client-solid", "~solid-pages"},
};

bool ambient_match(std::string_view pattern, std::string_view spec) {
  auto star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == spec;
  auto head = pattern.substr(0, star);
  auto tail = pattern.substr(star + 1);
  return spec.size() >= head.size() + tail.size() && spec.starts_with(head) && spec.ends_with(tail);
}

}  // namespace

// Imports TypeScript takes from an ambient declaration: `declare module
// "~icons/*"` in the project's shims, or in a type package the project
// names (unplugin-icons/types/vue declares "~icons/*"). A bundler plugin
// serves them (virtual modules): they are not unresolved and not packages
// to declare, and they load no file archgate can follow. An installed or
// declared package of that name stays a package (`declare module "vue"` in
// a module file augments vue).
void apply_ambient_modules(const std::map<std::string, const TsConfig*>& configs, SourceFacts& out) {
  struct Ambient {
    std::string pattern;
    std::string where;
  };
  std::vector<Ambient> ambient;
  auto& g = out.graph;
  for (std::size_t i = 0; i < out.scans.size(); ++i) {
    for (const auto& m : out.scans[i].ambient_modules) ambient.push_back({m, g.files[i].path});
  }
  auto from_package = [&](std::string_view name, const std::string& where) {
    for (const auto& [key, pattern] : k_ambient_type_packages) {
      if (key.ends_with('/') ? name.starts_with(key) : name == key) {
        ambient.push_back({std::string(pattern), std::string(name) + " (named in " + where + ")"});
      }
    }
  };
  for (const auto& [file, cfg] : configs) {
    for (const auto& t : cfg->types) from_package(t, file);
  }
  std::set<std::string_view> named;  // each type package once, where first named
  for (const auto& e : g.edges) {
    if (e.resolved == core::Resolved::package && named.insert(e.spec).second) from_package(e.spec, g.files[e.from].path);
  }
  if (ambient.empty()) return;
  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    auto& e = g.edges[i];
    auto& d = out.details[i];
    bool open = e.resolved == core::Resolved::unresolved ||
                (e.resolved == core::Resolved::package && d.declared_in.empty() && d.locked.empty());
    if (!open) continue;
    for (const auto& a : ambient) {
      if (!ambient_match(a.pattern, e.spec)) continue;
      e.resolved = core::Resolved::builtin;
      e.to = e.spec;
      e.to_file = -1;
      e.note = "declared by declare module \"" + a.pattern + "\" in " + a.where + " (a bundler plugin serves it)";
      d = EdgeDetail{};
      break;
    }
  }
}

// Ties each package edge to the manifest that declares it and to the
// version the lockfile installs for that importer (or that supplies it
// undeclared). One pass over the lockfile's importer edges.
void link_packages(const core::Project& project, SourceFacts& out) {
  const core::DependencyGraph* g = project.graph ? &*project.graph : nullptr;
  const bool any_package = std::any_of(out.graph.edges.begin(), out.graph.edges.end(), [&](const core::ModuleEdge& e) {
    return e.resolved == core::Resolved::package;
  });
  if (!any_package) return;  // nothing to link (a lockfile of 50,000 packages and no import of one)
  // importer directory -> name -> locked node (views into the graph)
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, core::NodeId>> locked;
  std::unordered_map<std::string_view, core::NodeId> any_node;  // name -> the first node of that name
  if (g) {
    any_node.reserve(g->nodes.size());
    for (core::NodeId id = 0; id < g->nodes.size(); ++id) {
      if (!g->is_importer(id)) {
        any_node.emplace(g->nodes[id].name, id);
        continue;
      }
      std::string_view dir = g->nodes[id].role == core::NodeRole::root ? std::string_view() : g->nodes[id].path;
      auto& m = locked[dir];
      for (const auto& e : g->out_edges(id)) {
        if (e.to != core::k_no_node) m.emplace(e.name, e.to);
      }
    }
  }
  auto version_of = [&](core::NodeId id) {
    return std::string(g->nodes[id].name) + "@" + std::string(g->nodes[id].version);
  };
  // Each manifest by its folder, with its dependencies by name (the first
  // declaration of a name wins, as the scan in order did).
  struct Declared {
    const core::Manifest* manifest = nullptr;
    std::unordered_map<std::string_view, const core::DeclaredDep*> by_name;
  };
  std::unordered_map<std::string_view, Declared> manifests;
  auto add_manifest = [&](const core::Manifest& m, std::string_view dir) {
    auto& entry = manifests[dir];
    entry = Declared{};
    entry.manifest = &m;
    for (const auto& dep : m.dependencies) entry.by_name.emplace(dep.name, &dep);
  };
  for (auto it = project.workspaces.rbegin(); it != project.workspaces.rend(); ++it) {
    if (!it->dir.empty()) add_manifest(*it, it->dir);  // the first of a folder wins, as manifest_at
  }
  if (project.root) add_manifest(*project.root, "");
  auto manifest_at = [&](std::string_view dir) -> const Declared* {
    auto it = manifests.find(dir);
    return it == manifests.end() ? nullptr : &it->second;
  };
  for (std::size_t i = 0; i < out.graph.edges.size(); ++i) {
    const auto& e = out.graph.edges[i];
    auto& d = out.details[i];
    if (e.resolved != core::Resolved::package || d.package.empty()) continue;
    const auto& ws = out.graph.files[e.from].workspace;
    for (const std::string* dir : {&ws, static_cast<const std::string*>(nullptr)}) {
      const Declared* decl = manifest_at(dir ? std::string_view(*dir) : std::string_view());
      if (!decl) continue;
      const core::Manifest* m = decl->manifest;
      bool found = false;
      if (auto dep = decl->by_name.find(d.package); dep != decl->by_name.end()) {
        d.declared_in = m->path;
        d.declared_kind = dep->second->kind;
        found = true;
      }
      if (found) {
        if (auto it = locked.find(m->dir); it != locked.end()) {
          if (auto n = it->second.find(d.package); n != it->second.end()) d.locked = version_of(n->second);
        }
        break;
      }
      if (!dir || dir->empty()) break;  // the root was the workspace
    }
    if (d.declared_in.empty() && g) {
      if (auto n = any_node.find(d.package); n != any_node.end()) d.locked = version_of(n->second);
    }
  }
}

}  // namespace

// Whether a PEM body follows a BEGIN line: a run of 40 or more base64
// characters (key lines are 64), which placeholder text never has.
bool pem_body_follows(std::string_view after) {
  std::size_t run = 0;
  for (char c : after) {
    bool b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
               c == '=';
    run = b64 ? run + 1 : 0;
    if (run >= 40) return true;
  }
  return false;
}

namespace {

// Whether the string that starts at `start` is the value of a name that says
// it is an example: `const PRIVATE_KEY_PLACEHOLDER = \`-----BEGIN …`,
// `sampleToken: "ghp_…"`, `placeholder="…"` (the name before the `=` or `:`
// that precedes the opening quote, on the same line or the one before).
// Seen on Kong/insomnia: a UI placeholder holding a sample RSA key failed
// secrets-config.
bool named_as_example(std::string_view text, std::size_t start) {
  std::size_t i = start;
  auto back_over_space = [&] {
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' || text[i - 1] == '\r')) --i;
  };
  back_over_space();
  if (i == 0 || (text[i - 1] != '"' && text[i - 1] != '\'' && text[i - 1] != '`')) return false;
  --i;
  back_over_space();
  if (i == 0 || (text[i - 1] != '=' && text[i - 1] != ':')) return false;
  --i;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i > 0 && (text[i - 1] == '"' || text[i - 1] == '\'')) --i;  // a quoted key: "example": "…"
  const std::size_t end = i;
  while (i > 0 && end - i < 64) {
    const char c = text[i - 1];
    const bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
                      c == '-' || c == '.';
    if (!word) break;
    --i;
  }
  std::string name(text.substr(i, end - i));
  for (auto& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view w : {"placeholder", "example", "sample", "dummy", "fake", "mock"}) {
    if (name.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<std::pair<std::string, Pos>> find_secrets(std::string_view text) {
  struct Shape {
    std::string_view prefix;
    std::string_view kind;
    std::size_t min_len;  // characters after the prefix
    bool upper_alnum;     // AKIA...: [A-Z0-9]
  };
  static constexpr Shape k_shapes[] = {
      {"AKIA", "AWS access key id", 16, true},
      {"ASIA", "AWS temporary access key id", 16, true},
      {"ghp_", "GitHub personal access token", 36, false},
      {"gho_", "GitHub OAuth token", 36, false},
      {"ghs_", "GitHub app token", 36, false},
      {"github_pat_", "GitHub fine-grained token", 60, false},
      {"glpat-", "GitLab personal access token", 20, false},
      {"xoxb-", "Slack bot token", 20, false},
      {"xoxp-", "Slack user token", 20, false},
      {"sk_live_", "Stripe live secret key", 24, false},
      {"rk_live_", "Stripe live restricted key", 24, false},
      {"AIza", "Google API key", 35, false},
      {"npm_", "npm access token", 36, false},
      {"sk-proj-", "OpenAI API key", 40, false},
      {"sk-ant-", "Anthropic API key", 40, false},
      {"SG.", "SendGrid API key", 60, false},
      {"-----BEGIN RSA PRIVATE KEY-----", "private key", 0, false},
      {"-----BEGIN PRIVATE KEY-----", "private key", 0, false},
      {"-----BEGIN EC PRIVATE KEY-----", "private key", 0, false},
      {"-----BEGIN OPENSSH PRIVATE KEY-----", "private key", 0, false},
  };
  // One pass: a bit per two-byte pair that starts some prefix ("AK", "gh",
  // "--", ...) says where to look closer. Every file is read by this, so it
  // must cost about a load and a test per byte, not a search per prefix.
  static const auto k_pairs = [] {
    std::array<std::uint64_t, 65536 / 64> bits{};
    for (const auto& sh : k_shapes) {
      auto key = static_cast<unsigned char>(sh.prefix[0]) | (static_cast<unsigned>(static_cast<unsigned char>(sh.prefix[1])) << 8);
      bits[key / 64] |= std::uint64_t{1} << (key % 64);
    }
    return bits;
  }();
  std::vector<std::pair<std::string, Pos>> out;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  // Looks closer at `start`; false once 20 hits are in.
  auto candidate = [&](std::size_t start) {
    unsigned key = p[start] | (static_cast<unsigned>(p[start + 1]) << 8);
    if ((k_pairs[key / 64] & (std::uint64_t{1} << (key % 64))) == 0) return true;
    auto rest = text.substr(start);
    for (const auto& sh : k_shapes) {
      if (!rest.starts_with(sh.prefix)) continue;
      if (start > 0 && token_char(text[start - 1]) && sh.prefix.front() != '-') continue;  // inside a longer word
      std::size_t pos = start + sh.prefix.size();
      std::size_t n = 0;
      while (pos + n < text.size() && token_char(text[pos + n]) &&
             (!sh.upper_alnum || ((text[pos + n] >= 'A' && text[pos + n] <= 'Z') || (text[pos + n] >= '0' && text[pos + n] <= '9')))) {
        ++n;
      }
      if (n < sh.min_len) continue;
      if (sh.upper_alnum && n != sh.min_len) continue;
      if (sh.prefix.starts_with("-----BEGIN") && !pem_body_follows(text.substr(pos, 400))) {
        continue;  // a placeholder ("Your private key here"), not a key
      }
      // Documented placeholders: EXAMPLE, xxxx, 0000.
      auto value = text.substr(start, sh.prefix.size() + n);
      if (value.find("EXAMPLE") != std::string_view::npos || value.find("xxxx") != std::string_view::npos ||
          value.find("XXXX") != std::string_view::npos || value.find("0000000000") != std::string_view::npos) {
        continue;
      }
      if (named_as_example(text, start)) continue;
      out.emplace_back(std::string(sh.kind), pos_of(text, start));
      if (out.size() >= 20) return false;
    }
    return true;
  };
  std::size_t start = 0;
#if defined(__SSE2__)
  // Sixteen positions at a time: a byte that can start a prefix followed by
  // one that can be its second; most blocks have none. The two sets are
  // literals so the compiler unrolls them (built from k_shapes at run time
  // they cost a third of the speed); the checklist test that puts every
  // shape at every offset fails if a shape's first two bytes are missing.
  auto any_of = [](__m128i v, std::string_view set) {
    __m128i m = _mm_setzero_si128();
    for (char c : set) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    return m;
  };
  for (; start + 17 <= text.size(); start += 16) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + start));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + start + 1));
    auto bits = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(any_of(a, "AgxsrnS-"), any_of(b, "KSIhilokpG-"))));
    while (bits != 0) {
      if (!candidate(start + static_cast<std::size_t>(__builtin_ctz(bits)))) return out;
      bits &= bits - 1;
    }
  }
#endif
  for (; start + 3 <= text.size(); ++start) {
    if (!candidate(start)) return out;
  }
  return out;
}

SourceFacts analyze_source(const core::Snapshot& snapshot, const core::Project& project,
                           const SourceOptions& options) {
  SourceFacts out;
  // ARCHGATE_PROFILE=1 prints the time of each phase to stderr.
  const bool profile = std::getenv("ARCHGATE_PROFILE") != nullptr;
  auto t0 = std::chrono::steady_clock::now();
  double scan_s = 0, resolve_s = 0;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  SourceListing listing = list_source_files(snapshot, project);
  double list_s = since(t0);
  std::unordered_map<std::string, std::uint32_t> index;
  out.graph.files.reserve(listing.files.size());
  for (const auto& f : listing.files) {
    index.emplace(f.path, static_cast<std::uint32_t>(out.graph.files.size()));
    core::SourceFileInfo info;
    info.path = f.path;
    info.workspace = f.workspace;
    out.graph.files.push_back(std::move(info));
  }
  out.scans.resize(listing.files.size());
  // One pass per file, in parallel: read, scan, and resolve its references.
  // Each thread has its own resolver (their caches are not shared; they
  // answer alike) and takes runs of consecutive files, so that a thread
  // meets the folders, tsconfigs and workspaces of its run once. Edges are
  // joined in file order whichever thread resolved them.
  std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  threads = std::min(threads, std::max<std::size_t>(1, listing.files.size() / 64));
  std::vector<std::unique_ptr<Resolver>> resolvers;
  for (std::size_t t = 0; t < threads; ++t) resolvers.push_back(std::make_unique<Resolver>(snapshot, project, listing));
  struct FileEdges {
    std::vector<core::ModuleEdge> edges;
    std::vector<EdgeDetail> details;
  };
  std::vector<FileEdges> per_file(listing.files.size());
  std::vector<std::size_t> sizes(listing.files.size(), 0);
  std::mutex secrets_mutex;
  auto scan_file = [&](std::size_t i, std::string& buffer) {
    const SourceFile& f = listing.files[i];
    auto read = snapshot.read_into(f.path, buffer);
    if (!read) {
      out.graph.files[i].skipped = read.error().message;
      return;
    }
    const std::string* text = &buffer;
    sizes[i] = text->size();
    auto secrets = options.secrets ? find_secrets(*text) : std::vector<std::pair<std::string, Pos>>{};
    if (!secrets.empty()) {
      std::lock_guard lock(secrets_mutex);
      for (auto& [kind, pos] : secrets) out.secrets.push_back(SecretHit{static_cast<std::uint32_t>(i), kind, pos});
    }
    std::string reason = skip_reason(*text);
    if (!reason.empty()) {
      out.graph.files[i].skipped = std::move(reason);
      return;
    }
    Dialect dialect = f.dialect;
    if (f.embedded) {
      std::string script = script_blocks(*text, dialect);
      // The template: what the script blocks leave out (they keep their
      // positions, everything else is blanked).
      std::string markup(text->size(), ' ');
      for (std::size_t k = 0; k < text->size(); ++k) {
        if (script[k] != (*text)[k]) markup[k] = (*text)[k];
      }
      ScanOptions scan_options = options.scan;
      scan_options.markup = markup;
      out.scans[i] = scan_source(script, dialect, scan_options);
    } else {
      out.scans[i] = scan_source(*text, dialect, options.scan);
    }
  };
  auto resolve_file = [&](Resolver& res, std::uint32_t i) {
    const SourceFile& f = listing.files[i];
    FileScan& scan = out.scans[i];
    FileEdges& fe = per_file[i];
    // A declaration file only describes types: nothing it imports loads.
    bool declaration = f.path.ends_with(".d.ts") || f.path.ends_with(".d.mts") || f.path.ends_with(".d.cts");
    // Under verbatimModuleSyntax (and its predecessors) TypeScript elides
    // nothing: an import used only as a type still loads its module. (Every
    // folder's tsconfig is read here, for the summaries below, even for
    // JavaScript.)
    const TsConfig* cfg = res.tsconfig_for(core::parent_path(f.path));
    bool keeps_imports = (f.dialect == Dialect::ts || f.dialect == Dialect::tsx) && cfg != nullptr && cfg->keeps_imports();
    fe.edges.reserve(scan.refs.size());
    fe.details.reserve(scan.refs.size());
    for (const auto& ref : scan.refs) {
      bool type_only = ref.type_only && !(ref.elided && keeps_imports);
      // /// <reference types="node" /> names a package; path= a file.
      std::string spec = ref.spec;
      if (ref.kind == RefKind::reference && !ref.reference_types && !spec.starts_with(".") && !spec.starts_with("/")) {
        spec = "./" + spec;
      }
      Resolution r = res.resolve(spec, f, ref.kind, type_only);
      core::ModuleEdge e;
      e.from = i;
      e.spec = ref.spec;
      e.kind = declaration ? core::ModuleEdgeKind::type : edge_kind(ref, type_only);
      e.line = ref.pos.line;
      e.column = ref.pos.column;
      e.resolved = r.kind;
      e.to = r.kind == core::Resolved::unresolved ? ref.spec : r.target;
      e.note = std::move(r.note);
      if (r.kind == core::Resolved::file) {
        if (auto it = index.find(r.target); it != index.end()) e.to_file = static_cast<std::int32_t>(it->second);
      }
      EdgeDetail d;
      d.deep = r.deep;
      d.aliased = r.aliased;
      d.missing = std::move(r.missing);
      d.alias = std::move(r.alias);
      d.package = std::move(r.package);
      // A relative path into another workspace's directory skips its package.
      if (r.kind == core::Resolved::file && e.to_file >= 0 && !ref.spec.empty() && ref.spec.front() == '.' &&
          listing.files[static_cast<std::size_t>(e.to_file)].workspace != f.workspace) {
        d.deep = true;
      }
      fe.edges.push_back(std::move(e));
      fe.details.push_back(std::move(d));
    }
    scan.refs.clear();
    scan.refs.shrink_to_fit();
  };
  {
    constexpr std::size_t k_run = 16;
    std::atomic<std::size_t> next_run{0};
    auto n = listing.files.size();
    auto worker = [&](std::size_t t) {
      std::string buffer;  // one per thread, reused from file to file
      for (std::size_t begin = next_run.fetch_add(k_run); begin < n; begin = next_run.fetch_add(k_run)) {
        for (std::size_t i = begin; i < std::min(n, begin + k_run); ++i) {
          scan_file(i, buffer);
          resolve_file(*resolvers[t], static_cast<std::uint32_t>(i));
        }
      }
    };
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
  }
  scan_s = since(t0) - list_s;
  auto tz = std::chrono::steady_clock::now();
  for (auto n : sizes) out.bytes += n;
  std::sort(out.secrets.begin(), out.secrets.end(), [](const SecretHit& a, const SecretHit& b) {
    return std::tie(a.file, a.pos.line, a.pos.column, a.kind) < std::tie(b.file, b.pos.line, b.pos.column, b.kind);
  });
  for (std::uint32_t i = 0; i < listing.files.size(); ++i) {
    if (out.scans[i].error) {
      out.graph.files[i].lex_error = true;
      out.lex_errors.push_back(LexProblem{i, *out.scans[i].error});
    }
  }
  // Three independent jobs, side by side: the folder-level facts from the
  // listing, and the two halves of joining the edges in file order.
  {
    std::jthread files_job([&] {
      for (const auto& path : listing.all_files) {
        if (path == "package.json" || path.ends_with("/package.json")) {
          out.package_dirs.emplace_back(core::parent_path(path));
        }
        if (is_config_file(path)) out.config_files.push_back(path);
        if (is_stylesheet(path)) out.style_files.push_back(path);
        auto base = std::string_view(path).substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
        if (ci_env_file(path)) {
          // Seen on danielfsousa/express-rest-boilerplate: a generated
          // JWT_SECRET committed in .travis.yml's env, and "no committed
          // secrets found".
          if (auto text = snapshot.read(path)) {
            if (auto hit = sensitive_env_entry(*text, true)) out.secret_files.push_back({path, hit->first, hit->second});
          }
          continue;
        }
        if (!secret_file_name(base)) continue;
        if (!base.starts_with(".env")) {
          out.secret_files.push_back({path, 0, "private key or keystore file"});
          continue;
        }
        auto text = snapshot.read(path);
        if (!text) continue;
        if (auto hit = sensitive_env_entry(*text, false)) out.secret_files.push_back({path, hit->first, hit->second});
      }
      std::sort(out.secret_files.begin(), out.secret_files.end(),
                [](const auto& a, const auto& b) { return a.path < b.path; });
    });
    std::size_t edge_count = 0;
    for (const auto& fe : per_file) edge_count += fe.edges.size();
    std::jthread details_job([&] {
      out.details.reserve(edge_count);
      for (auto& fe : per_file) std::move(fe.details.begin(), fe.details.end(), std::back_inserter(out.details));
    });
    out.graph.edges.reserve(edge_count);
    for (auto& fe : per_file) std::move(fe.edges.begin(), fe.edges.end(), std::back_inserter(out.graph.edges));
  }
  per_file = {};
  // Missing alias targets that .gitignore excludes are generated (a Prisma
  // client, an OpenAPI client): one probe per distinct path.
  {
    IgnoreProbe probe(snapshot);
    std::map<std::string, bool, std::less<>> seen;
    for (auto& d : out.details) {
      if (d.missing.empty()) continue;
      auto [it, fresh] = seen.try_emplace(d.missing, false);
      if (fresh) it->second = probe.ignored(d.missing);
      d.missing_ignored = it->second;
    }
  }
  link_packages(project, out);
  resolve_s = since(tz);
  if (profile) {
    std::cerr << "archgate: profile: source: list " << list_s << " s, read+scan+resolve " << scan_s << " s ("
              << threads << " threads), join " << resolve_s << " s, total " << since(t0) << " s; "
              << listing.files.size() << " files, " << out.bytes << " bytes\n";
  }
  // Every tsconfig any resolver read: each file asked for its folder's, so
  // together they have every folder with source (they read the same files
  // the same way; a thread met only the folders of its runs).
  std::map<std::string, const TsConfig*> configs;
  for (const auto& res : resolvers) {
    for (const auto* cfg : res->tsconfigs()) configs.emplace(cfg->file, cfg);
  }
  apply_ambient_modules(configs, out);
  for (const auto& [file, cfg] : configs) {
    for (const auto& p : cfg->problems) out.config_problems.push_back(p);
    if (cfg->solution) continue;  // compiles nothing itself: its references do
    SourceFacts::TsConfigSummary t;
    t.file = cfg->file;
    bool nia = cfg->no_implicit_any.value_or(cfg->strict.value_or(false));
    bool snc = cfg->strict_null_checks.value_or(cfg->strict.value_or(false));
    t.strict = nia && snc;
    if (!t.strict) {
      // Say which option a reader has to change (seen: "strict": true with
      // "noImplicitAny": false was reported as "neither strict nor ...").
      if (cfg->strict.value_or(false)) {
        t.why_loose = !nia ? "\"strict\" is on but \"noImplicitAny\" is false" : "\"strict\" is on but \"strictNullChecks\" is false";
      } else if (nia != snc) {
        t.why_loose = !nia ? "\"noImplicitAny\" is off" : "\"strictNullChecks\" is off";
      } else {
        t.why_loose = cfg->strict.has_value() ? "\"strict\" is false" : "neither strict nor noImplicitAny + strictNullChecks";
      }
    }
    t.unknown = !t.strict && !cfg->problems.empty() && !cfg->strict && !cfg->no_implicit_any;
    out.tsconfigs.push_back(std::move(t));
  }
  for (const auto& f : listing.files) {
    if (f.dialect == Dialect::ts || f.dialect == Dialect::tsx) ++out.ts_files;
  }
  // next.config.* of each package: `next build` skips its type check when
  // typescript.ignoreBuildErrors is true (seen on umami).
  {
    std::vector<std::string> dirs;
    if (project.root) dirs.emplace_back();
    for (const auto& m : project.workspaces) dirs.push_back(m.dir);
    for (const auto& dir : dirs) {
      for (std::string_view name : {"next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs", "next.config.mts"}) {
        auto path = dir.empty() ? std::string(name) : dir + "/" + std::string(name);
        auto text = snapshot.read(path);
        if (!text) continue;
        std::string_view t(*text);
        for (auto k = t.find("ignoreBuildErrors"); k != std::string_view::npos; k = t.find("ignoreBuildErrors", k + 1)) {
          auto rest = t.substr(k + 17);
          auto v = core::trim_blanks(rest.substr(0, rest.find_first_of(",}\n")));
          if (!v.starts_with(":") || core::trim_blanks(v.substr(1)) != "true") continue;
          auto line = 1 + static_cast<int>(std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(k), '\n'));
          out.next_ignores_type_errors.push_back({dir, path, line});
          break;
        }
      }
    }
  }
  std::sort(out.config_files.begin(), out.config_files.end());
  std::sort(out.package_dirs.begin(), out.package_dirs.end());
  std::sort(out.style_files.begin(), out.style_files.end());
  std::sort(out.config_problems.begin(), out.config_problems.end());
  out.config_problems.erase(std::unique(out.config_problems.begin(), out.config_problems.end()),
                            out.config_problems.end());
  return out;
}

}  // namespace archgate::analyzers::source
