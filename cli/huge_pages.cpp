// Large allocations on transparent huge pages.
//
// archgate is a short-lived process, and on a large lockfile most of its
// system time is the first touch of fresh memory: the 20 MB file buffer, the
// parser's structural index, the graph's vectors. With 4 KB pages that is one
// page fault per 4 KB (13,600 faults for `inventory` on a 20 MB lockfile,
// ~9 us each in a virtual machine: half the run). Linux's default THP policy
// ("madvise") gives 2 MB pages only to memory that asks for them, so every
// allocation of 2 MB or more is placed on a 2 MB boundary and asks for its
// whole huge pages; the partial one at its end stays in 4 KB pages, so a
// buffer costs no more than before. Smaller ones are left alone: a 2 MB page
// for a small buffer would only cost memory. (Vectors reserved ahead of use
// still fill their last touched huge page whole: at most 2 MB each.)
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
#include <new>

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

void* allocate(std::size_t n) noexcept {
  if (n < k_huge_page) return std::malloc(n == 0 ? 1 : n);
  void* p = std::aligned_alloc(k_huge_page, n);
  // Advice only: where the kernel has THP off, or says no, 4 KB pages stay.
  if (p != nullptr) (void)::madvise(p, n & ~(k_huge_page - 1), MADV_HUGEPAGE);
  return p;
}

}  // namespace

namespace archgate::cli {
std::size_t huge_page_alignment() { return k_huge_page; }
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
}  // namespace archgate::cli

#endif
