#include "core/git_snapshot.hpp"

#include <dlfcn.h>
#include <git2.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace archgate::core {

namespace {

// libgit2 is opened when a snapshot first needs it, not linked: linked, it
// and the fourteen libraries it pulls in (mbedTLS, libssh2, Kerberos, PCRE2,
// ...) were mapped and relocated at the start of every run, about 2.4 ms of
// each `archgate` process, although only --staged, --rev, --diff-base, diff
// and hook install read git. git2.h still gives the types and signatures;
// each function below is looked up once by its C name.
#define ARCHGATE_GIT_FUNCTIONS(X)                                                                        \
  X(error_last) X(oid_tostr) X(libgit2_init) X(libgit2_opts) X(repository_open_ext) X(repository_free)    \
  X(repository_workdir) X(repository_path) X(repository_index) X(index_entrycount) X(index_get_byindex)  \
  X(index_free) X(revparse_single) X(object_peel) X(object_id) X(object_free) X(tree_entry_type)         \
  X(tree_entry_filemode) X(tree_entry_name) X(tree_entry_id) X(tree_walk) X(tree_free)                   \
  X(reference_name_to_id) X(merge_base) X(blob_lookup) X(blob_rawsize) X(blob_rawcontent) X(blob_free)

struct GitApi {
#define ARCHGATE_GIT_POINTER(name) decltype(&::git_##name) name = nullptr;
  ARCHGATE_GIT_FUNCTIONS(ARCHGATE_GIT_POINTER)
#undef ARCHGATE_GIT_POINTER
  std::string error;  // why libgit2 could not be used; empty when it can
};

// libgit2's functions, opened and initialised on the first call, once per
// process (a function-local static: thread-safe). `error` says why not.
const GitApi& G() {
  static const GitApi api = [] {
    GitApi a;
    void* lib = ::dlopen(ARCHGATE_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = ::dlerror();
      a.error = std::string("cannot load libgit2 (") + (why ? why : ARCHGATE_LIBGIT2_SONAME) +
                "): install the libgit2 library archgate was built with (" ARCHGATE_LIBGIT2_SONAME ")";
      return a;
    }
#define ARCHGATE_GIT_LOOKUP(name)                                                                        \
  a.name = reinterpret_cast<decltype(a.name)>(::dlsym(lib, "git_" #name));                               \
  if (a.name == nullptr && a.error.empty()) a.error = ARCHGATE_LIBGIT2_SONAME " has no git_" #name;
    ARCHGATE_GIT_FUNCTIONS(ARCHGATE_GIT_LOOKUP)
#undef ARCHGATE_GIT_LOOKUP
    if (a.error.empty()) a.libgit2_init();
    return a;
  }();
  return api;
}

std::string git_message(std::string_view what) {
  const git_error* e = G().error_last();
  return std::string(what) + (e && e->message ? std::string(": ") + e->message : std::string());
}

std::string real(const std::string& p) {
  char buf[PATH_MAX];
  if (::realpath(p.c_str(), buf) == nullptr) return p;
  return buf;
}

std::string hex(const git_oid& oid) {
  char out[GIT_OID_HEXSZ + 1];
  G().oid_tostr(out, sizeof out, &oid);
  return out;
}

}  // namespace

struct GitSnapshot::Repo {
  git_repository* repo = nullptr;
  ~Repo() {
    if (repo) G().repository_free(repo);
  }
};

// libgit2, once per process; `owner_check` sets libgit2's repository-owner
// check for what follows. git refuses a repository another user owns
// ("dubious ownership", safe.directory) because it would run programs that
// repository's config names (fsmonitor, hooks, filters). Snapshots run none:
// they only read objects and the index, so they skip the check, which would
// otherwise fail every --staged/--diff-base/diff on a checkout mounted into a
// container or made by another CI user. `hook install` writes into the
// repository and keeps it.
static Result<void> init_libgit2(const std::string& path, bool owner_check) {
  const GitApi& api = G();
  if (!api.error.empty()) return fail(path, api.error);
  api.libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, owner_check ? 1 : 0);
  return {};
}

GitSnapshot::~GitSnapshot() = default;

Result<std::unique_ptr<GitSnapshot>> GitSnapshot::open(const std::string& path) {
  if (auto ready = init_libgit2(path, /*owner_check=*/false); !ready) return std::unexpected(ready.error());
  std::unique_ptr<GitSnapshot> s(new GitSnapshot());
  s->m_repo = std::make_unique<Repo>();
  if (G().repository_open_ext(&s->m_repo->repo, path.c_str(), 0, nullptr) != 0) {
    return fail(path, git_message("not inside a git repository (--staged, --rev and --diff-base read git)"));
  }
  if (const char* wd = G().repository_workdir(s->m_repo->repo)) {
    std::string root = real(wd);
    std::string here = real(path);
    if (here.size() > root.size() && here.starts_with(root) && here[root.size()] == '/') {
      s->m_prefix = here.substr(root.size() + 1);
    }
  }
  return s;
}

void GitSnapshot::add(std::string path, EntryKind kind, const unsigned char* oid) {
  if (!m_prefix.empty()) {
    if (!(path.size() > m_prefix.size() && path.starts_with(m_prefix) && path[m_prefix.size()] == '/')) return;
    path.erase(0, m_prefix.size() + 1);
  }
  // Paths with `..` or absolute ones cannot come from git, but never trust.
  if (path.empty() || path.front() == '/' || path.find("/../") != std::string::npos || path.starts_with("../")) return;
  Entry e;
  e.kind = kind;
  std::memcpy(e.oid, oid, 20);
  m_files.emplace(std::move(path), e);
}

void GitSnapshot::finish() {
  // Each file in its folder, each folder in its parent, up to the root.
  std::map<std::string, std::map<std::string, EntryKind>, std::less<>> tree;
  tree[""];
  for (const auto& [path, e] : m_files) {
    std::string child = path;
    EntryKind kind = e.kind;
    while (true) {
      auto slash = child.rfind('/');
      std::string parent = slash == std::string::npos ? std::string() : child.substr(0, slash);
      std::string name = slash == std::string::npos ? child : child.substr(slash + 1);
      bool fresh = tree[parent].emplace(name, kind).second;
      if (!fresh || parent.empty()) break;  // a known folder: its ancestors are listed
      child = parent;
      kind = EntryKind::directory;
    }
  }
  for (auto& [dir, kids] : tree) {
    auto& list = m_dirs[dir];
    for (auto& [name, kind] : kids) list.push_back({name, kind});
  }
}

Result<std::unique_ptr<GitSnapshot>> GitSnapshot::index(const std::string& path) {
  auto s = open(path);
  if (!s) return s;
  auto& snap = **s;
  git_index* idx = nullptr;
  if (G().repository_index(&idx, snap.m_repo->repo) != 0) {
    return fail(path, git_message("cannot read the git index"));
  }
  std::size_t n = G().index_entrycount(idx);
  for (std::size_t i = 0; i < n; ++i) {
    const git_index_entry* e = G().index_get_byindex(idx, i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) > 2) continue;  // in a conflict: ours (2) or the merged entry (0)
    if (GIT_INDEX_ENTRY_STAGE(e) == 1) continue;
    auto kind = (e->mode & 0170000) == 0120000 || (e->mode & 0170000) == 0160000 ? EntryKind::link : EntryKind::file;
    snap.add(e->path, kind, e->id.id);
  }
  G().index_free(idx);
  snap.finish();
  const char* wd = G().repository_workdir(snap.m_repo->repo);
  snap.m_description = std::string("git index of ") + (wd ? wd : G().repository_path(snap.m_repo->repo)) +
                       (snap.m_prefix.empty() ? "" : " (" + snap.m_prefix + ")");
  return s;
}


