#pragma once
// SPDX license expressions (SPDX 2.3, Annex D) as npm packages write them.
//
//   expression := and ( OR and )*
//   and        := with ( AND with )*
//   with       := primary ( WITH exception-id )?
//   primary    := "(" expression ")" | license-id [ "+" ] | LicenseRef-x | DocumentRef-y:LicenseRef-x
//
// AND binds tighter than OR. Operators are accepted in any case ("mit or
// isc" is common in the wild); ids keep their spelling but compare
// case-insensitively. Ids are checked for syntax only (letters, digits, "."
// and "-"), not against the SPDX license list, so "BSD" parses and simply
// matches nothing a policy names.
//
// Besides expressions, package.json `license` has npm's own values, which
// are whole-string forms here:
//   UNLICENSED             proprietary: nobody may use it
//   SEE LICENSE IN <file>  a custom license in a file of the package
//   NONE / NOASSERTION     SPDX for "no license" / "not stated"; both count as none
//
// Parsing is recursive descent over tokens, with a limit on parenthesis
// depth (64) and length (4096 bytes); it is linear and never throws. The
// tree's evaluation and printing are iterative.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace archgate::deps::spdx {

enum class Form : std::uint8_t {
  none,        // empty, NONE, NOASSERTION
  expression,  // an SPDX expression
  unlicensed,  // UNLICENSED
  see_file     // SEE LICENSE IN <file>
};

// One license term of an expression: `id[+] [WITH exception]`.
struct Term {
  std::string id;         // as written, without "+" ("GPL-2.0", "LicenseRef-Acme")
  bool or_later = false;  // written with "+"
  std::string exception;  // the WITH exception id, "" when none
  bool ref = false;       // LicenseRef-… / DocumentRef-…:LicenseRef-…

  // "GPL-2.0+ WITH Classpath-exception-2.0"
  [[nodiscard]] std::string to_string() const;
};

struct Node {
  enum class Kind : std::uint8_t { term, conj /* AND */, disj /* OR */ } kind = Kind::term;
  Term term;                       // kind == term
  std::uint32_t left = 0, right = 0;  // children (indices into Expression::nodes)
};

struct Expression {
  Form form = Form::none;
  std::string text;          // the input, trimmed
  std::string file;          // see_file: the file named
  std::vector<Node> nodes;   // expression: the tree, root last
  [[nodiscard]] bool empty() const { return nodes.empty(); }
  [[nodiscard]] std::uint32_t root() const { return static_cast<std::uint32_t>(nodes.size() - 1); }

  // Every term, left to right.
  [[nodiscard]] std::vector<const Term*> terms() const;
  // Whether the licensee can comply by choosing licenses for which `ok` is
  // true: an OR needs one side, an AND both. False for forms other than
  // expression.
  [[nodiscard]] bool satisfiable(const std::function<bool(const Term&)>& ok) const;
  // Canonical text: operators upper-case, parentheses only where needed
  // ("MIT OR (Apache-2.0 AND BSD-3-Clause)").
  [[nodiscard]] std::string to_string() const;
};

// Parses a license value. Errors name the problem and the 1-based column,
// e.g. "expected a license id after OR at column 8".
core::Result<Expression> parse(std::string_view text);

// The id a policy compares: lower case, without "+", "-only" and
// "-or-later", so GPL-2.0, GPL-2.0-only, GPL-2.0+ and GPL-2.0-or-later all
// give "gpl-2.0". LicenseRef ids are only lower-cased.
std::string match_key(std::string_view id);

}  // namespace archgate::deps::spdx
