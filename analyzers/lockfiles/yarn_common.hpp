#pragma once
// Pieces shared by the yarn classic and berry readers: the descriptor map
// (name + range -> entry), source classification helpers and the error
// constructor that turns a scanner error into file:line:col.
#include <cstdint>
#include <cstring>
#include <vector>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "analyzers/lockfiles/yarn_syml.hpp"
#include "core/graph.hpp"
#include "core/result.hpp"

namespace archgate::analyzers::yarn {

// A descriptor split into name and range, both views.
struct DescKey {
  std::string_view name;
  std::string_view range;
  bool operator==(const DescKey&) const = default;
};

struct DescHash {
  std::size_t operator()(const DescKey& k) const noexcept {
    std::size_t a = std::hash<std::string_view>{}(k.name);
    std::size_t b = std::hash<std::string_view>{}(k.range);
    return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  }
};

// A quick 8-bytes-at-a-time hash: descriptor lookups dominate the readers'
// time, and std::hash<string_view> (murmur, byte tail loops) cost twice this.
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t h) {
  constexpr std::uint64_t k_mul = 0x9E3779B97F4A7C15ULL;
  h ^= s.size() * k_mul;
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k_mul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * k_mul;
    h ^= h >> 29;
  }
  return h ^ (h >> 32);
}

// DescTable: (name, range) -> NodeId, open addressing with the full hash in
// each slot (the same design as core/string_index.hpp, for two-part keys):
// a miss costs one cache line, a hit one more for the key bytes. Keys are
// views that must outlive the table. The first value stored for a key wins.
class DescTable {
 public:
  explicit DescTable(std::size_t expected = 16) { rehash(capacity_for(expected)); }

  void reserve(std::size_t expected) {
    if (capacity_for(expected) > m_slots.size()) {
      rehash(capacity_for(expected));
    }
  }

  void emplace(std::string_view name, std::string_view range, core::NodeId value) {
    if ((m_size + 1) * 4 > m_slots.size() * 3) {
      rehash(m_slots.size() * 2);
    }
    auto h = hash(name, range);
    for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
      auto& s = m_slots[i];
      if (s.value == core::k_no_node) {
        s = {h, name, range, value};
        ++m_size;
        return;
      }
      if (s.hash == h && s.name == name && s.range == range) {
        return;
      }
    }
  }

  // The value for (name, range), or k_no_node.
  [[nodiscard]] core::NodeId find(std::string_view name, std::string_view range) const {
    auto h = hash(name, range);
    for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
      const auto& s = m_slots[i];
      if (s.value == core::k_no_node) {
        return core::k_no_node;
      }
      if (s.hash == h && s.name == name && s.range == range) {
        return s.value;
      }
    }
  }

  // Rewrites every stored value (node renumbering).
  template <class F>
  void remap(F&& f) {
    for (auto& s : m_slots) {
      if (s.value != core::k_no_node) {
        s.value = f(s.value);
      }
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::string_view name;
    std::string_view range;
    core::NodeId value = core::k_no_node;
  };
  static std::uint64_t hash(std::string_view name, std::string_view range) {
    return hash_bytes(range, hash_bytes(name, 0x243F6A8885A308D3ULL));
  }
  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c * 3 < n * 4 + 4) {
      c *= 2;
    }
    return c;
  }
  void rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(capacity, Slot{});
    m_mask = capacity - 1;
    m_size = 0;
    for (const auto& s : old) {
      if (s.value != core::k_no_node) {
        for (std::size_t i = s.hash & m_mask;; i = (i + 1) & m_mask) {
          if (m_slots[i].value == core::k_no_node) {
            m_slots[i] = s;
            ++m_size;
            break;
          }
        }
      }
    }
  }
  std::vector<Slot> m_slots;
  std::size_t m_mask = 0;
  std::size_t m_size = 0;
};

// A dependency read from an entry, resolved once every entry is known.
struct PendingEdge {
  core::NodeId from;
  std::string_view name;
  std::string_view range;
  core::EdgeKind kind;
};

inline bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  for (auto p : prefixes) {
    if (s.starts_with(p)) {
      return true;
    }
  }
  return false;
}

inline bool is_tarball_path(std::string_view s) {
  return s.ends_with(".tgz") || s.ends_with(".tar.gz") || s.ends_with(".tar");
}

// True for the ranges and URLs that name a git repository.
inline bool looks_like_git(std::string_view s) {
  if (starts_with_any(s, {"git+", "git:", "git@", "ssh:", "github:", "gitlab:", "bitbucket:",
                          "gist:", "https://codeload.github.com/"})) {
    return true;
  }
  if (s.find(".git#") != std::string_view::npos || s.ends_with(".git") ||
      s.find("#commit=") != std::string_view::npos) {
    return true;
  }
  // `user/repo` or `user/repo#ref` GitHub shorthand: no protocol, one slash.
  if (!s.empty() && s[0] != '@' && s[0] != '.' && s[0] != '/' && s.find(':') == std::string_view::npos) {
    auto slash = s.find('/');
    return slash != std::string_view::npos && slash > 0;
  }
  return false;
}

inline core::Error scan_error(const std::string& file, const ScanError& e) {
  return core::Error{file, e.line, e.column, e.message};
}

}  // namespace archgate::analyzers::yarn
