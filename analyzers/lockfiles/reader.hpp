#pragma once
// LockfileReader: one implementation per lockfile parsing logic.
//
// To add a format: implement this interface in analyzers/lockfiles/<format>.cpp,
// add it to the list in analyzers/lockfiles/registry.cpp, add fixtures under
// fixtures/lockfiles/<format>/ and a table test in tests/unit/.
//
// A reader parses the bytes it is handed; it does not walk the tree. It may
// read other files through `input.snapshot` (a workspace's package.json for a
// `file:` directory), always relative to the snapshot root.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/graph.hpp"
#include "core/manifest.hpp"
#include "core/result.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

struct LockfileInput {
  std::string path;  // project-relative path of the lockfile, for errors
  // The lockfile bytes. Readers may move this into the graph (hold_text)
  // and point views into it. Its capacity leaves simdjson's padding.
  std::shared_ptr<std::string> content;
  const core::Snapshot* snapshot = nullptr;  // may be null in unit tests
  // The root manifest and the workspace manifests, when known. Formats that
  // do not record every importer's declared dependencies (yarn, bun) use
  // them to create importer edges.
  const core::Manifest* root_manifest = nullptr;
  std::vector<const core::Manifest*> workspace_manifests;
  // A reader that can use a second thread (npm: the syntax pass and the
  // path index beside the walk) does so from this size on. Tests and the
  // fuzzer set 0 or SIZE_MAX to compare the two ways on the same bytes.
  std::size_t second_thread_from = std::size_t{1} << 20;
};

class LockfileReader {
 public:
  virtual ~LockfileReader() = default;
  // Kebab-case id shown to users, e.g. "npm/package-lock".
  [[nodiscard]] virtual std::string_view id() const = 0;
  // The package manager that writes this format: npm, yarn, pnpm, bun.
  [[nodiscard]] virtual std::string_view manager() const = 0;
  // Cheap check on the base file name only ("package-lock.json").
  [[nodiscard]] virtual bool matches(std::string_view file_name) const = 0;
  // Cheap check on the content (first bytes), for files that several readers
  // match by name (yarn.lock classic vs berry). Default: true.
  [[nodiscard]] virtual bool accepts(std::string_view /*content*/) const { return true; }
  // Parses the lockfile into a graph. Fails with file:line:col and a
  // message for malformed input and for format versions it does not know.
  [[nodiscard]] virtual core::Result<core::DependencyGraph> read(const LockfileInput& input) const = 0;
};

// Every registered reader, in detection order.
const std::vector<std::unique_ptr<LockfileReader>>& lockfile_readers();

// The reader for a file, judged by base name and then content; nullptr when
// none matches.
const LockfileReader* find_reader(std::string_view file_name, std::string_view content);

// Base names of every file some reader may match, for detection.
bool is_lockfile_name(std::string_view file_name);

// The "version" of `dir`/package.json in the snapshot, or "" when there is
// no snapshot, no such file or no version: what a linked directory installs.
std::string linked_dir_version(const core::Snapshot* snapshot, std::string_view dir);

}  // namespace archgate::analyzers
