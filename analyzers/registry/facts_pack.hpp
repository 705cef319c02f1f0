#pragma once
// One file per registry cache folder that holds every cached package's
// extracted facts (package_doc.hpp facts_text) with the validators of the
// document they came from, so that a warm run opens one file instead of a
// .meta and a .facts per package (on ghostfolio, 1,775 packages: 3,550
// opens, most of a warm `archgate deps`).
//
// The per-package files stay the truth; the pack is a copy that is trusted
// only while the folder has not changed since the pack was made. Every
// cache write in the folder is a rename (cache_io.hpp write_atomically),
// which sets the folder's modification time, so the pack records that time
// and is ignored when it differs. It is written beside the folder
// (`<folder>.facts-pack`), so writing it does not change the folder; and only
// from a folder untouched for k_pack_settle_seconds, so that a write in the
// same clock tick as the recorded time cannot go unseen.
//
// Layout (little-endian): "AGFP", u32 format version, i64 folder mtime (ns),
// u32 entry count, then per entry: u32 length + bytes of the package name,
// i64 fetched (unix seconds), u32 + bytes of the ETag, u32 + bytes of
// Last-Modified, u32 + bytes of the facts text.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace archgate::registry {

inline constexpr std::int64_t k_pack_settle_seconds = 2;

struct PackEntry {
  std::int64_t fetched = 0;  // when the document was fetched (its .meta)
  std::string_view etag;
  std::string_view last_modified;
  std::string_view facts;  // the .facts text
};

struct FactsPack {
  std::int64_t folder_mtime = 0;  // ns, of the folder when the pack was made
  std::unique_ptr<const std::string> bytes;  // the file; entries point into it
  std::unordered_map<std::string_view, PackEntry> entries;  // by package name
};

// Parses a pack file. An error (with the byte offset) for a wrong magic or
// version, a length past the end, a repeated name or trailing bytes.
core::Result<FactsPack> parse_facts_pack(std::string bytes, const std::string& path);

struct PackRecord {
  std::string name;
  std::int64_t fetched = 0;
  std::string etag;
  std::string last_modified;
  std::string facts;
};

// The bytes of a pack holding `records` for a folder last changed at
// `folder_mtime` (ns).
std::string facts_pack_bytes(std::int64_t folder_mtime, const std::vector<PackRecord>& records);

// A folder's modification time in nanoseconds; nullopt when it cannot be read.
std::optional<std::int64_t> folder_mtime_ns(const std::string& dir);

// Reads `<folder>.facts-pack` and keeps it when it is current for `folder`
// last changed at `folder_mtime`; nullopt otherwise (absent, malformed,
// stale: the caller reads the per-package files).
std::optional<FactsPack> load_facts_pack(const std::string& folder, std::int64_t folder_mtime);

// Writes `<folder>.facts-pack` when the folder still has `folder_mtime`
// (nothing was written into it since it was read) and that time is at least
// k_pack_settle_seconds before `now` (unix seconds). False when it is not
// written.
bool save_facts_pack(const std::string& folder, std::int64_t folder_mtime, std::int64_t now,
                     const std::vector<PackRecord>& records);

}  // namespace archgate::registry
