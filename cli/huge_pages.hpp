#pragma once

#include <cstddef>

namespace archgate::cli {

// The boundary on which cli/huge_pages.cpp places allocations of at least
// that size (2 MB), asking for transparent huge pages; 0 where the global
// operator new is left alone (sanitizer builds, systems without THP).
std::size_t huge_page_alignment();

// Sets malloc's growth step for the small blocks (once, before any thread
// starts): see cli/huge_pages.cpp.
void tune_allocator();

}  // namespace archgate::cli
