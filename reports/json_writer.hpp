#pragma once
// A streaming JSON writer for the large reports (check's findings, the
// inventory): values go straight into a 64 KB buffer flushed to the stream,
// with no document tree in memory. The layout is nlohmann's dump(2) (two
// spaces, "key": value, [] and {} when empty), so a report reads the same
// whichever writer made it. Invalid UTF-8 is written as U+FFFD.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/finding.hpp"
#include "core/shared_text.hpp"

namespace archgate::reports {

// Appends `s` as a JSON string (quotes, escapes; invalid UTF-8 as U+FFFD).
void append_json_string(std::string& out, std::string_view s);

// Whether a byte is written as it is inside a JSON string: not a control
// character, quote, backslash or non-ASCII byte.
constexpr bool json_plain_byte(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80; }

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : m_out(&out) { grow(k_flush + 4096); }
  ~JsonWriter() { flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  // The key of the next value in an object.
  JsonWriter& key(std::string_view k);
  // A key written in the source ("rule"): the check that it needs no
  // escape reads a literal the compiler knows, so it costs nothing at run
  // time (an array filled at run time is checked, or written as any key).
  template <std::size_t N>
  JsonWriter& key(const char (&k)[N]) {
    bool plain = k[N - 1] == '\0';
    for (std::size_t i = 0; i + 1 < N; ++i) plain = plain && json_plain_byte(static_cast<unsigned char>(k[i]));
    if (!plain || m_after_key || m_counts.empty()) return key(std::string_view(k, ::strnlen(k, N)));
    return plain_key(std::string_view(k, N - 1));
  }

  JsonWriter& value(std::string_view s) {
    element();
    quoted(s);
    return done();
  }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(const core::SharedText& s) { return value(s.view()); }
  JsonWriter& value(const core::Fingerprint& s) { return value(s.view()); }
  JsonWriter& value(bool b) {
    element();
    raw(b ? std::string_view("true") : std::string_view("false"));
    return done();
  }
  JsonWriter& value(std::int64_t n) { return integer(n); }
  JsonWriter& value(int n) { return integer(n); }
  JsonWriter& value(std::size_t n) { return integer(n); }
  // A floating-point number as nlohmann writes it (shortest form that reads
  // back the same; "7.0" rather than "7").
  JsonWriter& value(double d);
  // A whole document tree, in the same layout as the rest (keys in the
  // tree's order: sorted, for nlohmann::json). For reports that build a
  // small tree per record and stream the records.
  JsonWriter& value(const nlohmann::json& j);
  // The same for an insertion-ordered tree (keys in the order they were set).
  JsonWriter& value(const nlohmann::ordered_json& j);
  JsonWriter& null() {
    element();
    raw("null");
    return done();
  }
  // "key": value in one call.
  template <class Key, class T>
  JsonWriter& field(const Key& k, const T& v) {
    key(k);
    return value(v);
  }
  template <class Key, class Text>
  JsonWriter& string_array(const Key& k, const std::vector<Text>& list) {
    key(k);
    begin_array();
    for (const auto& s : list) value(s);
    return end_array();
  }

  // Writes elements 0..n-1 of the array (or values of the object) open now,
  // each by `each(writer, i)`, byte for byte as a plain loop would. Large
  // runs are rendered in blocks: one helper thread renders every odd block
  // into memory while this one renders the even block before it, then this
  // one writes the helper's block out and lets it go on to the next odd
  // block. One helper and one reused buffer for the whole run (a thread and
  // a fresh buffer per block cost more than the rendering they saved: each
  // first touch of a page is a fault). A check's 50,000 findings are 45 MB
  // of JSON; at most one block is held in memory besides the stream's.
  template <class Each>
  JsonWriter& elements(std::size_t n, const Each& each) {
    constexpr std::size_t k_block = 1024;
    if (n < 4 * k_block || m_counts.empty() || std::thread::hardware_concurrency() < 2) {
      for (std::size_t i = 0; i < n; ++i) each(*this, i);
      return *this;
    }
    const std::uint32_t base = m_counts.back();
    const std::size_t pairs = (n + 2 * k_block - 1) / (2 * k_block);
    JsonWriter side(m_counts.size(), 0);
    side.grow(256 * 1024);
    // go: odd blocks the helper may start; done: odd blocks it has finished.
    std::atomic<std::size_t> go{1};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr failed;
    std::thread helper([&] {
      for (std::size_t k = 0; k < pairs; ++k) {
        const auto from = (2 * k + 1) * k_block;
        if (from >= n) break;
        for (auto g = go.load(); g <= k; g = go.load()) go.wait(g);
        if (stop.load()) break;
        try {
          side.m_len = 0;
          side.m_counts.back() = base + static_cast<std::uint32_t>(from);
          for (auto i = from, to = std::min(n, from + k_block); i < to; ++i) each(side, i);
        } catch (...) {
          failed = std::current_exception();
          stop.store(true);
        }
        done.store(k + 1);
        done.notify_one();
        if (failed) break;
      }
    });
    // Stops the helper when this thread leaves early (an exception in `each`).
    struct Join {
      std::thread& t;
      std::atomic<bool>& stop;
      std::atomic<std::size_t>& go;
      ~Join() {
        stop.store(true);
        go.store(SIZE_MAX);
        go.notify_one();
        t.join();
      }
    } join{helper, stop, go};
    for (std::size_t k = 0; k < pairs; ++k) {
      const auto from = 2 * k * k_block;
      m_counts.back() = base + static_cast<std::uint32_t>(from);
      for (auto i = from, to = std::min(n, from + k_block); i < to; ++i) each(*this, i);
      if (from + k_block >= n) break;
      for (auto d = done.load(); d <= k; d = done.load()) done.wait(d);
      if (failed) std::rethrow_exception(failed);
      if (m_out != nullptr) {
        flush();
        m_out->write(side.m_buf.data(), static_cast<std::streamsize>(side.m_len));
      } else {
        raw(std::string_view(side.m_buf.data(), side.m_len));
      }
      go.store(k + 2);
      go.notify_one();
    }
    m_counts.back() = base + static_cast<std::uint32_t>(n);
    return *this;
  }

  // Ends the document with a newline and writes the buffer out.
  void finish() {
    raw("\n");
    flush();
  }

 private:
  static constexpr std::size_t k_flush = 64 * 1024;

  // Room for `n` more bytes at the end of what is written: a pointer to
  // write them at, then commit() the end. (The buffer is a string used as
  // raw storage: m_len bytes are written, the rest is room.)
  char* room(std::size_t n) {
    if (m_buf.size() - m_len < n) grow(m_len + n);
    return m_buf.data() + m_len;
  }
  void commit(const char* end) { m_len = static_cast<std::size_t>(end - m_buf.data()); }
  void grow(std::size_t at_least);
  void raw(std::string_view s) {
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    commit(p + s.size());
  }

  template <class Integer>
  JsonWriter& integer(Integer n) {
    element();
    char* p = room(24);
    commit(std::to_chars(p, p + 24, n).ptr);
    return done();
  }

  JsonWriter& open(char c) {
    element();
    raw(std::string_view(&c, 1));
    m_counts.push_back(0);
    return *this;
  }
  JsonWriter& close(char c) {
    bool empty = m_counts.back() == 0;
    m_counts.pop_back();
    if (!empty) newline();
    raw(std::string_view(&c, 1));
    return done();
  }
  // Before a key, or a value not preceded by a key: comma and indentation.
  void element() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (m_counts.empty()) return;
    if (m_counts.back()++ > 0) raw(",");
    newline();
  }
  JsonWriter& done() {
    if (m_len >= k_flush) flush();
    return *this;
  }
  void newline() {
    // A newline and two spaces a level.
    const std::size_t width = 1 + m_counts.size() * 2;
    char* p = room(width);
    *p = '\n';
    std::memset(p + 1, ' ', width - 1);
    commit(p + width);
  }
  // A writer into memory that continues, `depth` containers deep, a
  // container that already holds `count` elements (elements()).
  JsonWriter(std::size_t depth, std::uint32_t count) : m_counts(depth, 1) { m_counts.back() = count; }

  void flush() {
    if (m_out != nullptr && m_len > 0) {
      m_out->write(m_buf.data(), static_cast<std::streamsize>(m_len));
      m_len = 0;
    }
  }
  void quoted(std::string_view s);
  JsonWriter& plain_key(std::string_view k);

  std::ostream* m_out = nullptr;  // nullptr: the text stays in m_buf
  std::string m_buf;              // raw storage: m_len bytes written
  std::size_t m_len = 0;
  std::vector<std::uint32_t> m_counts;  // elements so far in each open container
  bool m_after_key = false;
};

}  // namespace archgate::reports
