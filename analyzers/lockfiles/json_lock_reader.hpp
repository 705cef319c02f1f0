#pragma once
// What the JSON lockfile readers (package-lock.json, bun.lock) share: byte
// offsets of simdjson on-demand values in the file, keys and strings decoded
// into the graph's arena (views into the file when unescaped), and errors
// with the file's line:column.
#include <simdjson.h>

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"

namespace archgate::analyzers {

class JsonLockReader {
 protected:
  // `what` prefixes simdjson's own messages ("invalid lockfile").
  JsonLockReader(const LockfileInput& in, std::string_view what)
      : m_in(in), m_text(*in.content), m_what(what) {}

  // The buffer simdjson parses: the file, or a same-length cleaned copy of
  // it, so that offsets are the file's.
  void set_buffer(std::string_view buffer, core::StringArena& arena) {
    m_base = buffer.data();
    m_end = buffer.data() + buffer.size();
    m_arena = &arena;
  }

  std::unexpected<core::Error> simd_failure(simdjson::error_code e, std::size_t offset) const {
    return std::unexpected(core::json::error_at(
        m_in.path, m_text, offset, std::string(m_what) + ": " + simdjson::error_message(e)));
  }
  std::unexpected<core::Error> failure(std::size_t offset, std::string msg) const {
    return std::unexpected(core::json::error_at(m_in.path, m_text, offset, std::move(msg)));
  }

  std::size_t offset_of(simdjson::ondemand::value& v) const {
    std::string_view tok = v.raw_json_token();
    return static_cast<std::size_t>(tok.data() - m_base);
  }

  // Key of a field as a view into the lockfile (or the arena if escaped);
  // `offset` gets the position of its opening quote.
  simdjson::error_code key_of(simdjson::simdjson_result<simdjson::ondemand::field>& f,
                              std::string_view& out, std::size_t* offset = nullptr) const {
    simdjson::ondemand::raw_json_string raw;
    if (auto e = f.key().get(raw)) {
      return e;
    }
    const char* p = raw.raw();
    if (offset) {
      *offset = static_cast<std::size_t>(p - m_base) - 1;
    }
    auto s = core::json::string_body(p, m_end, *m_arena);
    if (!s) {
      return simdjson::STRING_ERROR;
    }
    out = *s;
    return simdjson::SUCCESS;
  }

  // A string value; `what.str()` names it in errors ("packages[\"x\"].version")
  // and is only built on the error path: this runs for every string read.
  template <class What>
  core::Result<std::string_view> string_at(simdjson::ondemand::value& v, const What& what) const {
    auto off = offset_of(v);
    simdjson::ondemand::raw_json_string raw;
    if (auto e = v.get_raw_json_string().get(raw)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, what.str() + " must be a string");
      }
      return simd_failure(e, off);
    }
    auto s = core::json::string_body(raw.raw(), m_end, *m_arena);
    if (!s) {
      return failure(off, what.str() + ": malformed string");
    }
    return *s;
  }

  // A string value where one is optional: its text (a view into the file
  // unless escaped), or nothing when the value is not a string. Unlike
  // simdjson's get_string(), this never copies into the parser's string
  // buffer, whose pages would otherwise be cleared for a field per package.
  std::optional<std::string_view> optional_string(simdjson::ondemand::value& v) const {
    simdjson::ondemand::raw_json_string raw;
    if (v.get_raw_json_string().get(raw) != simdjson::SUCCESS) {
      return std::nullopt;
    }
    return core::json::string_body(raw.raw(), m_end, *m_arena);
  }

  const LockfileInput& m_in;
  std::string_view m_text;
  const char* m_base = nullptr;
  const char* m_end = nullptr;

 private:
  std::string_view m_what;
  core::StringArena* m_arena = nullptr;
};

}  // namespace archgate::analyzers
