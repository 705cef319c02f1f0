// Lockfile hygiene (lockfile-lint parity and beyond):
//   lockfile/manager-mismatch, lockfile/insecure-url, lockfile/unexpected-host,
//   lockfile/missing-integrity, lockfile/weak-integrity,
//   lockfile/git-dependency, lockfile/tarball-url, lockfile/name-mismatch.
//
// These rules read the DependencyGraph every lockfile reader fills, so one
// implementation covers npm, yarn, pnpm and bun. Each package finding points
// at the lockfile entry (graph.location(node.offset)) and names the package.
//
// Why the registry tarball layout matters: every npm-compatible registry
// serves a package's tarball at <registry>/<name>/-/<basename>-<version>.tgz
// (scoped: <registry>/@scope/name/-/name-<version>.tgz). A lockfile whose
// entry for `lodash` resolves to .../evil/-/evil-1.0.0.tgz installs `evil`
// under the name `lodash` — the lockfile-injection attack reviewers miss in
// a large diff. The name in the URL must be the entry's real package name
// (for an alias `lodash4` -> `npm:lodash@^4`, the URL names `lodash`).
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.hpp"
#include "rules/engine.hpp"

namespace archgate::rules {

namespace {

using core::NodeId;
using core::NodeRole;
using core::Source;

// The registries the package managers use when nothing is configured: npm's
// documented default (also pnpm's and bun's) and yarn's documented default,
// registry.yarnpkg.com, which serves npm's registry under yarn's name. This
// is the only place archgate names a registry host; everything else comes
// from the project's configuration (.npmrc, .yarnrc, .yarnrc.yml,
// bunfig.toml) and RuleConfig::allowed_hosts.
constexpr std::string_view k_default_registries[] = {
    "https://registry.npmjs.org/",   // npm config `registry` default
    "https://registry.yarnpkg.com/",  // yarn `registry` / `npmRegistryServer` default
};

// Registries the managers use by default for one scope: the `jsr:` protocol
// (pnpm 10.9+, yarn 4.9+) installs JSR packages as @jsr/<scope>__<name> from
// JSR's npm-compatible registry, with no configuration. Its tarballs are
// laid out as /~/<n>/@jsr/<name>/<version>.tgz, not /-/.
struct ScopedRegistry {
  std::string_view scope;  // "@jsr/"
  std::string_view host;   // normal authority
};
constexpr ScopedRegistry k_default_scoped_registries[] = {
    {"@jsr/", "npm.jsr.io"},  // pnpm and yarn `jsr:` default
};

struct Url {
  std::string_view scheme;     // "https", "git+ssh", ...
  std::string_view authority;  // host[:port], without userinfo
  std::string_view path;       // from the first '/' after the authority, no query/fragment
};

// Splits scheme://[userinfo@]host[:port]/path?query#fragment; nullopt when
// `s` is not a URL of that shape.
std::optional<Url> parse_url(std::string_view s) {
  auto sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return std::nullopt;
  }
  Url u;
  u.scheme = s.substr(0, sep);
  auto rest = s.substr(sep + 3);
  auto end = core::find_any(rest, "/?#");
  auto auth = rest.substr(0, end);
  if (auto at = auth.rfind('@'); at != std::string_view::npos) {
    auth.remove_prefix(at + 1);
  }
  if (auth.empty()) {
    return std::nullopt;
  }
  u.authority = auth;
  if (end != std::string_view::npos && rest[end] == '/') {
    auto path = rest.substr(end);
    path = path.substr(0, core::find_any(path, "?#"));
    u.path = path;
  }
  return u;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Authority with a default port removed, lowercased ("Host:443" -> "host").
std::string normal_authority(const Url& u) {
  auto a = lower(u.authority);
  if ((u.scheme == "https" && a.ends_with(":443")) || (u.scheme == "http" && a.ends_with(":80"))) {
    a.resize(a.rfind(':'));
  }
  return a;
}

// Whether `url` is the registry the managers use by default for the scope
// of package `name` (JSR's, for @jsr/ packages).
bool default_scope_registry(std::string_view name, const Url& url) {
  for (const auto& r : k_default_scoped_registries) {
    if (name.starts_with(r.scope) && url.scheme == "https" && normal_authority(url) == r.host) return true;
  }
  return false;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
          return c - '0';
        }
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      };
      int h = hex(s[i + 1]);
      int l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// ---- package names in URLs --------------------------------------------------

struct TarballName {
  std::string name;     // package name the URL path names ("@s/x")
  std::string version;  // version taken from the file name, "" if unknown
};

// `s` itself when it holds no escape (the usual case: no copy), else its
// decoding, kept in `buf`.
std::string_view percent_decoded(std::string_view s, std::string& buf) {
  if (s.find('%') == std::string_view::npos) {
    return s;
  }
  buf = percent_decode(s);
  return buf;
}

// Reads a registry tarball path ".../<name>/-/<file>.tgz". nullopt when the
// path is not in the registry layout.
std::optional<TarballName> registry_tarball_name(std::string_view path) {
  auto dash = path.rfind("/-/");
  if (dash == std::string_view::npos) {
    return std::nullopt;
  }
  auto before = path.substr(0, dash);
  auto file = path.substr(dash + 3);
  auto s1 = before.rfind('/');
  if (s1 == std::string_view::npos) {
    return std::nullopt;
  }
  TarballName t;
  std::string last_buf;
  std::string prev_buf;
  std::string file_buf;
  auto last = percent_decoded(before.substr(s1 + 1), last_buf);
  if (last.starts_with('@') && last.find('/') != std::string_view::npos) {
    t.name = last;  // "@scope%2fname" in one segment
  } else {
    auto s0 = s1 == 0 ? std::string_view::npos : before.rfind('/', s1 - 1);
    auto prev = s0 == std::string_view::npos ? std::string_view{} : before.substr(s0 + 1, s1 - s0 - 1);
    auto prev_dec = percent_decoded(prev, prev_buf);
    t.name = prev_dec.starts_with('@') ? core::concat({prev_dec, "/", last}) : std::string(last);
  }
  // The file after "/-/". Some registries (Artifactory, Nexus) repeat the
  // scope in the file name.
  std::string_view fname = percent_decoded(file, file_buf);
  auto base = std::string_view(t.name);
  if (auto sl = base.find('/'); base.starts_with('@') && sl != std::string_view::npos) {
    if (fname.starts_with(base.substr(0, sl + 1))) {
      fname.remove_prefix(sl + 1);
    }
    base.remove_prefix(sl + 1);
  }
  for (std::string_view ext : {".tgz", ".tar.gz", ".tar"}) {
    if (fname.ends_with(ext)) {
      fname.remove_suffix(ext.size());
      break;
    }
  }
  if (fname.size() > base.size() + 1 && fname.starts_with(base) && fname[base.size()] == '-') {
    t.version = std::string(fname.substr(base.size() + 1));
  }
  return t;
}

bool is_sri_strong(std::string_view integrity) {
  // Any sha256/sha384/sha512 hash (SRI) or a non-SRI checksum (yarn berry's
  // "10c0/<sha512 hex>", bun's tags) counts as strong; weak = sha1/md5 only.
  bool any = false;
  bool strong = false;
  while (!integrity.empty()) {
    auto sp = core::find_any(integrity, " \t");
    auto tok = integrity.substr(0, sp);
    if (!tok.empty()) {
      any = true;
      if (!tok.starts_with("sha1-") && !tok.starts_with("md5-")) {
        strong = true;
      }
    }
    if (sp == std::string_view::npos) {
      break;
    }
    integrity.remove_prefix(sp + 1);
  }
  return !any || strong;
}

bool is_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isxdigit(c) != 0;
  });
}

