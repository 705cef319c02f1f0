#include "reports/cyclonedx_report.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

#include "reports/json_writer.hpp"

namespace archgate::reports {

namespace {

// purl components: everything but unreserved characters percent-encoded.
std::string purl_encode(std::string_view s) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

// Base64 → lowercase hex; "" when the text is not base64.
std::string base64_hex(std::string_view b64) {
  static constexpr char k_hex[] = "0123456789abcdef";
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return {};
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      auto byte = static_cast<unsigned char>((acc >> bits) & 0xFF);
      out += k_hex[byte >> 4];
      out += k_hex[byte & 15];
    }
  }
  return out;
}

// SRI ("sha512-… sha1-…") → CycloneDX hashes; a bare 40-hex sha1 (yarn 1) too.
std::vector<std::pair<std::string, std::string>> hashes_of(std::string_view integrity) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < integrity.size()) {
    auto end = integrity.find(' ', pos);
    auto token = integrity.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? integrity.size() : end + 1;
    auto dash = token.find('-');
    if (dash == std::string_view::npos) continue;
    auto alg = token.substr(0, dash);
    std::string name = alg == "sha512" ? "SHA-512" : alg == "sha384" ? "SHA-384" : alg == "sha256" ? "SHA-256"
                     : alg == "sha1"   ? "SHA-1"
                                       : "";
    auto hex = base64_hex(token.substr(dash + 1));
    if (!name.empty() && !hex.empty()) out.emplace_back(std::move(name), std::move(hex));
  }
  return out;
}

