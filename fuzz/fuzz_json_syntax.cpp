// Fuzzes JSON validation: the 64-byte block validator and the scanner that
// finds where an error is must give the same verdict on every input, with
// and without trailing commas, and at a small nesting limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/json_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace json = archgate::core::json;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool trailing : {false, true}) {
    for (std::size_t depth : {std::size_t{1024}, std::size_t{3}}) {
      if (json::detail::valid_by_blocks(text, trailing, depth) !=
          !json::detail::scan_for_syntax_error(text, trailing, depth)) {
        std::abort();
      }
    }
  }
  return 0;
}
