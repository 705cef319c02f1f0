#pragma once
// The JS/TS scanner: one linear pass over a source file that records the
// module references and the facts the architecture rules read, with
// line:column. It is a real lexer — strings, template literals with nested
// substitutions, regular-expression literals vs division, comments, JSX
// elements (text, attributes, expression containers), hashbangs, TypeScript
// generics, `as`/`satisfies` — followed by a shallow reading of the token
// stream (no syntax tree): es-module-lexer is the model.
//
// What it records is a flat list per file:
//   - refs:       import/export-from/require/import()/Worker/triple-slash
//                 references, each with its kind and whether only types use
//                 it (TypeScript elides such an import);
//   - calls:      call sites by callee path ("process.on", "new Queue") with
//                 their literal arguments, the keys of object-literal
//                 arguments, the arity of function arguments, and whether the
//                 call runs at module top level;
//   - members:    member reads whose last segment is of interest
//                 ("req.body", "process.env.PORT");
//   - decorators: `@Body()`, `@Processor('q')`.
//
// Input that does not lex (an unterminated string, comment, template or
// regular expression; unbalanced brackets) sets `error` with its position;
// what was read before it is kept.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::analyzers::source {

enum class Dialect : std::uint8_t {
  js,   // .js .mjs .cjs: JavaScript with JSX allowed where an expression starts
  jsx,  // .jsx
  ts,   // .ts .mts .cts: TypeScript, `<T>x` is a type assertion, not JSX
  tsx,  // .tsx
};

// The dialect a file name implies, or nullopt when it is not JS/TS.
std::optional<Dialect> dialect_for(std::string_view path);

enum class RefKind : std::uint8_t {
  static_import,  // import x from 'm'
  side_effect,    // import 'm'
  reexport,       // export * from 'm' / export { x } from 'm'
  dynamic,        // import('m')
  require,        // require('m'), import x = require('m')
  require_resolve,  // require.resolve('m')
  worker,         // new Worker(new URL('m', import.meta.url))
  reference,      // /// <reference path="m" /> or types="m"
};
std::string_view to_string(RefKind kind);

struct Pos {
  int line = 0;  // 1-based
  int column = 0;  // 1-based, in bytes
};

struct ModuleRef {
  std::string spec;
  RefKind kind = RefKind::static_import;
  // `import type`, `export type`, every specifier inline `type`, or a
  // TypeScript import whose bindings are used only as types (elided).
  bool type_only = false;
  // type_only only because TypeScript would elide it (no `type` keyword):
  // under verbatimModuleSyntax the import stays (analysis.cpp decides).
  bool elided = false;
  bool reference_types = false;  // /// <reference types="..."/> (a package)
  Pos pos;  // of the specifier's string
};

struct ObjectKey {
  std::string path;   // "attempts", "defaultJobOptions.backoff"
  std::string value;  // a literal value ("true", "3", "'x'" unquoted), else empty
};

struct CallFact {
  std::string callee;  // "process.on", "app.listen", "new Queue", "require"
  Pos pos;
  bool top_level = true;  // not inside any function body
  // Literal arguments by position (strings unquoted; numbers, true/false,
  // null as written); an argument that is not a literal is "" and
  // literal_mask says which are literals.
  std::vector<std::string> args;
  std::uint32_t literal_mask = 0;
  std::vector<ObjectKey> keys;  // keys of object-literal arguments, nested
  // Arguments that are a name or a member chain, or a call of one, by
  // position: `app.use(errorHandler)` → {0, "errorHandler"},
  // `r.get('/', users.list)` → {1, "users.list"}, `app.use(errorHandler(o))`
  // → {0, "errorHandler()"}.
  std::vector<std::pair<int, std::string>> idents;
  // For each argument that is a function (arrow or function expression):
  // (argument index, number of parameters).
  std::vector<std::pair<int, int>> fn_arity;
};

struct MemberRead {
  std::string path;  // "req.body", "process.env.PORT"
  Pos pos;
  bool top_level = true;
};

struct DecoratorFact {
  std::string name;  // "Body", "Processor", "nest.Controller"
  std::string arg;   // the first literal argument, unquoted, or empty
  Pos pos;
};

struct ScanNote {
  std::string message;  // "import() with a computed specifier"
  Pos pos;
};

struct ScanError {
  std::string message;  // "unterminated template literal"
  Pos pos;
};

struct ScanOptions {
  // Record calls, member reads and decorators (the checklist's facts); off,
  // only module references are recorded (archgate graph).
  bool facts = true;
  // Member reads are recorded when a segment after the first is one of
  // these (empty: none are recorded).
  std::vector<std::string> member_names = {"body", "params", "query", "headers", "cookies", "env",
                                           "files"};
  // For the <script> of a .vue/.svelte file: the file's text outside its
  // script blocks (the template). An import whose binding the template
  // names (`<VuePdfEmbed>`, `<vue-pdf-embed>`, `{{ format(x) }}`) is used
  // at run time, so TypeScript's elision does not apply to it.
  std::string_view markup;
};

struct FileScan {
  std::vector<ModuleRef> refs;
  std::vector<CallFact> calls;
  std::vector<MemberRead> members;
  std::vector<DecoratorFact> decorators;
  std::vector<ScanNote> notes;
  std::optional<ScanError> error;
  bool use_client = false;  // opens with "use client": a browser module of a React Server Components app
  // `declare module "x"` / `declare module "~icons/*"` (a shim, usually in a
  // .d.ts): TypeScript takes imports of x from the declaration.
  std::vector<std::string> ambient_modules;
};

FileScan scan_source(std::string_view text, Dialect dialect, const ScanOptions& options = {});

// Why a file should not be scanned (minified or generated), or empty.
// Looks at the first 4 KiB and the longest line.
std::string skip_reason(std::string_view text);

}  // namespace archgate::analyzers::source