class HygieneChecker {
 public:
  HygieneChecker(RuleContext& ctx, const analyzers::RegistrySettings* registries)
      : m_ctx(ctx),
        m_registries(registries),
        m_g(*ctx.project.graph),
        m_berry(ctx.project.lockfile && ctx.project.lockfile->reader == "yarn/berry"),
        m_path(m_g.lockfile_path) {}

  void run() {
    load_allowed_hosts();
    collect_alias_names();
    m_integrity_root = core::SharedText("the missing or SHA-1 integrity hashes of " + m_g.lockfile_path +
                                        " (reinstall to record sha512)");
    m_configured_evidence = m_configured_note.empty()
                                ? "no registry is configured (.npmrc, .yarnrc, .yarnrc.yml, "
                                  "bunfig.toml): only the package managers' default "
                                  "registries are expected"
                                : core::SharedText("configured registries: " + m_configured_note);
    // Room for one finding per package, and a quarter more for the rule
    // families after this one: a lockfile whose every entry is on an
    // unexpected host fills it without the copies (and the doubled peak) of
    // a growing vector, and the pages no finding fills are never touched.
    m_ctx.out.reserve(m_ctx.out.size() + m_g.nodes.size() + m_g.nodes.size() / 4 + 1024);
    for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
      const auto& n = m_g.nodes[id];
      if (n.role != NodeRole::package) {
        continue;
      }
      check_node(id, n);
    }
  }

 private:
  core::Location where(const core::Node& n) const {
    auto lc = m_g.location(n.offset, m_line_hint);
    return {m_path, lc.line, lc.column};
  }

  core::Finding& emit(std::string_view rule, const core::Node& n, std::string message) {
    auto& f = m_ctx.emit(rule, std::move(message), where(n));
    f.package = m_label;
    return f;
  }

  void load_allowed_hosts() {
    const analyzers::RegistrySettings no_registries;
    const auto& rc = m_registries ? *m_registries : no_registries;
    for (auto url : k_default_registries) {
      if (auto u = parse_url(url)) {
        m_allowed.insert(normal_authority(*u));
      }
    }
    for (const auto& reg : rc.registries) {
      if (auto u = parse_url(reg.url)) {
        m_allowed.insert(normal_authority(*u));
        m_configured_note += (m_configured_note.empty() ? "" : ", ") + lower(u->authority);
      }
    }
    for (const auto& h : m_ctx.config.allowed_hosts) {
      if (auto u = parse_url(h)) {
        m_allowed.insert(normal_authority(*u));
      } else {
        m_allowed.insert(lower(h));
      }
    }
  }

  // Real package names reached through npm: aliases, for entries whose
  // recorded name is the alias (a reader that had no `name` to read).
  void collect_alias_names() {
    for (const auto& e : m_g.edges) {
      if (e.to == core::k_no_node || !e.spec.starts_with("npm:")) {
        continue;
      }
      auto spec = e.spec.substr(4);
      auto at = spec.find('@', spec.starts_with('@') ? 1 : 0);
      m_alias_real.emplace(e.to, spec.substr(0, at));
    }
  }

  bool name_matches(NodeId id, const core::Node& n, std::string_view url_name) const {
    if (url_name == n.name) {
      return true;
    }
    auto [b, e] = m_alias_real.equal_range(id);
    for (auto it = b; it != e; ++it) {
      if (it->second == url_name) {
        return true;
      }
    }
    return false;
  }

  void check_node(NodeId id, const core::Node& n) {
    m_label.assign(n.name);  // name@version, in a buffer kept from node to node
    if (!n.version.empty()) {
      m_label += '@';
      m_label += n.version;
    }
    auto resolved = n.resolved;
    auto url = parse_url(resolved);
    bool remote = url && (url->scheme == "http" || url->scheme == "https");

    // lockfile/insecure-url: plain http, git over http or the
    // unauthenticated git:// protocol.
    if (url && (url->scheme == "http" || url->scheme == "git+http" || url->scheme == "git")) {
      emit("lockfile/insecure-url", n,
           m_label + " is fetched over " + std::string(url->scheme) +
               "://, which anyone on the network path can read and replace: " +
               std::string(resolved))
          .cause = "packages are fetched over " + std::string(url->scheme) + "://";
      m_ctx.out.back().root = "the " + std::string(url->scheme) + ":// URLs in " + m_g.lockfile_path +
                              " (re-resolve them over https)";
    }

    // lockfile/git-dependency
    if (n.source == Source::git) {
      auto& f = emit("lockfile/git-dependency", n,
                     m_label + " is installed from git (" +
                         std::string(resolved.empty() ? n.version : resolved) + ")");
      f.cause = "packages are installed from git";
    }

    // lockfile/unexpected-host: any http(s) download (registry or tarball)
    // from a host that is neither a configured registry nor allowed. Git
    // hosts are reported by git-dependency instead.
    const bool scoped_default = remote && default_scope_registry(n.name, *url);
    if (remote && n.source != Source::git && !scoped_default) {
      const auto& host = host_texts(*url);
      if (!host.allowed) {
        auto& f = emit("lockfile/unexpected-host", n, core::concat({m_label, host.message_tail}));
        f.evidence.reserve(2);
        f.evidence.push_back(core::SharedText::concat("resolved: ", resolved));
        f.evidence.push_back(m_configured_evidence);
        f.cause = host.cause;
        f.root = host.root;
      }
    }

    // Registry layout: name-mismatch; otherwise a remote tarball.
    std::optional<TarballName> tb;
    if (remote && n.source != Source::git) {
      tb = registry_tarball_name(url->path);
    }
    if (tb) {
      if (!name_matches(id, n, tb->name)) {
        auto& f = emit("lockfile/name-mismatch", n,
                       "lockfile entry " + m_label + " resolves to a tarball of \"" +
                           tb->name + "\"");
        f.evidence.push_back(core::SharedText::concat("resolved: ", resolved));
      } else if (!tb->version.empty() && !n.version.empty() && tb->version != n.version &&
                 n.source == Source::registry) {
        auto& f = emit("lockfile/name-mismatch", n,
                       "lockfile entry " + m_label + " resolves to version " +
                           tb->version + " of " + tb->name);
        f.evidence.push_back(core::SharedText::concat("resolved: ", resolved));
      }
    } else if (remote && n.source == Source::tarball && !scoped_default) {
      emit("lockfile/tarball-url", n,
           m_label + " is installed from a tarball URL outside any registry: " +
               std::string(resolved))
          .cause = "packages are installed from tarball URLs outside any registry";
    }

    // Integrity: registry and tarball downloads (not git, directories,
    // links, workspaces, or packages bundled inside another tarball).
    bool needs_integrity = (n.source == Source::registry || n.source == Source::tarball) &&
                           !n.in_bundle;
    if (n.source == Source::tarball && !remote && !resolved.starts_with("file:") && !url) {
      // a local tarball path: still a download of bytes to pin
      needs_integrity = true;
    }
    if (!needs_integrity) {
      return;
    }
    if (n.integrity.empty()) {
      // yarn 1 pins with a sha1 in the URL fragment when it has no integrity.
      auto hash = resolved.rfind('#');
      if (hash != std::string_view::npos && is_hex(resolved.substr(hash + 1)) &&
          resolved.size() - hash - 1 == 40) {
        emit("lockfile/weak-integrity", n,
             m_label + " is pinned only by a SHA-1 checksum in its URL")
            .cause = "packages are pinned only by sha1";
        m_ctx.out.back().root = m_integrity_root;
        return;
      }
      if (m_berry && (!n.os.empty() || !n.cpu.empty() || berry_has_conditions(n))) {
        // yarn 2+ writes no checksum for packages restricted by `conditions`
        // (platform binaries it never fetched on the machine that locked).
        return;
      }
      emit("lockfile/missing-integrity", n,
           m_label + " has no integrity hash; its tarball is not verified on install")
          .cause = "packages have no integrity hash";
      m_ctx.out.back().root = m_integrity_root;
      return;
    }
    if (!is_sri_strong(n.integrity)) {
      auto algo = std::string(n.integrity.substr(0, n.integrity.find('-')));
      emit("lockfile/weak-integrity", n,
           m_label + " is pinned only by " + algo + " (" +
               std::string(n.integrity.substr(0, 16)) + "…)")
          .cause = "packages are pinned only by " + algo;
      m_ctx.out.back().root = m_integrity_root;
    }
  }

  // Whether the berry entry at `n` has a `conditions:` line (the reader keeps
  // os/cpu only for the conditions it understands, e.g. not "!os=win32").
  bool berry_has_conditions(const core::Node& n) const {
    auto text = m_g.text();
    if (n.offset >= text.size()) {
      return false;
    }
    auto entry = text.substr(n.offset);
    entry = entry.substr(0, entry.find("\n\n"));
    return entry.find("\n  conditions:") != std::string_view::npos;
  }

  mutable std::size_t m_line_hint = 0;  // the line of the last finding (nodes come in file order)
  RuleContext& m_ctx;
  const analyzers::RegistrySettings* m_registries = nullptr;
  const core::DependencyGraph& m_g;
  bool m_berry = false;
  std::set<std::string> m_allowed;
  core::SharedText m_configured_evidence;
  core::SharedText m_path;  // the lockfile's, one copy for every finding
  // One reinstall that rewrites the lockfile's checksums fixes every weak or
  // missing integrity at once.
  core::SharedText m_integrity_root;
  // Per scheme and authority as written: whether the host is allowed, and
  // the texts its findings share (worked out once, not once per package).
  struct HostTexts {
    bool allowed = false;
    std::string message_tail;
    core::SharedText cause, root;  // shared by every finding of the host
  };
  std::map<std::string, HostTexts, std::less<>> m_hosts;

  const HostTexts& host_texts(const Url& url) {
    // The URL from its scheme to the end of its authority, as written.
    auto key = std::string_view(url.scheme.data(),
                                static_cast<std::size_t>(url.authority.data() + url.authority.size() - url.scheme.data()));
    auto it = m_hosts.find(key);
    if (it != m_hosts.end()) return it->second;
    HostTexts t;
    auto host = normal_authority(url);
    t.allowed = m_allowed.contains(host);
    t.message_tail = " is downloaded from " + host + ", which is not a configured registry";
    t.cause = core::SharedText("packages are downloaded from " + host + ", which is not a configured registry");
    t.root = core::SharedText("host " + host + " in " + m_g.lockfile_path +
                              " (configure it as a registry, allow it, or re-resolve)");
    return m_hosts.emplace(std::string(key), std::move(t)).first->second;
  }
  std::string m_configured_note;
  std::string m_label;  // "name@version" (or "name") of the node check_node is at
  std::unordered_multimap<NodeId, std::string_view> m_alias_real;
};

