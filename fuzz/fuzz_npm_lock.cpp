// Fuzzes the npm lockfile reader: any bytes must give a graph or an Error,
// never a crash, hang or sanitizer report; and reading with the second
// thread (syntax pass, path index and early placing beside the walk) must
// give what reading on one thread gives.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"

namespace {

std::string summary(const archgate::core::Result<archgate::core::DependencyGraph>& g) {
  if (!g) return "error " + g.error().to_string();
  std::string out;
  for (const auto& n : g->nodes) {
    out += std::string(n.path) + '|' + std::string(n.name) + '@' + std::string(n.version) + '|' +
           std::to_string(static_cast<int>(n.role)) + std::to_string(n.dev) + std::to_string(n.optional) + '\n';
  }
  for (const auto& e : g->edges) {
    out += std::to_string(e.from) + ' ' + std::string(e.name) + ' ' + std::to_string(e.to) + ' ' +
           std::to_string(static_cast<int>(e.kind)) + '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace archgate;
  const auto* reader = analyzers::find_reader("package-lock.json", "");
  std::string first;
  for (std::size_t from : {SIZE_MAX, std::size_t{0}}) {
    analyzers::LockfileInput input;
    input.path = "package-lock.json";
    input.content = core::json::padded_copy(std::string_view(reinterpret_cast<const char*>(data), size));
    input.second_thread_from = from;
    auto g = reader->read(input);
    if (g) {
      (void)core::make_inventory(*g);
    }
    auto s = summary(g);
    if (from == SIZE_MAX) {
      first = std::move(s);
    } else if (s != first) {
      std::abort();
    }
  }
  return 0;
}
