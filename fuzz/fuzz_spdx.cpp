// Fuzzes the SPDX license-expression parser; a parsed expression must print
// and re-parse to the same canonical text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "analyzers/deps/spdx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace spdx = archgate::deps::spdx;
  auto e = spdx::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (e && e->form == spdx::Form::expression) {
    auto text = e->to_string();
    auto again = spdx::parse(text);
    if (!again || again->to_string() != text) {
      std::abort();
    }
    (void)e->satisfiable([](const spdx::Term& t) { return spdx::match_key(t.id) == "mit"; });
  }
  return 0;
}
