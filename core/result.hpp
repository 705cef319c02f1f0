#pragma once
// Error and Result: how library code reports failures on input.
//
// Anything that can fail because of what a user handed us returns
// Result<T> (std::expected<T, Error>). An Error names the file and, where
// known, the 1-based line and column, plus what was expected. The CLI turns
// an Error into `archgate: error: file:line:col: message` and exit code 2.
#include <expected>
#include <string>
#include <utility>

namespace archgate::core {

struct Error {
  std::string file;     // project-relative (or as given) path; may be empty
  int line = 0;         // 1-based; 0 = unknown
  int column = 0;       // 1-based; 0 = unknown
  std::string message;  // what went wrong / what was expected

  // "file:line:col: message" with the parts that are known.
  [[nodiscard]] std::string to_string() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string file, std::string message, int line = 0,
                                   int column = 0) {
  return std::unexpected<Error>(Error{std::move(file), line, column, std::move(message)});
}

// Fatal problems that end the run (bad usage, unreadable root, unknown
// lockfile format). Thrown by library code only where a Result would have
// to be threaded through many layers; caught once in cli/.
struct FatalError {
  Error error;
};

}  // namespace archgate::core
