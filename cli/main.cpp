#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <sys/mman.h>
#include <unistd.h>

#if defined(ARCHGATE_MIMALLOC)
#include <mimalloc.h>
#endif

#include "cli/app.hpp"

namespace {

#if defined(ARCHGATE_MIMALLOC)
// mimalloc on transparent huge pages (docs/DEPENDENCIES.md, "mimalloc"): a
// run touches tens of MB once, and on a virtual machine every fresh 4 KB
// page is a costly fault; 2 MB pages make 512 times fewer.
//
// mimalloc reads MIMALLOC_LARGE_OS_PAGES while the program loads, before
// main, so the first run sets it and executes itself again (about 2 ms).
// A value the user set, including 0, is kept as it is.
void use_huge_pages(char** argv) {
  const char* set = std::getenv("MIMALLOC_LARGE_OS_PAGES");
  if (set == nullptr) {
    if (::setenv("MIMALLOC_LARGE_OS_PAGES", "1", 0) == 0) ::execv("/proc/self/exe", argv);
    return;  // execv returns only on failure: go on as we are
  }
  if (std::string_view(set) != "1") return;
  // One reserved range for mimalloc's segments, advised for huge pages:
  // segments come from it without a system call each. Address space only
  // (MAP_NORESERVE); memory is taken as it is touched. Without it (a
  // limited address space) mimalloc maps its own.
  constexpr std::size_t k_size = std::size_t{8} << 30;
  constexpr std::size_t k_align = std::size_t{64} << 20;
  void* p = ::mmap(nullptr, k_size + k_align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
  if (p == MAP_FAILED) return;
  auto* start = reinterpret_cast<void*>((reinterpret_cast<std::uintptr_t>(p) + k_align - 1) & ~(k_align - 1));
  ::madvise(start, k_size, MADV_HUGEPAGE);
  mi_manage_os_memory(start, k_size, /*is_committed=*/true, /*is_large=*/false, /*is_zero=*/true, /*numa_node=*/-1);
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if defined(ARCHGATE_MIMALLOC)
  use_huge_pages(argv);
#endif
  // Reports go to stdout in one stream of writes: with stdio's 4 KB buffer
  // on a pipe or file, a 6 MB graph was 1,500 write(2) calls. A terminal
  // keeps its line buffering.
  // (glibc ignores the size unless it is given the buffer.)
  static char buffer[std::size_t{1} << 16];
  if (::isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  return archgate::cli::run_app(argc, argv);
}
