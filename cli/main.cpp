#include "cli/huge_pages.hpp"
#include <cstdio>

#include <unistd.h>

#include "cli/app.hpp"

int main(int argc, char** argv) {
  // Reports go to stdout in one stream of writes: with stdio's 4 KB buffer
  // on a pipe or file, a 6 MB graph was 1,500 write(2) calls. A terminal
  // keeps its line buffering.
  // (glibc ignores the size unless it is given the buffer.)
  static char buffer[std::size_t{1} << 16];
  if (::isatty(STDOUT_FILENO) == 0) std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  archgate::cli::tune_allocator();
  return archgate::cli::run_app(argc, argv);
}
