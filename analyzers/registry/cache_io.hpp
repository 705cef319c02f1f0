#pragma once
// Pieces the registry document client and the advisory client share: URL
// splitting, cache file names, the .meta sidecar format, atomic writes.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace archgate::registry::detail {

struct SplitUrl {
  std::string origin;  // scheme://host[:port], without user info
  std::string host;    // host[:port]
  std::string path;    // /…
};
// Splits an http(s) URL; nullopt for other schemes or no host.
std::optional<SplitUrl> split_url(std::string_view url);

// A file-system-safe name for a registry URL or package name.
std::string safe_name(std::string_view s);

// A cache entry's sidecar: when it was fetched and its validators.
struct CacheMeta {
  std::int64_t fetched = 0;  // unix seconds
  std::string etag;
  std::string last_modified;
};
std::optional<CacheMeta> read_meta(const std::filesystem::path& p);
std::string meta_text(const CacheMeta& m);

std::int64_t now_seconds();
std::optional<std::string> slurp(const std::filesystem::path& p);
// The same into `out` (its memory reused), leaving at least `spare` bytes of
// capacity past the end (a parser's padding). False when it cannot be read.
bool slurp_into(const std::filesystem::path& p, std::string& out, std::size_t spare = 0);
// Writes through a temporary file and a rename, so readers never see a
// half-written entry (several threads may fill the cache at once).
bool write_atomically(const std::filesystem::path& p, std::string_view text);

// Whether a header value holds no line break (never echo one into a request).
bool single_line(std::string_view s);

}  // namespace archgate::registry::detail