Result<std::unique_ptr<GitSnapshot>> GitSnapshot::revision(const std::string& path, const std::string& rev) {
  auto s = open(path);
  if (!s) return s;
  auto& snap = **s;
  git_object* obj = nullptr;
  if (G().revparse_single(&obj, snap.m_repo->repo, rev.c_str()) != 0) {
    return fail(path, git_message("revision '" + rev + "' not found (an unborn branch has no commits yet)"));
  }
  git_object* commit = nullptr;
  if (G().object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
    snap.m_commit = hex(*G().object_id(commit));
    G().object_free(commit);
  }
  git_object* tree_obj = nullptr;
  int rc = G().object_peel(&tree_obj, obj, GIT_OBJECT_TREE);
  G().object_free(obj);
  if (rc != 0) return fail(path, git_message("'" + rev + "' does not name a commit or tree"));
  auto* tree = reinterpret_cast<git_tree*>(tree_obj);
  struct Ctx {
    GitSnapshot* snap;
  } ctx{&snap};
  auto cb = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* c = static_cast<Ctx*>(payload);
    auto type = G().tree_entry_type(entry);
    if (type == GIT_OBJECT_TREE) return 0;
    auto mode = G().tree_entry_filemode(entry);
    auto kind = mode == GIT_FILEMODE_LINK || mode == GIT_FILEMODE_COMMIT ? EntryKind::link : EntryKind::file;
    c->snap->add(std::string(root) + G().tree_entry_name(entry), kind, G().tree_entry_id(entry)->id);
    return 0;
  };
  rc = G().tree_walk(tree, GIT_TREEWALK_PRE, cb, &ctx);
  G().tree_free(tree);
  if (rc != 0) return fail(path, git_message("cannot read the tree of '" + rev + "'"));
  snap.finish();
  snap.m_description = "git revision " + rev + (snap.m_commit.empty() ? "" : " (" + snap.m_commit.substr(0, 12) + ")");
  return s;
}

