// Large allocations on transparent huge pages.
//
// archgate is a short-lived process, and on a large lockfile most of its
// system time is the first touch of fresh memory: the 20 MB file buffer, the
// parser's structural index, the graph's vectors. With 4 KB pages that is one
// page fault per 4 KB (13,600 faults for `inventory` on a 20 MB lockfile,
// ~9 us each in a virtual machine: half the run). Linux's default THP policy
// ("madvise") gives 2 MB pages only to memory that asks for them, so every
// allocation of 1 MB or more is placed on a 2 MB boundary, rounded up to
// whole 2 MB pages, and asks for them. The rounding matters: the partial
// page at the end of a 3 MB table or a 19.5 MB file buffer was hundreds of
// 4 KB faults each (1,500 of `inventory`'s 2,000 after the first change);
// whole pages cost at most the unused end of one page per block, and hash
// tables size themselves to fill it (core::slots_for). Smaller blocks are
// left alone: a 2 MB page for a small buffer would only cost memory.
// (Vectors reserved ahead of use fill their last touched huge page whole.)
//
// Replacing the global operator new is standard C++; the default array,
// nothrow and sized forms call this one, and the default deletes call
// free(), which releases malloc's and aligned_alloc's memory alike. It is the executable's only,
// so the library and the tests allocate as before; the sanitizer build keeps
// its own allocator (which checks new/delete pairs) untouched.
#include "cli/huge_pages.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include <malloc.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ARCHGATE_KEEP_OPERATOR_NEW 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ARCHGATE_KEEP_OPERATOR_NEW 1
#endif
#endif

#if !defined(ARCHGATE_KEEP_OPERATOR_NEW) && defined(MADV_HUGEPAGE)

namespace {

constexpr std::size_t k_huge_page = std::size_t{2} << 20;

// glibc gives each thread that allocates much a heap of its own: a 64 MB
// mapping aligned to 64 MB, marked in every chunk's header (the
// NON_MAIN_ARENA bit). Advised once per thread, the heap grows on huge pages
// too (glibc does the same with GLIBC_TUNABLES=glibc.malloc.hugetlb=1).
// (The block's address comes as a number: its header lies before it, which
// the compiler would otherwise take for a read out of bounds.)
//
// Advice alone was not enough: glibc makes such a heap writable only as far
// as it has grown, one mprotect() per 4 KB of growth (its top pad applies to
// the main heap only), and the kernel gives a huge page only to a 2 MB range
// that is writable whole. The thread that makes check's 50,000 findings
// made 800 mprotect calls and 1,600 faults of 4 KB (~11 us each here).
// So the rest of the heap is made writable at once, and glibc's record of
// how far it is writable (heap_info.mprotect_size, after the arena, the
// previous heap and the size; the layout of glibc 2.35 on, checked before it
// is written) says so: glibc then never calls mprotect for it, and the heap
// grows on huge pages. The memory is only committed where it is touched.
// Each thread owns its arena while archgate runs fewer threads than glibc's
// arena limit (8 a core), so nothing else writes that record meanwhile.
struct GlibcHeapInfo {
  void* arena;
  void* prev;
  std::size_t size;
  std::size_t mprotect_size;
  std::size_t pagesize;
};

[[gnu::noinline]] void advise_thread_heap(std::uintptr_t block) noexcept {
#if defined(__GLIBC__) && defined(__x86_64__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35))
  thread_local bool advised = false;
  if (advised || block == 0) return;
  advised = true;
  constexpr std::uintptr_t k_non_main_arena = 0x4;
  constexpr std::size_t k_heap_bytes = std::size_t{64} << 20;
  constexpr std::size_t k_page = 4096;
  std::uintptr_t header = 0;
  std::memcpy(&header, reinterpret_cast<const void*>(block - sizeof header), sizeof header);
  if ((header & k_non_main_arena) == 0) return;
  const std::uintptr_t base = block & ~(std::uintptr_t{k_heap_bytes} - 1);
  (void)::madvise(reinterpret_cast<void*>(base), k_heap_bytes, MADV_HUGEPAGE);
  GlibcHeapInfo info{};
  std::memcpy(&info, reinterpret_cast<const void*>(base), sizeof info);
  // The first heap of an arena: the arena follows the heap's header.
  const auto arena = reinterpret_cast<std::uintptr_t>(info.arena);
  const bool looks_right = arena > base && arena - base <= 64 && info.prev == nullptr &&
                           info.pagesize == k_page && info.size <= info.mprotect_size &&
                           info.mprotect_size < k_heap_bytes && info.mprotect_size % k_page == 0;
  if (!looks_right) return;
  if (::mprotect(reinterpret_cast<void*>(base + info.mprotect_size), k_heap_bytes - info.mprotect_size,
                 PROT_READ | PROT_WRITE) != 0) {
    return;
  }
  info.mprotect_size = k_heap_bytes;
  std::memcpy(reinterpret_cast<void*>(base + offsetof(GlibcHeapInfo, mprotect_size)), &info.mprotect_size,
              sizeof info.mprotect_size);
#else
  (void)block;
#endif
}

void* allocate(std::size_t n) noexcept {
  if (n < k_huge_page / 2) {
    void* p = std::malloc(n == 0 ? 1 : n);
    advise_thread_heap(reinterpret_cast<std::uintptr_t>(p));
    return p;
  }
  // (aligned_alloc wants a multiple of the alignment.)
  const std::size_t whole = (n + k_huge_page - 1) & ~(k_huge_page - 1);
  void* p = std::aligned_alloc(k_huge_page, whole);
  // Advice only: where the kernel has THP off, or says no, 4 KB pages stay.
  if (p != nullptr) (void)::madvise(p, whole, MADV_HUGEPAGE);
  return p;
}

}  // namespace

namespace archgate::cli {
std::size_t huge_page_alignment() { return k_huge_page; }

// Small blocks come from malloc's heaps, which grow by 128 KB at a time: a
// thread that makes 50,000 findings (a few hundred bytes each) grew its
// heap some hundred times, each an mprotect or brk call followed by 4 KB
// faults. Growing by 8 MB makes those calls rare; the pages are still
// touched (and counted) only when used.
void tune_allocator() {
#if defined(__GLIBC__)
  (void)::mallopt(M_TOP_PAD, 8 << 20);
#endif
}
}  // namespace archgate::cli

void* operator new(std::size_t n) {
  void* p = allocate(n);
  while (p == nullptr) {
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
    p = allocate(n);
  }
  return p;
}

#else

namespace archgate::cli {
std::size_t huge_page_alignment() { return 0; }
void tune_allocator() {}
}  // namespace archgate::cli

#endif