// A stable UUID (RFC 4122 layout, version 5-like) from the lockfile's bytes:
// two FNV-1a-64 hashes of the text with different seeds.
std::string serial_of(std::string_view text) {
  auto fnv = [&](std::uint64_t h) {
    for (unsigned char c : text) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    return h;
  };
  std::uint64_t a = fnv(0xcbf29ce484222325ULL);
  std::uint64_t b = fnv(0x84222325cbf29ce4ULL);
  std::array<unsigned char, 16> u{};
  for (int i = 0; i < 8; ++i) {
    u[i] = static_cast<unsigned char>(a >> (56 - 8 * i));
    u[8 + i] = static_cast<unsigned char>(b >> (56 - 8 * i));
  }
  u[6] = static_cast<unsigned char>((u[6] & 0x0F) | 0x50);  // version 5 (name-based)
  u[8] = static_cast<unsigned char>((u[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string s = "urn:uuid:";
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += k_hex[u[i] >> 4];
    s += k_hex[u[i] & 15];
  }
  return s;
}

std::string key_of(std::string_view name, std::string_view version) {
  return std::string(name) + "@" + std::string(version);
}

}  // namespace

std::string npm_purl(std::string_view name, std::string_view version) {
  std::string out = "pkg:npm/";
  if (name.starts_with('@') && name.find('/') != std::string_view::npos) {
    auto slash = name.find('/');
    out += purl_encode(name.substr(0, slash)) + "/" + purl_encode(name.substr(slash + 1));
  } else {
    out += purl_encode(name);
  }
  return out + "@" + purl_encode(version);
}

void write_inventory_cyclonedx(const core::Project& project, const core::Inventory& inv, std::string_view today,
                               std::string_view tool_version, std::ostream& out) {
  const auto& g = *project.graph;
  // Per name@version: its first instance's facts, and the packages it depends on.
  std::unordered_map<std::string, const core::Node*> first;
  std::map<std::string, std::set<std::string>> depends;  // bom-ref → bom-refs
  auto ref_of = [&](core::NodeId id) -> std::string {
    const auto& n = g.nodes[id];
    if (n.role == core::NodeRole::root) return "root";
    if (g.is_importer(id) || n.role == core::NodeRole::linked_dir) return "workspace:" + std::string(n.path);
    return npm_purl(n.name, n.version);
  };
  for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
    const auto& n = g.nodes[id];
    if (n.role == core::NodeRole::package) first.emplace(key_of(n.name, n.version), &n);
    auto from = ref_of(id);
    auto& deps = depends[from];
    for (const auto& e : g.out_edges(id)) {
      if (e.to != core::k_no_node && e.to != id) deps.insert(ref_of(e.to));
    }
  }

  JsonWriter w(out);
  w.begin_object();
  w.field("bomFormat", "CycloneDX").field("specVersion", "1.5");
  w.field("serialNumber", serial_of(g.text())).field("version", 1);
  w.key("metadata").begin_object();
  w.field("timestamp", std::string(today) + "T00:00:00Z");
  w.key("tools").begin_object().key("components").begin_array();
  w.begin_object().field("type", "application").field("name", "archgate").field("version", tool_version).end_object();
  w.end_array().end_object();
  w.key("component").begin_object();
  w.field("type", "application").field("bom-ref", "root");
  w.field("name", project.root && !project.root->name.empty() ? project.root->name : std::string("project"));
  if (project.root && !project.root->version.empty()) w.field("version", project.root->version);
  w.end_object();
  w.key("properties").begin_array();
  w.begin_object().field("name", "archgate:lockfile").field("value", g.lockfile_path).end_object();
  w.begin_object().field("name", "archgate:lockfileFormat").field("value", g.format).end_object();
  w.end_array();
  w.end_object();

  w.key("components").begin_array();
  for (const auto& p : inv.packages) {
    auto purl = npm_purl(p.name, p.version);
    w.begin_object();
    w.field("type", "library").field("bom-ref", purl);
    if (p.name.starts_with('@') && p.name.find('/') != std::string::npos) {
      w.field("group", p.name.substr(0, p.name.find('/'))).field("name", p.name.substr(p.name.find('/') + 1));
    } else {
      w.field("name", p.name);
    }
    w.field("version", p.version).field("purl", purl);
    // Dev-only packages are not part of what runs: CycloneDX's "excluded".
    w.field("scope", p.dev ? "excluded" : p.optional ? "optional" : "required");
    auto it = first.find(key_of(p.name, p.version));
    const core::Node* n = it == first.end() ? nullptr : it->second;
    if (n && !n->license.empty()) {
      w.key("licenses").begin_array().begin_object().field("expression", n->license).end_object().end_array();
    }
    if (n) {
      auto hashes = hashes_of(n->integrity);
      if (!hashes.empty()) {
        w.key("hashes").begin_array();
        for (const auto& [alg, hex] : hashes) w.begin_object().field("alg", alg).field("content", hex).end_object();
        w.end_array();
      }
      if (n->resolved.starts_with("http://") || n->resolved.starts_with("https://") ||
          n->resolved.starts_with("git+")) {
        w.key("externalReferences").begin_array();
        w.begin_object().field("type", n->resolved.starts_with("git+") ? "vcs" : "distribution");
        w.field("url", n->resolved).end_object();
        w.end_array();
      }
    }
    w.key("properties").begin_array();
    w.begin_object().field("name", "archgate:direct").field("value", p.direct ? "true" : "false").end_object();
    if (p.source != core::Source::registry) {
      w.begin_object().field("name", "archgate:source").field("value", core::to_string(p.source)).end_object();
    }
    w.end_array();
    w.end_object();
  }
  for (const auto& ws : inv.workspaces) {
    w.begin_object();
    w.field("type", "library").field("bom-ref", "workspace:" + ws.path).field("name", ws.name);
    if (!ws.version.empty()) w.field("version", ws.version);
    w.key("properties").begin_array();
    w.begin_object().field("name", "archgate:workspace").field("value", ws.path).end_object();
    w.begin_object().field("name", "archgate:kind").field("value", ws.kind).end_object();
    w.end_array();
    w.end_object();
  }
  w.end_array();

  // Every ref that appears, each once, with what it depends on.
  std::set<std::string> known{"root"};
  for (const auto& p : inv.packages) known.insert(npm_purl(p.name, p.version));
  for (const auto& ws : inv.workspaces) known.insert("workspace:" + ws.path);
  w.key("dependencies").begin_array();
  for (const auto& [ref, deps] : depends) {
    if (!known.count(ref)) continue;
    w.begin_object().field("ref", ref).key("dependsOn").begin_array();
    for (const auto& d : deps) {
      if (known.count(d)) w.value(d);
    }
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
}

}  // namespace archgate::reports
