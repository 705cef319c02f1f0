#include "core/audit.hpp"

namespace archgate::core {

std::size_t AuditResult::count(Severity s) const {
  std::size_t n = 0;
  for (const auto& f : findings) {
    n += f.severity == s ? 1 : 0;
  }
  return n;
}

}  // namespace archgate::core
