#pragma once
// SharedText: an immutable string whose copies share one buffer.
//
// Findings repeat the same texts: a rule's id and remedy, and a cause or
// root that every finding of one host or one lockfile shares. A lockfile
// with 50,000 entries on an unexpected host gives 50,000 findings, and a
// std::string per copy of those texts was half of what `check` allocated.
// Copying a SharedText adds a reference (atomic: findings are made on more
// than one thread); the text is freed with its last copy.
//
// It reads as a std::string_view (implicitly) and compares with anything
// that converts to one. It is not a std::string: where one is needed, say
// so with str().
#include <atomic>
#include <compare>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <new>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace archgate::core {

class SharedText {
 public:
  SharedText() noexcept = default;
  SharedText(std::string_view s) : m_block(make(s)) {}  // NOLINT: implicit, as a std::string is
  SharedText(const std::string& s) : SharedText(std::string_view(s)) {}  // NOLINT
  SharedText(const char* s) : SharedText(std::string_view(s)) {}         // NOLINT

  SharedText(const SharedText& o) noexcept : m_block(o.m_block) {
    if (m_block) m_block->refs.fetch_add(1, std::memory_order_relaxed);
  }
  SharedText(SharedText&& o) noexcept : m_block(std::exchange(o.m_block, nullptr)) {}
  SharedText& operator=(const SharedText& o) noexcept {
    SharedText copy(o);
    std::swap(m_block, copy.m_block);
    return *this;
  }
  SharedText& operator=(SharedText&& o) noexcept {
    std::swap(m_block, o.m_block);
    return *this;
  }
  ~SharedText() { release(); }

  // a + b in one block, with no std::string in between.
  [[nodiscard]] static SharedText concat(std::string_view a, std::string_view b) {
    SharedText t;
    t.m_block = make(a, b);
    return t;
  }

  [[nodiscard]] std::string_view view() const noexcept {
    return m_block ? std::string_view(chars(m_block), m_block->size) : std::string_view();
  }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: reads as a view
  [[nodiscard]] std::string str() const { return std::string(view()); }

  [[nodiscard]] bool empty() const noexcept { return m_block == nullptr; }
  [[nodiscard]] std::size_t size() const noexcept { return m_block ? m_block->size : 0; }
  [[nodiscard]] const char* data() const noexcept { return view().data(); }
  [[nodiscard]] auto begin() const noexcept { return view().begin(); }
  [[nodiscard]] auto end() const noexcept { return view().end(); }
  [[nodiscard]] bool starts_with(std::string_view p) const noexcept { return view().starts_with(p); }
  [[nodiscard]] bool ends_with(std::string_view p) const noexcept { return view().ends_with(p); }
  [[nodiscard]] std::size_t find(std::string_view p, std::size_t pos = 0) const noexcept {
    return view().find(p, pos);
  }
  [[nodiscard]] std::size_t find(char c, std::size_t pos = 0) const noexcept { return view().find(c, pos); }

  friend bool operator==(const SharedText& a, std::string_view b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const SharedText& a, std::string_view b) noexcept {
    return a.view() <=> b;
  }
  // Two SharedTexts (a template, so that it is the exact match and the one
  // above, with its view conversion, is not an equal rival).
  template <class T>
    requires std::same_as<T, SharedText>
  friend bool operator==(const T& a, const T& b) noexcept {
    return a.m_block == b.m_block || a.view() == b.view();
  }
  template <class T>
    requires std::same_as<T, SharedText>
  friend std::strong_ordering operator<=>(const T& a, const T& b) noexcept {
    return a.view() <=> b.view();
  }
  friend std::string operator+(const SharedText& a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a.view()).append(b);
    return out;
  }
  friend std::string operator+(std::string_view a, const SharedText& b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a).append(b.view());
    return out;
  }
  friend std::ostream& operator<<(std::ostream& out, const SharedText& t) { return out << t.view(); }

 private:
  struct Block {
    std::atomic<std::uint32_t> refs;
    std::size_t size;
  };
  static const char* chars(const Block* b) noexcept { return reinterpret_cast<const char*>(b + 1); }

  static Block* make(std::string_view a, std::string_view b = {}) {
    const auto n = a.size() + b.size();
    if (n == 0) return nullptr;
    void* mem = ::operator new(sizeof(Block) + n);
    auto* block = new (mem) Block{{1}, n};
    auto* out = reinterpret_cast<char*>(block + 1);
    if (!a.empty()) std::memcpy(out, a.data(), a.size());
    if (!b.empty()) std::memcpy(out + a.size(), b.data(), b.size());
    return block;
  }
  void release() noexcept {
    if (m_block && m_block->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      m_block->~Block();
      ::operator delete(m_block);
    }
    m_block = nullptr;
  }

  Block* m_block = nullptr;
};

}  // namespace archgate::core