Result<std::unique_ptr<GitSnapshot>> GitSnapshot::merge_base(const std::string& path, const std::string& rev) {
  auto s = open(path);
  if (!s) return s;
  git_repository* repo = (*s)->m_repo->repo;
  git_oid head{};
  if (G().reference_name_to_id(&head, repo, "HEAD") != 0) {
    return fail(path, git_message("HEAD does not name a commit (an unborn branch?)"));
  }
  git_object* obj = nullptr;
  if (G().revparse_single(&obj, repo, rev.c_str()) != 0) {
    return fail(path, git_message("--diff-base: revision '" + rev + "' not found"));
  }
  git_object* commit = nullptr;
  int rc = G().object_peel(&commit, obj, GIT_OBJECT_COMMIT);
  G().object_free(obj);
  if (rc != 0) return fail(path, git_message("--diff-base: '" + rev + "' is not a commit"));
  git_oid other = *G().object_id(commit);
  G().object_free(commit);
  git_oid base{};
  if (G().merge_base(&base, repo, &head, &other) != 0) {
    return fail(path, git_message("--diff-base: HEAD and '" + rev + "' have no common ancestor (a shallow clone? "
                                  "fetch more history with `git fetch --deepen`)"));
  }
  auto snap = revision(path, hex(base));
  if (snap) (*snap)->m_description = "merge base of HEAD and " + rev + " (" + hex(base).substr(0, 12) + ")";
  return snap;
}

Result<std::string> git_hooks_dir(const std::string& path) {
  if (auto ready = init_libgit2(path, /*owner_check=*/true); !ready) return std::unexpected(ready.error());
  git_repository* repo = nullptr;
  if (G().repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    return fail(path, git_message("not inside a git repository"));
  }
  std::string dir = std::string(G().repository_path(repo)) + "hooks";
  G().repository_free(repo);
  return dir;
}

std::optional<EntryKind> GitSnapshot::stat(std::string_view path) const {
  if (path.empty()) return EntryKind::directory;
  if (auto it = m_files.find(path); it != m_files.end()) return it->second.kind;
  if (m_dirs.find(path) != m_dirs.end()) return EntryKind::directory;
  return std::nullopt;
}

std::vector<DirEntry> GitSnapshot::list(std::string_view dir) const {
  auto it = m_dirs.find(dir);
  return it == m_dirs.end() ? std::vector<DirEntry>{} : it->second;
}

Result<std::string> GitSnapshot::read(std::string_view path) const {
  auto it = m_files.find(path);
  if (it == m_files.end()) {
    if (m_dirs.find(path) != m_dirs.end()) return fail(std::string(path), "is a directory, expected a file");
    return fail(std::string(path), "no such file in " + m_description);
  }
  if (it->second.kind != EntryKind::file) return fail(std::string(path), "is a symbolic link or submodule: not read");
  git_oid oid;
  std::memcpy(oid.id, it->second.oid, 20);
  std::lock_guard lock(m_read);
  git_blob* blob = nullptr;
  if (G().blob_lookup(&blob, m_repo->repo, &oid) != 0) {
    return fail(std::string(path), git_message("cannot read the blob " + hex(oid) + " (a corrupt or missing object)"));
  }
  std::string content;
  auto size = static_cast<std::size_t>(G().blob_rawsize(blob));
  content.reserve(size + k_read_padding);
  content.assign(static_cast<const char*>(G().blob_rawcontent(blob)), size);
  G().blob_free(blob);
  return content;
}

}  // namespace archgate::core
