#pragma once
// Snapshot: the one way analyzers read a project.
//
// A snapshot is a read-only view of a tree of files addressed by
// project-relative paths with '/' separators ("" is the root,
// "packages/a/package.json" a file). The working tree is one
// implementation; the git index or any commit can be another, so the same
// pipeline runs on `--staged` or a base branch without a checkout.
//
// To add a backend, implement the three virtual functions. Listing never
// descends into node_modules or .git (walk() skips them; list() on such a
// directory still works when asked explicitly).
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace archgate::core {

// `link` is a symbolic link to a directory (or a dangling one): listed, never
// descended into by walkers, so a link loop cannot hang a pass. Git stores
// such links as links too. A link to a file lists as a file.
enum class EntryKind : std::uint8_t { file, directory, link };

struct DirEntry {
  std::string name;  // base name
  EntryKind kind = EntryKind::file;
};

// Bytes reserved after a file's content so JSON readers (simdjson) never
// copy it; every backend's read() leaves this much capacity.
inline constexpr std::size_t k_read_padding = 64;  // >= core::json::k_padding

class Snapshot {
 public:
  virtual ~Snapshot() = default;

  // What kind of entry `path` is, or nullopt when it does not exist.
  [[nodiscard]] virtual std::optional<EntryKind> stat(std::string_view path) const = 0;
  // Entries of a directory, sorted by name. Empty when it is not a directory.
  [[nodiscard]] virtual std::vector<DirEntry> list(std::string_view dir) const = 0;
  // The bytes of a file. Fails with a message naming the path when it is
  // missing, a directory, or unreadable.
  [[nodiscard]] virtual Result<std::string> read(std::string_view path) const = 0;
  // read() into `buffer`, reusing its capacity: a pass that reads thousands
  // of files one after another (the source scan) then allocates, and
  // faults in fresh pages, only for the largest so far. On failure the
  // buffer's content is unspecified. Backends may override; this one reads.
  [[nodiscard]] virtual Result<std::size_t> read_into(std::string_view path, std::string& buffer) const {
    auto text = read(path);
    if (!text) return std::unexpected(text.error());
    buffer = std::move(*text);
    return buffer.size();
  }
  // A human description of where the snapshot comes from ("working tree at X").
  [[nodiscard]] virtual std::string describe() const = 0;

  [[nodiscard]] bool is_file(std::string_view path) const {
    return stat(path) == EntryKind::file;
  }
  [[nodiscard]] bool is_dir(std::string_view path) const {
    return stat(path) == EntryKind::directory;
  }

  // Every file below `dir` (recursively), sorted, skipping node_modules and
  // .git. `descend(dir_path)` may prune further directories.
  [[nodiscard]] std::vector<std::string> walk(
      std::string_view dir = "",
      const std::function<bool(std::string_view)>& descend = nullptr) const;
};

// Joins two relative paths with '/', treating "" as the root.
std::string join_path(std::string_view dir, std::string_view name);
// Directory part of a relative path ("" for a top-level file).
std::string_view parent_path(std::string_view path);
// Lexically normalises "a/./b/../c" to "a/c"; returns nullopt when the path
// climbs above the root.
std::optional<std::string> normalize_path(std::string_view path);

// The working tree on disk below `root`.
class WorkingTreeSnapshot final : public Snapshot {
 public:
  explicit WorkingTreeSnapshot(std::string root);
  [[nodiscard]] std::optional<EntryKind> stat(std::string_view path) const override;
  [[nodiscard]] std::vector<DirEntry> list(std::string_view dir) const override;
  [[nodiscard]] Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] Result<std::size_t> read_into(std::string_view path, std::string& buffer) const override;
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] const std::string& root() const { return m_root; }

 private:
  [[nodiscard]] std::vector<DirEntry> list_uncached(std::string_view dir) const;
  [[nodiscard]] std::string full(std::string_view path) const;
  std::string m_root;
  // Folders listed so far: several passes walk the tree (runtime pins,
  // containers, CI, the source files), and only the first pays the system
  // calls. A snapshot is a view of one moment; it is not meant to see
  // changes made while it is in use.
  mutable std::mutex m_lists_mutex;
  mutable std::unordered_map<std::string, std::vector<DirEntry>> m_lists;
};

// An in-memory tree, for tests and for content that does not live on disk.
class MemorySnapshot final : public Snapshot {
 public:
  void add(std::string path, std::string content);
  [[nodiscard]] std::optional<EntryKind> stat(std::string_view path) const override;
  [[nodiscard]] std::vector<DirEntry> list(std::string_view dir) const override;
  [[nodiscard]] Result<std::string> read(std::string_view path) const override;
  [[nodiscard]] std::string describe() const override { return "memory"; }

 private:
  std::vector<std::pair<std::string, std::string>> m_files;  // sorted by path
};

}  // namespace archgate::core
