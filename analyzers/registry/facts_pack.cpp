#include "analyzers/registry/facts_pack.hpp"

#include <sys/stat.h>

#include "analyzers/registry/cache_io.hpp"

namespace archgate::registry {

namespace {

constexpr std::string_view k_magic = "AGFP";
constexpr std::uint32_t k_format = 1;

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void put_i64(std::string& out, std::int64_t v) {
  auto u = static_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

// Reads fields in order; the first read past the end sets `failed` and
// every later read returns zero/empty.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
  std::uint64_t uint(int width) {
    if (!need(static_cast<std::size_t>(width))) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
    }
    m_pos += static_cast<std::size_t>(width);
    return v;
  }
  std::string_view str() {
    auto n = static_cast<std::size_t>(uint(4));
    if (!need(n)) return {};
    auto s = m_bytes.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  [[nodiscard]] bool failed() const { return m_failed; }
  [[nodiscard]] std::size_t pos() const { return m_pos; }
  [[nodiscard]] bool at_end() const { return m_pos == m_bytes.size(); }

 private:
  bool need(std::size_t n) {
    if (m_failed || m_bytes.size() - m_pos < n) {
      m_failed = true;
      return false;
    }
    return true;
  }
  std::string_view m_bytes;
  std::size_t m_pos = 0;
  bool m_failed = false;
};

std::string pack_path(const std::string& folder) { return folder + ".facts-pack"; }

}  // namespace

core::Result<FactsPack> parse_facts_pack(std::string bytes, const std::string& path) {
  FactsPack pack;
  pack.bytes = std::make_unique<const std::string>(std::move(bytes));  // stays put when the pack moves
  std::string_view all(*pack.bytes);
  auto fail = [&](std::size_t offset, const std::string& what) {
    return std::unexpected(
        core::Error{path, 0, 0, "facts pack, byte " + std::to_string(offset) + ": " + what});
  };
  if (!all.starts_with(k_magic)) return fail(0, "expected the \"AGFP\" magic");
  Reader r(all.substr(k_magic.size()));
  auto at = [&] { return k_magic.size() + r.pos(); };
  if (auto format = r.uint(4); !r.failed() && format != k_format) {
    return fail(k_magic.size(), "format " + std::to_string(format) + ", expected " + std::to_string(k_format));
  }
  pack.folder_mtime = static_cast<std::int64_t>(r.uint(8));
  auto count = r.uint(4);
  if (r.failed()) return fail(at(), "truncated header");
  // Each entry takes at least 24 bytes: no count can make us reserve more than the file holds.
  pack.entries.reserve(std::min<std::uint64_t>(count, all.size() / 24));
  for (std::uint64_t i = 0; i < count; ++i) {
    auto start = at();
    auto name = r.str();
    PackEntry e;
    e.fetched = static_cast<std::int64_t>(r.uint(8));
    e.etag = r.str();
    e.last_modified = r.str();
    e.facts = r.str();
    if (r.failed()) return fail(start, "entry " + std::to_string(i) + " runs past the end");
    if (name.empty()) return fail(start, "entry " + std::to_string(i) + " has no package name");
    if (!pack.entries.emplace(name, e).second) {
      return fail(start, "package \"" + std::string(name) + "\" is listed twice");
    }
  }
  if (!r.at_end()) return fail(at(), "bytes after the last entry");
  return pack;
}

std::string facts_pack_bytes(std::int64_t folder_mtime, const std::vector<PackRecord>& records) {
  std::size_t size = 20;
  for (const auto& p : records) {
    size += 24 + p.name.size() + p.etag.size() + p.last_modified.size() + p.facts.size();
  }
  std::string out;
  out.reserve(size);
  out.append(k_magic);
  put_u32(out, k_format);
  put_i64(out, folder_mtime);
  put_u32(out, static_cast<std::uint32_t>(records.size()));
  for (const auto& p : records) {
    put_str(out, p.name);
    put_i64(out, p.fetched);
    put_str(out, p.etag);
    put_str(out, p.last_modified);
    put_str(out, p.facts);
  }
  return out;
}

std::optional<std::int64_t> folder_mtime_ns(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

std::optional<FactsPack> load_facts_pack(const std::string& folder, std::int64_t folder_mtime) {
  std::string bytes;
  if (!detail::slurp_into(pack_path(folder), bytes)) return std::nullopt;
  auto pack = parse_facts_pack(std::move(bytes), pack_path(folder));
  if (!pack || pack->folder_mtime != folder_mtime) return std::nullopt;
  return std::move(*pack);
}

bool save_facts_pack(const std::string& folder, std::int64_t folder_mtime, std::int64_t now,
                     const std::vector<PackRecord>& records) {
  auto current = folder_mtime_ns(folder);
  if (!current || *current != folder_mtime) return false;  // written into since it was read
  if (folder_mtime / 1'000'000'000 + k_pack_settle_seconds > now) return false;  // too fresh to trust
  return detail::write_atomically(pack_path(folder), facts_pack_bytes(folder_mtime, records));
}

}  // namespace archgate::registry