// The manager a packageManager / devEngines value names ("pnpm@9.1.0+sha…"
// -> "pnpm").
std::string_view manager_name(std::string_view spec) {
  return spec.substr(0, spec.find('@'));
}

void check_manager_mismatch(RuleContext& ctx) {
  const auto& p = ctx.project;
  if (!p.root || p.lockfiles.empty()) {
    return;
  }
  struct Declared {
    std::string what;
    std::string spec;
    std::string name;
    std::string version;
    core::Pos pos;
  };
  std::vector<Declared> declared;
  if (!p.root->package_manager.empty()) {
    const auto& pm = p.root->package_manager;
    auto at = pm.find('@');
    declared.push_back({"packageManager", pm, std::string(manager_name(pm)),
                        at == std::string::npos ? "" : pm.substr(at + 1),
                        p.root->package_manager_pos});
  }
  for (const auto& d : p.root->dev_engines_package_manager) {
    declared.push_back({"devEngines.packageManager", d.name + (d.version.empty() ? "" : "@" + d.version),
                        d.name, d.version, d.pos});
  }
  for (const auto& d : declared) {
    if (d.name != "npm" && d.name != "pnpm" && d.name != "yarn" && d.name != "bun") {
      continue;  // not a manager archgate knows a lockfile for
    }
    const core::LockfileRef* same = nullptr;
    for (const auto& l : p.lockfiles) {
      if (l.manager == d.name) {
        same = &l;
        break;
      }
    }
    if (!same) {
      std::string present;
      for (const auto& l : p.lockfiles) {
        present += (present.empty() ? "" : ", ") + l.path + " (" + l.manager + ")";
      }
      auto& f = ctx.emit("lockfile/manager-mismatch",
                         d.what + " names " + d.spec + " but the lockfile present is " + present,
                         {"package.json", d.pos.line, d.pos.column});
      f.remediation = "Install with " + d.name + " and commit its lockfile, or change " + d.what +
                      " to the manager that wrote " + p.lockfiles.front().path + ".";
      continue;
    }
    // yarn 1 writes the classic format, yarn 2+ the berry format.
    if (d.name == "yarn" && !d.version.empty() && (d.version[0] >= '0' && d.version[0] <= '9')) {
      bool classic_pm = d.version.starts_with("0.") || d.version.starts_with("1.");
      bool classic_lock = same->reader == "yarn/classic";
      if (classic_pm != classic_lock) {
        ctx.emit("lockfile/manager-mismatch",
                 d.what + " names " + d.spec + " but " + same->path + " is in the " +
                     (classic_lock ? "yarn 1 (classic)" : "yarn 2+ (berry)") + " format",
                 {"package.json", d.pos.line, d.pos.column});
      }
    }
  }
}

}  // namespace

void check_lockfile_hygiene(RuleContext& ctx, const analyzers::Facts& facts) {
  check_manager_mismatch(ctx);
  if (!ctx.project.graph) {
    for (auto id : {"lockfile/insecure-url", "lockfile/unexpected-host", "lockfile/missing-integrity",
                    "lockfile/weak-integrity", "lockfile/git-dependency", "lockfile/tarball-url",
                    "lockfile/name-mismatch"}) {
      ctx.cannot_check(id, ctx.project.no_lockfile_reason());
    }
    return;
  }
  HygieneChecker(ctx, facts.config ? &facts.config->registries : nullptr).run();
}

}  // namespace archgate::rules
