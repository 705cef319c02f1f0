#include "core/result.hpp"

namespace archgate::core {

std::string Error::to_string() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) {
        out += ':' + std::to_string(column);
      }
    }
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace archgate::core
