// analyzers/source/lexer: the JS/TS scanner. Every module-reference form, with
// positions; TypeScript import elision; the lexical hard cases (strings,
// templates, comments, regular expressions vs division, JSX, generics) that
// must neither invent references nor fail; errors and their positions; the
// facts (calls, object keys, arity, member reads, decorators); dialects and
// skip reasons.
//
// Expected positions are computed from the input text (the 1-based line and
// byte column of a needle), never copied from the scanner's output.
#include <catch2/catch.hpp>
#include <map>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/source/lexer.hpp"

namespace src = archgate::analyzers::source;
using src::Dialect;
using src::FileScan;
using src::ModuleRef;
using src::RefKind;
using src::ScanOptions;

namespace {

FileScan scan(std::string_view text, Dialect d = Dialect::js, const ScanOptions& o = {}) {
  return src::scan_source(text, d, o);
}

std::string at(src::Pos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

// "line:column" (1-based, bytes) of the nth occurrence of `needle` in `text`.
std::string pos_of(std::string_view text, std::string_view needle, int nth = 0) {
  std::size_t off = text.find(needle);
  for (int i = 0; i < nth && off != std::string_view::npos; ++i) off = text.find(needle, off + 1);
  if (off == std::string_view::npos) return "needle not found: " + std::string(needle);
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < off; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(off - line_start + 1);
}

// A readable summary of a scan for failure messages (INFO only).
std::string describe(const FileScan& s) {
  std::string out = "refs:";
  for (const auto& r : s.refs) {
    out += " [" + r.spec + " " + std::string(src::to_string(r.kind)) + (r.type_only ? " type" : "") + " @" +
           at(r.pos) + "]";
  }
  out += "\ncalls:";
  for (const auto& c : s.calls) {
    out += " [" + c.callee + " @" + at(c.pos) + (c.top_level ? " top" : " nested") + " args=";
    for (const auto& a : c.args) out += "'" + a + "',";
    out += " mask=" + std::to_string(c.literal_mask) + " keys=";
    for (const auto& k : c.keys) out += k.path + "=" + k.value + ",";
    out += " arity=";
    for (const auto& [i, n] : c.fn_arity) out += "(" + std::to_string(i) + "," + std::to_string(n) + ")";
    out += "]";
  }
  out += "\nmembers:";
  for (const auto& m : s.members) out += " [" + m.path + " @" + at(m.pos) + (m.top_level ? " top" : " nested") + "]";
  out += "\ndecorators:";
  for (const auto& d : s.decorators) out += " [" + d.name + "('" + d.arg + "') @" + at(d.pos) + "]";
  out += "\nnotes:";
  for (const auto& n : s.notes) out += " [" + n.message + " @" + at(n.pos) + "]";
  if (s.error) out += "\nerror: " + s.error->message + " @" + at(s.error->pos);
  return out;
}

const ModuleRef* find_ref(const FileScan& s, std::string_view spec) {
  for (const auto& r : s.refs) {
    if (r.spec == spec) return &r;
  }
  return nullptr;
}

int count_refs(const FileScan& s, std::string_view spec) {
  return static_cast<int>(std::count_if(s.refs.begin(), s.refs.end(), [&](const auto& r) { return r.spec == spec; }));
}

const src::CallFact* find_call(const FileScan& s, std::string_view callee, int nth = 0) {
  for (const auto& c : s.calls) {
    if (c.callee == callee && nth-- == 0) return &c;
  }
  return nullptr;
}

const src::MemberRead* find_member(const FileScan& s, std::string_view path) {
  for (const auto& m : s.members) {
    if (m.path == path) return &m;
  }
  return nullptr;
}

const src::ObjectKey* find_key(const src::CallFact& c, std::string_view path) {
  for (const auto& k : c.keys) {
    if (k.path == path) return &k;
  }
  return nullptr;
}

const src::DecoratorFact* find_decorator(const FileScan& s, std::string_view name) {
  for (const auto& d : s.decorators) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

bool has_arity(const src::CallFact& c, int arg, int params) {
  return std::find(c.fn_arity.begin(), c.fn_arity.end(), std::pair<int, int>{arg, params}) != c.fn_arity.end();
}

// Checks one reference: present once, of `kind`, type-only or not, and at the
// position of `needle` (its quoted string) in `text`.
void expect_ref(const FileScan& s, std::string_view text, std::string_view spec, RefKind kind, bool type_only,
                std::string_view needle) {
  INFO("spec " << spec << "\n" << describe(s));
  CHECK(count_refs(s, spec) == 1);
  const auto* r = find_ref(s, spec);
  REQUIRE(r != nullptr);
  CHECK(r->kind == kind);
  CHECK(r->type_only == type_only);
  CHECK(r->reference_types == false);
  CHECK(at(r->pos) == pos_of(text, needle));
}

// The lexical hard cases: `code` must lex without error and without any
// reference, and an import placed after it must still be found, on the right
// line and column.
void expect_clean_then_import(const std::string& code, Dialect d) {
  std::string text = code + "\nimport after from './after';\nafter();\n";
  auto s = scan(text, d);
  INFO("input:\n" << text << "\n" << describe(s));
  CHECK_FALSE(s.error.has_value());
  CHECK(s.refs.size() == 1);
  const auto* r = find_ref(s, "./after");
  REQUIRE(r != nullptr);
  CHECK(r->kind == RefKind::static_import);
  CHECK(at(r->pos) == pos_of(text, "'./after'"));
}

// TypeScript elision: `code` imports `./foo`; checks its type_only flag.
void expect_foo(const std::string& code, bool type_only, Dialect d = Dialect::ts) {
  auto s = scan(code, d);
  INFO("input:\n" << code << "\n" << describe(s));
  CHECK_FALSE(s.error.has_value());
  const auto* r = find_ref(s, "./foo");
  REQUIRE(r != nullptr);
  CHECK(r->kind == RefKind::static_import);
  CHECK(r->type_only == type_only);
}

// An error: set, with a message containing `message`, at the position of
// `needle` (nth occurrence) in `text`.
void expect_error(const FileScan& s, std::string_view text, std::string_view message, std::string_view needle,
                  int nth = 0) {
  INFO("input:\n" << text << "\n" << describe(s));
  REQUIRE(s.error.has_value());
  CHECK_FALSE(s.error->message.empty());
  CHECK_THAT(s.error->message, Catch::Contains(std::string(message)));
  CHECK(at(s.error->pos) == pos_of(text, needle, nth));
}

}  // namespace

// ===================================================================== refs

TEST_CASE("lexer: static import, default binding", "[lexer][refs]") {
  std::string text = "import express from 'express';\nexpress();\n";
  auto s = scan(text, Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  expect_ref(s, text, "express", RefKind::static_import, false, "'express'");
  CHECK(at(s.refs[0].pos) == "1:21");
}

TEST_CASE("lexer: static import, named bindings with renames", "[lexer][refs]") {
  std::string text = "import { readFile, writeFile as wf } from \"node:fs/promises\";\n";
  auto s = scan(text, Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  expect_ref(s, text, "node:fs/promises", RefKind::static_import, false, "\"node:fs/promises\"");
}

TEST_CASE("lexer: static import, namespace binding", "[lexer][refs]") {
  std::string text = "import * as path from 'path';\npath.join('a');\n";
  auto s = scan(text, Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  expect_ref(s, text, "path", RefKind::static_import, false, "'path'");
}

TEST_CASE("lexer: static import, combined default + named and default + namespace", "[lexer][refs]") {
  std::string text =
      "import React, { useState, useEffect } from 'react';\n"
      "import lib, * as all from './lib.js';\n"
      "React.render(lib, all, useState, useEffect);\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 2);
    expect_ref(s, text, "react", RefKind::static_import, false, "'react'");
    expect_ref(s, text, "./lib.js", RefKind::static_import, false, "'./lib.js'");
    CHECK(s.refs[0].spec == "react");  // in source order
  }
}

TEST_CASE("lexer: static import across lines", "[lexer][refs]") {
  std::string text = "import {\n  a,\n  b,\n} from\n  './multi';\nconsole.log(a, b);\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  expect_ref(s, text, "./multi", RefKind::static_import, false, "'./multi'");
  CHECK(at(find_ref(s, "./multi")->pos) == "5:3");
}

TEST_CASE("lexer: side-effect import", "[lexer][refs]") {
  std::string text = "import './polyfills';\nimport \"reflect-metadata\";\n";
  for (auto d : {Dialect::js, Dialect::ts, Dialect::tsx, Dialect::jsx}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 2);
    expect_ref(s, text, "./polyfills", RefKind::side_effect, false, "'./polyfills'");
    expect_ref(s, text, "reflect-metadata", RefKind::side_effect, false, "\"reflect-metadata\"");
  }
}

TEST_CASE("lexer: import type is type-only", "[lexer][refs][ts]") {
  std::string text =
      "import type { Request } from 'express';\n"
      "import type Koa from 'koa';\n"
      "import type * as Types from './types';\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 3);
  expect_ref(s, text, "express", RefKind::static_import, true, "'express'");
  expect_ref(s, text, "koa", RefKind::static_import, true, "'koa'");
  expect_ref(s, text, "./types", RefKind::static_import, true, "'./types'");
}

TEST_CASE("lexer: import type even when the binding is used as a value is type-only", "[lexer][refs][ts]") {
  std::string text = "import type { Foo } from './foo';\nnew Foo();\n";
  expect_foo(text, true);
}

TEST_CASE("lexer: inline type specifiers, all inline type is type-only", "[lexer][refs][ts]") {
  std::string text = "import { type A, type B as C } from './foo';\nexport const x = 1;\n";
  expect_foo(text, true);
}

TEST_CASE("lexer: inline type specifiers, mixed with a value binding is not type-only", "[lexer][refs][ts]") {
  std::string text = "import { type A, B } from './foo';\nB();\n";
  expect_foo(text, false);
}

TEST_CASE("lexer: export * from", "[lexer][refs]") {
  std::string text = "export * from './a';\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 1);
    expect_ref(s, text, "./a", RefKind::reexport, false, "'./a'");
  }
}

TEST_CASE("lexer: export * as ns from", "[lexer][refs]") {
  std::string text = "export * as utils from './utils';\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 1);
    expect_ref(s, text, "./utils", RefKind::reexport, false, "'./utils'");
  }
}

TEST_CASE("lexer: export { a } from, with renames and default", "[lexer][refs]") {
  std::string text =
      "export { a } from './a';\n"
      "export { b as c, default } from './b';\n"
      "export { default as D } from './d';\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 3);
    expect_ref(s, text, "./a", RefKind::reexport, false, "'./a'");
    expect_ref(s, text, "./b", RefKind::reexport, false, "'./b'");
    expect_ref(s, text, "./d", RefKind::reexport, false, "'./d'");
  }
}

TEST_CASE("lexer: export type { A } from is type-only; export { type A, B } from is not", "[lexer][refs][ts]") {
  std::string text =
      "export type { A } from './types-a';\n"
      "export { type B } from './types-b';\n"
      "export { type C, D } from './mixed';\n"
      "export type * from './types-star';\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 4);
  expect_ref(s, text, "./types-a", RefKind::reexport, true, "'./types-a'");
  expect_ref(s, text, "./types-b", RefKind::reexport, true, "'./types-b'");
  expect_ref(s, text, "./mixed", RefKind::reexport, false, "'./mixed'");
  expect_ref(s, text, "./types-star", RefKind::reexport, true, "'./types-star'");
}

TEST_CASE("lexer: export declarations without from make no reference", "[lexer][refs]") {
  std::string text =
      "const a = 1, b = 2;\n"
      "export { a, b as c };\n"
      "export default function main() { return a; }\n"
      "export const from = 'x';\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.refs.empty());
}

TEST_CASE("lexer: import x = require('m')", "[lexer][refs][ts]") {
  std::string text = "import fs = require('fs');\nfs.readFileSync('x');\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  expect_ref(s, text, "fs", RefKind::require, false, "'fs'");
}

TEST_CASE("lexer: import x = require('m') used only as a type is elided", "[lexer][refs][ts]") {
  std::string text = "import http = require('http');\nlet s: http.Server;\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  expect_ref(s, text, "http", RefKind::require, true, "'http'");
}

TEST_CASE("lexer: require('m') in its usual shapes", "[lexer][refs]") {
  std::string text =
      "const fs = require('fs');\n"
      "const { join } = require(\"path\");\n"
      "const x = require('./x').default;\n"
      "function lazy() { return require('lazy-mod'); }\n"
      "module.require('via-module');\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 5);
    expect_ref(s, text, "fs", RefKind::require, false, "'fs'");
    expect_ref(s, text, "path", RefKind::require, false, "\"path\"");
    expect_ref(s, text, "./x", RefKind::require, false, "'./x'");
    expect_ref(s, text, "lazy-mod", RefKind::require, false, "'lazy-mod'");
    expect_ref(s, text, "via-module", RefKind::require, false, "'via-module'");
    CHECK(s.notes.empty());
  }
}

TEST_CASE("lexer: require with a computed specifier gives a note and no reference", "[lexer][refs]") {
  std::string text = "const name = 'x';\nconst m = require(name);\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.refs.empty());
  REQUIRE(s.notes.size() == 1);
  CHECK_THAT(s.notes[0].message, Catch::Contains("require"));
  CHECK(at(s.notes[0].pos) == pos_of(text, "require"));
}

TEST_CASE("lexer: require.resolve('m')", "[lexer][refs]") {
  std::string text = "const p = require.resolve('pkg/package.json');\n";
  auto s = scan(text, Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  expect_ref(s, text, "pkg/package.json", RefKind::require_resolve, false, "'pkg/package.json'");
}

TEST_CASE("lexer: dynamic import('m')", "[lexer][refs]") {
  std::string text =
      "async function load() {\n"
      "  const m = await import('./lazy.js');\n"
      "  return import(\"chalk\").then(c => c.default);\n"
      "}\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    REQUIRE(s.refs.size() == 2);
    expect_ref(s, text, "./lazy.js", RefKind::dynamic, false, "'./lazy.js'");
    expect_ref(s, text, "chalk", RefKind::dynamic, false, "\"chalk\"");
    CHECK(s.notes.empty());
  }
}

TEST_CASE("lexer: computed import(x) gives a note and no reference", "[lexer][refs]") {
  std::string text = "const name = './plugins/' + id;\nconst m = await import(name);\nconst n = import(`./x/${id}`);\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.refs.empty());
  REQUIRE(s.notes.size() == 2);
  CHECK_THAT(s.notes[0].message, Catch::Contains("import()"));
  CHECK(at(s.notes[0].pos) == pos_of(text, "import"));
  CHECK(at(s.notes[1].pos) == pos_of(text, "import", 1));
}

TEST_CASE("lexer: import.meta is neither a reference nor a note", "[lexer][refs]") {
  std::string text = "const here = import.meta.url;\nconst d = import.meta.dirname;\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.refs.empty());
  CHECK(s.notes.empty());
}

TEST_CASE("lexer: typeof import('m') in a type is a type-only dynamic reference", "[lexer][refs][ts]") {
  std::string text =
      "type Mod = typeof import('./mod');\n"
      "let cfg: typeof import('./config') | undefined;\n"
      "const real = import('./real');\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 3);
  expect_ref(s, text, "./mod", RefKind::dynamic, true, "'./mod'");
  expect_ref(s, text, "./config", RefKind::dynamic, true, "'./config'");
  expect_ref(s, text, "./real", RefKind::dynamic, false, "'./real'");
}

TEST_CASE("lexer: new Worker(new URL('./w.js', import.meta.url)) is a worker reference", "[lexer][refs]") {
  std::string text =
      "const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });\n"
      "const s = new SharedWorker(new URL(\"./shared.js\", import.meta.url));\n"
      "const u = new URL('./asset.png', import.meta.url);\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    CHECK_FALSE(s.error);
    INFO(describe(s));
    CHECK(s.refs.size() == 2);
    expect_ref(s, text, "./worker.js", RefKind::worker, false, "'./worker.js'");
    expect_ref(s, text, "./shared.js", RefKind::worker, false, "\"./shared.js\"");
    CHECK(find_ref(s, "./asset.png") == nullptr);  // a URL outside a Worker is not a module
  }
}

TEST_CASE("lexer: triple-slash reference path and types", "[lexer][refs]") {
  std::string text =
      "/// <reference path=\"./globals.d.ts\" />\n"
      "/// <reference types='node' />\n"
      "import x from './x';\n"
      "x();\n";
  auto s = scan(text, Dialect::ts);
  CHECK_FALSE(s.error);
  INFO(describe(s));
  REQUIRE(s.refs.size() == 3);
  const auto* p = find_ref(s, "./globals.d.ts");
  REQUIRE(p != nullptr);
  CHECK(p->kind == RefKind::reference);
  CHECK_FALSE(p->reference_types);
  CHECK(at(p->pos) == pos_of(text, "\"./globals.d.ts\""));
  const auto* t = find_ref(s, "node");
  REQUIRE(t != nullptr);
  CHECK(t->kind == RefKind::reference);
  CHECK(t->reference_types);
  CHECK(at(t->pos) == pos_of(text, "'node'"));
  expect_ref(s, text, "./x", RefKind::static_import, false, "'./x'");
}

TEST_CASE("lexer: triple-slash directives after the first token and plain // comments are ignored",
          "[lexer][refs]") {
  std::string text =
      "// <reference path=\"./two-slashes.d.ts\" />\n"
      "const a = 1;\n"
      "/// <reference path=\"./late.d.ts\" />\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.refs.empty());
}

TEST_CASE("lexer: reference positions are 1-based line:column of the specifier string", "[lexer][refs]") {
  std::string text =
      "'use strict';\n"
      "\n"
      "  import a from 'mod-a';\n"
      "\tconst b = require( 'mod-b' );\n"
      "export * from     \"mod-c\";\n"
      "if (x) { import('mod-d'); }\n";
  auto s = scan(text, Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 4);
  CHECK(s.refs[0].spec == "mod-a");
  CHECK(at(s.refs[0].pos) == "3:17");
  CHECK(s.refs[1].spec == "mod-b");
  CHECK(at(s.refs[1].pos) == "4:21");
  CHECK(s.refs[2].spec == "mod-c");
  CHECK(at(s.refs[2].pos) == "5:19");
  CHECK(s.refs[3].spec == "mod-d");
  CHECK(at(s.refs[3].pos) == "6:17");
}

TEST_CASE("lexer: to_string names every RefKind", "[lexer][refs]") {
  CHECK(src::to_string(RefKind::static_import) == "static");
  CHECK(src::to_string(RefKind::side_effect) == "side-effect");
  CHECK(src::to_string(RefKind::reexport) == "reexport");
  CHECK(src::to_string(RefKind::dynamic) == "dynamic");
  CHECK(src::to_string(RefKind::require) == "require");
  CHECK(src::to_string(RefKind::require_resolve) == "require-resolve");
  CHECK(src::to_string(RefKind::worker) == "worker");
  CHECK(src::to_string(RefKind::reference) == "reference");
}

// ============================================================ TS elision

TEST_CASE("lexer: elision, unused import is elided in TypeScript", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport const x = 1;\n", true);
}

TEST_CASE("lexer: elision with many imports: a value use keeps only its own import", "[lexer][elision]") {
  // Seventy imports fill the 64-bit name filter; once an import is used as
  // a value its names leave the set, and the others are still judged.
  std::string code;
  for (int i = 0; i < 70; ++i) code += "import { N" + std::to_string(i) + " } from './m" + std::to_string(i) + "';\n";
  code += "let a: N1 = N0;\n";          // m0 value, m1 type
  code += "export function f(x: N2) { return N3(x) as N4; }\n";  // m3 value; m2, m4 type
  code += "const b = [N69, N0, N0];\n";  // m69 value (after m0 left the set)
  auto r = src::scan_source(code, Dialect::ts);
  REQUIRE(r.refs.size() == 70);
  for (int i = 0; i < 70; ++i) {
    INFO("m" << i);
    bool value = i == 0 || i == 3 || i == 69;
    CHECK(r.refs[static_cast<std::size_t>(i)].type_only == !value);
  }
}

TEST_CASE("lexer: elision, variable and parameter annotations are type uses", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nlet x: Foo;\nfunction f(a: Foo, b?: Foo): void {}\n", true);
}

TEST_CASE("lexer: elision, generic arguments are type uses", "[lexer][elision]") {
  expect_foo(
      "import { Foo } from './foo';\n"
      "async function f(): Promise<Foo> { return load<Foo>(); }\n"
      "const m = new Map<string, Foo[]>();\n",
      true);
}

TEST_CASE("lexer: elision, `as` casts are type uses", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nconst y = JSON.parse(s) as Foo;\nconst z = <Foo>y;\n", true);
}

TEST_CASE("lexer: elision, `satisfies` is a type use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport const cfg = { a: 1 } satisfies Foo;\n", true);
}

TEST_CASE("lexer: elision, `implements` is a type use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport class A implements Foo {\n  run() {}\n}\n", true);
}

TEST_CASE("lexer: elision, interface bodies and extends are type uses", "[lexer][elision]") {
  expect_foo(
      "import { Foo, Bar } from './foo';\n"
      "interface I extends Bar {\n  a: Foo;\n  b(): Foo;\n  c: Array<Foo>;\n}\n",
      true);
}

TEST_CASE("lexer: elision, type aliases are type uses", "[lexer][elision]") {
  expect_foo(
      "import { Foo } from './foo';\n"
      "type X = Foo | null;\n"
      "export type Y<T = Foo> = { a: Foo; b: (x: Foo) => Foo };\n"
      "const v = 1;\n",
      true);
}

TEST_CASE("lexer: elision, object type literals are type uses", "[lexer][elision]") {
  expect_foo(
      "import { Foo } from './foo';\n"
      "let x: { a: Foo; b: { c: Foo } } = make();\n"
      "function g(opts: { foo: Foo }) {}\n",
      true);
}

TEST_CASE("lexer: elision, function return types are type uses", "[lexer][elision]") {
  expect_foo(
      "import { Foo } from './foo';\n"
      "function f(): Foo { return null as any; }\n"
      "const g = (): Foo => make();\n"
      "class C { m(): Foo { return make(); } }\n",
      true);
}

TEST_CASE("lexer: elision, a call is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nlet x: Foo = Foo();\n", false);
}

TEST_CASE("lexer: elision, `new` is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nconst x = new Foo();\n", false);
}

TEST_CASE("lexer: elision, class extends is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport class Bar extends Foo {}\n", false);
}

TEST_CASE("lexer: elision, a JSX element is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport const App = () => <Foo />;\n", false, Dialect::tsx);
  expect_foo("import * as UI from './foo';\nexport const App = () => <div><UI.Button>x</UI.Button></div>;\n", false,
             Dialect::tsx);
}

TEST_CASE("lexer: elision, a decorator is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\n@Foo()\nexport class Service {}\n", false);
}

TEST_CASE("lexer: elision, export { Foo } is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport { Foo };\n", false);
}

TEST_CASE("lexer: elision, shorthand object property is a value use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport const registry = { Foo };\n", false);
}

TEST_CASE("lexer: elision, ternary branches are value uses", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nimport { Bar } from './bar';\nconst Z = c ? Foo : Bar;\n", false);
  expect_foo("import { Bar } from './bar';\nimport { Foo } from './foo';\nconst Z = c ? Bar : Foo;\n", false);
}

TEST_CASE("lexer: elision, a value use after type uses keeps the import", "[lexer][elision]") {
  expect_foo(
      "import { Foo } from './foo';\n"
      "let a: Foo;\n"
      "function f(x: Foo): Foo { return x; }\n"
      "console.log(Foo.name);\n",
      false);
}

TEST_CASE("lexer: elision, a property named like the import is not a use", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nlet x: Foo;\nobj.Foo();\n", true);
}

TEST_CASE("lexer: elision, a value use after a statement label", "[lexer][elision]") {
  // Regression (was a bug): in TypeScript a label's ':' (`outer: for ...`) is taken for a type
  // annotation colon, so the value use that follows counts as a type use and
  // the import is elided. Input below: expected type_only false, before the fix: true.
  expect_foo("import { Foo } from './foo';\nouter: for (const x of Foo) { break outer; }\n", false);
}

TEST_CASE("lexer: elision, .js files never elide", "[lexer][elision]") {
  expect_foo("import { Foo } from './foo';\nexport const x = 1;\n", false, Dialect::js);
  expect_foo("import Foo from './foo';\n", false, Dialect::jsx);
  auto s = scan("import a, { b } from './foo';\nimport * as ns from './bar';\n", Dialect::js);
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 2);
  CHECK_FALSE(s.refs[0].type_only);
  CHECK_FALSE(s.refs[1].type_only);
}

// ==================================================== lexical hard cases

TEST_CASE("lexer: import-looking text in strings", "[lexer][lexical]") {
  expect_clean_then_import(
      "const a = \"import x from 'no-1'\";\n"
      "const b = 'require(\"no-2\")';\n"
      "const c = 'it\\'s import(\"no-3\")';\n"
      "const d = \"say \\\"import 'no-4'\\\"\";",
      Dialect::js);
}

TEST_CASE("lexer: a line continuation inside a string keeps line numbers", "[lexer][lexical]") {
  // Regression (was a bug): a backslash-newline inside a '...' or "..." string counts the
  // newline twice (lexer.cpp string loop calls newline_at for the same '\n'
  // in two consecutive checks), so every position after it is one line too
  // far. Input (JS): a string `'line \<LF> continued'` on lines 1-2, then
  // `import after from './after';` on line 3 — expected the ref at 3:19,
  // actual 4:19. (A CRLF continuation is counted once.)
  expect_clean_then_import("const e = 'line \\\n continued import \"no-5\"';", Dialect::js);
}

TEST_CASE("lexer: CRLF line endings give the same positions", "[lexer][lexical]") {
  std::string text =
      "import a from 'a';\r\n"
      "const b = require('b');\r\n"
      "/* x\r\n */ import('c');\r\n"
      "const t = `x\r\ny`; const e = 'p \\\r\n q'; require('d');\r\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 4);
  CHECK(at(s.refs[0].pos) == "1:15");
  CHECK(at(s.refs[1].pos) == "2:19");
  CHECK(at(s.refs[2].pos) == "4:12");
  CHECK(s.refs[3].spec == "d");
  CHECK(at(s.refs[3].pos) == pos_of(text, "'d'"));
}

TEST_CASE("lexer: import-looking text in template literals", "[lexer][lexical]") {
  expect_clean_then_import(
      "const t = `import x from 'no-1'`;\n"
      "const u = `multi\nline require('no-2')\n`;\n"
      "const v = `escaped \\` import('no-3') \\${ not a substitution }`;",
      Dialect::js);
}

TEST_CASE("lexer: nested template substitutions with inner templates", "[lexer][lexical]") {
  expect_clean_then_import(
      "const t = `a ${ `b ${ c + `import('no-1')` } require('no-2')` } d import 'no-3'`;\n"
      "const o = `${ { k: `}` }.k } import('no-4') ${ fn({ a: 1 }) }`;\n"
      "const r = `${ x / 2 } / ${ /re'/.test(y) } import('no-5')`;",
      Dialect::js);
}

TEST_CASE("lexer: import-looking text in comments", "[lexer][lexical]") {
  expect_clean_then_import(
      "// import x from 'no-1'\n"
      "/* require('no-2') */\n"
      "/**\n * import('no-3')\n * export * from 'no-4'\n */\n"
      "const a = 1; // it's a comment with a quote\n"
      "const b = /* ' */ 2;",
      Dialect::ts);
}

TEST_CASE("lexer: regular-expression literals containing quotes and import text", "[lexer][lexical]") {
  expect_clean_then_import(
      "const r1 = /import 'x'/;\n"
      "const r2 = /[/]'/g;\n"
      "const r3 = s.replace(/'/g, '');\n"
      "let r4; r4 = /\"/;\n"
      "function f(s) { return /'/.test(s); }\n"
      "if (x) /'/.test(y);\n"
      "const r5 = [/'/, /\\/'/];\n"
      "const r6 = x ? /'/ : /\"/;\n"
      "const r7 = !/'/.test(s) && typeof /'/;",
      Dialect::js);
}

TEST_CASE("lexer: division is not a regular expression", "[lexer][lexical]") {
  // Each line fails to lex (an unterminated regular expression) if its
  // '/' is read as the start of a regex.
  expect_clean_then_import(
      "const q1 = a / b;\n"
      "const q2 = (a + b) / 2;\n"
      "const q3 = f(x) / 2;\n"
      "const q4 = arr[0] / 2;\n"
      "const q5 = obj.return / 2;\n"
      "const q6 = this.value / 3;\n"
      "const q7 = 10 / 3;\n"
      "const q8 = 'a'.length / 2;\n"
      "let q9 = a; q9 /= 2;",
      Dialect::js);
}

TEST_CASE("lexer: a / b / c is two divisions", "[lexer][lexical]") {
  std::string text = "const q = a / f(1) / g(2);\nconst r = x / y / z;\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(find_call(s, "f") != nullptr);
  CHECK(find_call(s, "g") != nullptr);
}

TEST_CASE("lexer: postfix increment followed by division", "[lexer][lexical]") {
  // Regression (was a bug): `i++ / 2` — '/' after a postfix `++`/`--` is a division, but the
  // tokenizer treats every punctuator as regex-allowing, so `/ 2;` is read as
  // a regex and fails with "unterminated regular expression".
  expect_clean_then_import("let i = 0;\nconst h = i++ / 2;\nconst k = i-- / 2;", Dialect::js);
}

TEST_CASE("lexer: JSX text with quotes, apostrophes and //", "[lexer][lexical][jsx]") {
  for (auto d : {Dialect::js, Dialect::jsx, Dialect::tsx}) {
    expect_clean_then_import(
        "export function P() {\n"
        "  return <p>Don't \"quote\" me // not a comment, see http://x.y/z /* nor this */ import 'no'</p>;\n"
        "}",
        d);
  }
}

TEST_CASE("lexer: JSX attribute strings", "[lexer][lexical][jsx]") {
  for (auto d : {Dialect::jsx, Dialect::tsx}) {
    expect_clean_then_import(
        "const a = <a href=\"it's\" title='say \"hi\"' data-x=\"/*\" data-y='//' data-z=\"a > b\">link's</a>;\n"
        "const b = <input value=\"{not an expression}\" disabled />;",
        d);
  }
}

TEST_CASE("lexer: JSX expression containers with nested JSX", "[lexer][lexical][jsx]") {
  for (auto d : {Dialect::jsx, Dialect::tsx}) {
    expect_clean_then_import(
        "const list = (\n"
        "  <ul className={cx('a', { b: c > 1 })}>\n"
        "    {items.map(i => <li key={i.id} onClick={() => a > b && go(i)}>{i.name}'s {`t ${i}`}</li>)}\n"
        "    {cond ? <b>it's</b> : <i>\"no\"</i>}\n"
        "    {/* it's a comment */}\n"
        "    <Child {...props} render={() => <span>{'}'}</span>} />\n"
        "  </ul>\n"
        ");",
        d);
  }
}

TEST_CASE("lexer: JSX fragments", "[lexer][lexical][jsx]") {
  for (auto d : {Dialect::jsx, Dialect::tsx}) {
    expect_clean_then_import(
        "const f = <><A /><B>text's</B>{x && <>don't</>}</>;\n"
        "function g() { return <>\n  <p>it's</p>\n</>; }",
        d);
  }
}

TEST_CASE("lexer: JSX member and namespaced tag names", "[lexer][lexical][jsx]") {
  expect_clean_then_import(
      "const a = <Foo.Bar x=\"1\">it's</Foo.Bar>;\n"
      "const b = <svg:rect width=\"1\" />;\n"
      "const c = <my-element>don't</my-element>;",
      Dialect::jsx);
}

TEST_CASE("lexer: TSX generic arrow functions", "[lexer][lexical][tsx]") {
  expect_clean_then_import(
      "const id = <T,>(x: T) => x;\n"
      "const first = <T extends unknown[]>(xs: T) => xs[0];\n"
      "const q = 'it\\'s';",
      Dialect::tsx);
}

// A generic function type in a .tsx interface read as JSX hid the rest of
// the file (seen in a real React app's API client typings).
TEST_CASE("lexer: TSX generic function types in types and annotations are not JSX", "[lexer][lexical][tsx]") {
  expect_clean_then_import(
      "export interface C {\n"
      "  logout: () => Promise<void>;\n"
      "  apiCall: <T>(url: string) => Promise<T>;\n"
      "}\n"
      "type G = { run: <K>(k: K) => void };\n"
      "const f: <T>(x: T) => T = (x) => x;\n"
      "const o = { a: <b>it's</b> };\n"
      "const el = cond ? <div>it's</div> : <span a=\"1\" />;",
      Dialect::tsx);
}

TEST_CASE("lexer: TSX generic components", "[lexer][lexical][tsx]") {
  expect_clean_then_import(
      "const el = <Select<Option> value={v} onChange={(o: Option) => set(o)} />;\n"
      "const el2 = <List<Map<string, Item>> items={m}>it's</List>;",
      Dialect::tsx);
}

TEST_CASE("lexer: TypeScript angle-bracket assertions and generics are not JSX in .ts", "[lexer][lexical][ts]") {
  expect_clean_then_import(
      "const v = <string>someValue;\n"
      "const w = <Array<number>>(<unknown>x);\n"
      "function id<T>(x: T): T { return x; }\n"
      "const m = new Map<string, Set<number>>();\n"
      "if (a < b && c > d) { f(a >> 1, b >>> 2); }",
      Dialect::ts);
}

TEST_CASE("lexer: comparisons are not JSX in .js", "[lexer][lexical]") {
  expect_clean_then_import(
      "for (let i = 0; i <n; i++) { if (a<b) go(i); }\n"
      "const ok = x < y && y > z;\n"
      "const s = \"it's\";",
      Dialect::js);
}

TEST_CASE("lexer: hashbang line", "[lexer][lexical]") {
  std::string text = "#!/usr/bin/env node --import 'no'\nimport after from './after';\nafter();\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "./after");
  CHECK(at(s.refs[0].pos) == "2:19");
}

TEST_CASE("lexer: optional chaining", "[lexer][lexical]") {
  expect_clean_then_import(
      "const v = a?.b ?? c?.d.e;\n"
      "const w = arr?.[0] / 2;\n"
      "const x = fn?.() / 2;\n"
      "const y = cond?.5:1;\n"
      "const z = cond ? 'it\\'s' : \"no\";",
      Dialect::ts);
}

TEST_CASE("lexer: optional parameters and properties", "[lexer][lexical][ts]") {
  expect_clean_then_import(
      "function f(a?: string, b?: number): void {}\n"
      "const g = (x?: number) => x;\n"
      "interface O { p?: string; m?(): void }\n"
      "class K { q?: number; r!: string; }",
      Dialect::ts);
}

TEST_CASE("lexer: class private names", "[lexer][lexical]") {
  expect_clean_then_import(
      "class K {\n"
      "  #x = 1;\n"
      "  static #count = 0;\n"
      "  #inc() { return this.#x++; }\n"
      "  get half() { return this.#x / 2; }\n"
      "  has(o) { return #x in o; }\n"
      "}",
      Dialect::js);
}

TEST_CASE("lexer: numeric literals", "[lexer][lexical]") {
  expect_clean_then_import(
      "const a = 1e-5 / 2;\n"
      "const b = 0x1F / 3;\n"
      "const c = 1.5e+10 / 4;\n"
      "const d = .5 / 1;\n"
      "const e = 1_000_000 / 3;\n"
      "const f = 10n / 2n;\n"
      "const g = 0b1010 / 0o17;\n"
      "const h = 1..toString() / 2;",
      Dialect::js);
}

TEST_CASE("lexer: a byte order mark at the start", "[lexer][lexical]") {
  std::string text = "\xEF\xBB\xBF" "import a from './a';\nconst b = require('./b');\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 2);
  CHECK(s.refs[0].spec == "./a");
  CHECK(s.refs[0].pos.line == 1);
  CHECK(s.refs[1].spec == "./b");
  CHECK(at(s.refs[1].pos) == "2:19");

  std::string ref = "\xEF\xBB\xBF" "/// <reference types=\"node\" />\n";
  auto r = scan(ref, Dialect::ts);
  REQUIRE(r.refs.size() == 1);
  CHECK(r.refs[0].reference_types);
}

TEST_CASE("lexer: an import after every hard case is still found on the right line", "[lexer][lexical][tsx]") {
  std::string text =
      "#!/usr/bin/env node\n"
      "// import x from 'no-1'\n"
      "/* require('no-2') */\n"
      "const s = \"import 'no-3'\" + 'it\\'s';\n"
      "const t = `a ${ `b ${ c } import('no-4')` } d`;\n"
      "const r = /import 'no-5'/ && /[/]'/;\n"
      "const q = (a / b) / c;\n"
      "const id = <T,>(x: T) => x;\n"
      "const el = <Select<Option> value={v}>Don't // \"quote\"</Select>;\n"
      "const fr = <><p title=\"it's\">{x ? <b>'</b> : null}</p></>;\n"
      "const o = a?.b ?? 1e-5 + 0x1F;\n"
      "function f(p?: string) { return p; }\n"
      "class K { #x = 1; get y() { return this.#x / 2; } }\n"
      "if (x) /'/.test(y);\n"
      "import { found } from './found';\n"
      "found();\n";
  auto s = scan(text, Dialect::tsx);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "./found");
  CHECK(at(s.refs[0].pos) == "15:23");
  CHECK(at(s.refs[0].pos) == pos_of(text, "'./found'"));
}

// =================================================================== errors

TEST_CASE("lexer: error, unterminated string", "[lexer][errors]") {
  std::string text = "import a from 'a';\nconst s = 'abc\nimport b from 'b';\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unterminated string", "'abc");
  REQUIRE_FALSE(s.refs.empty());
  CHECK(s.refs[0].spec == "a");
  CHECK(find_ref(s, "b") == nullptr);

  std::string eof = "const s = \"abc";
  auto e = scan(eof, Dialect::js);
  expect_error(e, eof, "unterminated string", "\"abc");
}

TEST_CASE("lexer: error, unterminated template literal", "[lexer][errors]") {
  std::string text = "import a from 'a';\nconst t = `abc\nimport b from 'b';\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unterminated template", "`abc");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");

  // Unterminated after a substitution: still an error.
  auto sub = scan("import a from 'a';\nconst t = `abc ${x} def\n", Dialect::js);
  INFO(describe(sub));
  CHECK(sub.error.has_value());
  CHECK(sub.refs.size() == 1);
}

TEST_CASE("lexer: error, unterminated block comment", "[lexer][errors]") {
  std::string text = "import a from 'a';\nfoo(); /* never\nclosed import b from 'b'\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unterminated comment", "/*");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");
}

TEST_CASE("lexer: error, unterminated regular expression", "[lexer][errors]") {
  std::string text = "import a from 'a';\nconst r = /abc\nfoo();\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unterminated regular expression", "/abc");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");

  std::string eof = "const r = /abc[/";
  auto e = scan(eof, Dialect::js);
  expect_error(e, eof, "unterminated regular expression", "/abc");
}

TEST_CASE("lexer: error, unterminated JSX element", "[lexer][errors][jsx]") {
  std::string text = "import a from 'a';\nconst el = <div>hello\n<span>it's</span>\n";
  auto s = scan(text, Dialect::jsx);
  expect_error(s, text, "JSX", "<div>");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");

  std::string tag = "import a from 'a';\nconst el = <div className=\"x\"\n";
  auto t = scan(tag, Dialect::tsx);
  expect_error(t, tag, "JSX", "<div");
  CHECK(t.refs.size() == 1);

  std::string attr = "const el = <div className=\"x />;\n";
  auto u = scan(attr, Dialect::jsx);
  INFO(describe(u));
  CHECK(u.error.has_value());
}

TEST_CASE("lexer: error, unbalanced closing parenthesis", "[lexer][errors]") {
  std::string text = "import a from 'a';\nfoo());\nimport b from 'b';\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unexpected ')'", ")", 1);
  CHECK(at(s.error->pos) == "2:6");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");
}

TEST_CASE("lexer: error, unbalanced closing brace", "[lexer][errors]") {
  std::string text = "import a from 'a';\nfunction f() {}\n}\nimport b from 'b';\n";
  auto s = scan(text, Dialect::ts);
  expect_error(s, text, "unexpected '}'", "}", 1);
  CHECK(at(s.error->pos) == "3:1");
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");
}

TEST_CASE("lexer: error, mismatched brackets", "[lexer][errors]") {
  std::string text = "const x = [1, 2);\n";
  auto s = scan(text, Dialect::js);
  expect_error(s, text, "unexpected ')'", ")");
}

TEST_CASE("lexer: error, unclosed bracket at end of file", "[lexer][errors]") {
  std::string text = "import a from 'a';\nfunction f() {\n  foo(\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  REQUIRE(s.error.has_value());
  CHECK_THAT(s.error->message, Catch::Contains("unclosed"));
  CHECK(at(s.error->pos) == pos_of(text, "(", 1));  // the innermost open bracket
  CHECK(at(s.error->pos) == "3:6");
  CHECK(s.refs.size() == 1);
}

TEST_CASE("lexer: error, 2000 levels of nesting is an error, not a crash", "[lexer][errors]") {
  const int n = 2000;
  std::vector<std::string> inputs = {
      std::string(n, '('),
      std::string(n, '(') + std::string(n, ')'),
      std::string(n, '[') + std::string(n, ']'),
      "x = " + std::string(n, '{'),
  };
  std::string tmpl;
  for (int i = 0; i < n; ++i) tmpl += "`${";
  inputs.push_back("import a from 'a';\nconst t = " + tmpl);
  std::string jsx;
  for (int i = 0; i < n; ++i) jsx += "<a>";
  inputs.push_back("const el = " + jsx);
  std::string arrows;
  for (int i = 0; i < n; ++i) arrows += "f(() => {";
  inputs.push_back(arrows);
  for (const auto& text : inputs) {
    for (auto d : {Dialect::js, Dialect::tsx}) {
      auto s = scan(text, d);
      INFO("input starts " << text.substr(0, 40));
      REQUIRE(s.error.has_value());
      CHECK_FALSE(s.error->message.empty());
      CHECK(s.error->pos.line >= 1);
      CHECK(s.error->pos.column >= 1);
    }
  }
  // The import before the deep nesting is kept.
  auto s = scan("import a from 'a';\nconst t = " + tmpl, Dialect::js);
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].spec == "a");
}

TEST_CASE("lexer: moderately deep balanced nesting is fine", "[lexer][errors]") {
  const int n = 200;
  std::string text = "const x = " + std::string(n, '(') + "1" + std::string(n, ')') + ";\n" +
                     "const y = " + std::string(n, '[') + std::string(n, ']') + ";\nimport z from 'z';\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  REQUIRE(s.refs.size() == 1);
  CHECK(s.refs[0].pos.line == 3);
}

// ==================================================================== facts

TEST_CASE("lexer: calls by callee path", "[lexer][facts]") {
  std::string text =
      "process.on('SIGTERM', () => shutdown());\n"
      "app.listen(3000);\n"
      "const q = new Queue('emails', { connection });\n"
      "const data = fs.readFileSync('./x.json', 'utf8');\n"
      "a.b.c.d(1);\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);

  const auto* on = find_call(s, "process.on");
  REQUIRE(on != nullptr);
  CHECK(at(on->pos) == "1:1");
  REQUIRE(on->args.size() == 2);
  CHECK(on->args[0] == "SIGTERM");
  CHECK(on->args[1].empty());
  CHECK(on->literal_mask == 1u);

  const auto* listen = find_call(s, "app.listen");
  REQUIRE(listen != nullptr);
  CHECK(at(listen->pos) == "2:1");
  REQUIRE(listen->args.size() == 1);
  CHECK(listen->args[0] == "3000");
  CHECK(listen->literal_mask == 1u);

  const auto* queue = find_call(s, "new Queue");
  REQUIRE(queue != nullptr);
  CHECK(at(queue->pos) == pos_of(text, "Queue"));
  REQUIRE(queue->args.size() == 2);
  CHECK(queue->args[0] == "emails");

  const auto* read = find_call(s, "fs.readFileSync");
  REQUIRE(read != nullptr);
  REQUIRE(read->args.size() == 2);
  CHECK(read->args[0] == "./x.json");
  CHECK(read->args[1] == "utf8");
  CHECK(read->literal_mask == 3u);

  CHECK(find_call(s, "a.b.c.d") != nullptr);
  CHECK(find_call(s, "shutdown") != nullptr);
}

TEST_CASE("lexer: literal arguments and literal_mask", "[lexer][facts]") {
  std::string text = "f(a, 'b', true, null, 42, x.y, \"q\", `t`, -1, undefined);\ng();\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  const auto* f = find_call(s, "f");
  REQUIRE(f != nullptr);
  REQUIRE(f->args.size() >= 8);
  CHECK(f->args[0].empty());
  CHECK(f->args[1] == "b");
  CHECK(f->args[2] == "true");
  CHECK(f->args[3] == "null");
  CHECK(f->args[4] == "42");
  CHECK(f->args[5].empty());
  CHECK(f->args[6] == "q");
  CHECK(f->args[7] == "t");
  // bits 1,2,3,4,6,7
  CHECK((f->literal_mask & 0xFFu) == ((1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 6) | (1u << 7)));
  const auto* g = find_call(s, "g");
  REQUIRE(g != nullptr);
  CHECK(g->args.empty());
  CHECK(g->literal_mask == 0u);
}

TEST_CASE("lexer: top_level for module level, function bodies, arrows, methods and constructors",
          "[lexer][facts]") {
  std::string text =
      "atTop();\n"
      "function g() { inFunction(); }\n"
      "const h = () => { inBracedArrow(); };\n"
      "const k = x => inConciseArrow(x);\n"
      "class C {\n"
      "  constructor() { inCtor(); }\n"
      "  method() { inMethod(); }\n"
      "  handler = () => { inFieldArrow(); };\n"
      "}\n"
      "const o = { m() { inObjectMethod(); } };\n"
      "(function () { inIife(); })();\n"
      "app.get('/', async (req, res) => { inHandler(); });\n"
      "if (cond) { inBlock(); }\n"
      "afterAll();\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    INFO(describe(s));
    CHECK_FALSE(s.error);
    auto top = [&](std::string_view callee) {
      const auto* c = find_call(s, callee);
      INFO("callee " << callee);
      REQUIRE(c != nullptr);
      return c->top_level;
    };
    CHECK(top("atTop"));
    CHECK_FALSE(top("inFunction"));
    CHECK_FALSE(top("inBracedArrow"));
    CHECK_FALSE(top("inConciseArrow"));
    CHECK_FALSE(top("inCtor"));
    CHECK_FALSE(top("inMethod"));
    CHECK_FALSE(top("inFieldArrow"));
    CHECK_FALSE(top("inObjectMethod"));
    CHECK_FALSE(top("inIife"));
    CHECK(top("app.get"));
    CHECK_FALSE(top("inHandler"));
    CHECK(top("inBlock"));  // a block is not a function body
    CHECK(top("afterAll"));
  }
}

TEST_CASE("lexer: top_level in TypeScript methods with return types", "[lexer][facts][ts]") {
  std::string text =
      "export class S {\n"
      "  constructor(private readonly repo: Repo) { inCtor(); }\n"
      "  async find(id: string): Promise<Item | null> { return this.repo.get(id); }\n"
      "}\n"
      "function f(a: number): number { return inFn(a); }\n"
      "bootstrap();\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* ctor = find_call(s, "inCtor");
  REQUIRE(ctor != nullptr);
  CHECK_FALSE(ctor->top_level);
  const auto* get = find_call(s, "this.repo.get");
  REQUIRE(get != nullptr);
  CHECK_FALSE(get->top_level);
  const auto* in_fn = find_call(s, "inFn");
  REQUIRE(in_fn != nullptr);
  CHECK_FALSE(in_fn->top_level);
  const auto* boot = find_call(s, "bootstrap");
  REQUIRE(boot != nullptr);
  CHECK(boot->top_level);
  CHECK(find_call(s, "find") == nullptr);
  CHECK(find_call(s, "constructor") == nullptr);
}

TEST_CASE("lexer: top_level in a function with an object-type return annotation", "[lexer][facts][ts]") {
  // Regression (was a bug): after `function f(a: number): { x: number }` the type's '{' clears
  // the pending function signature, so the body '{' that follows is read as
  // a block: calls in the body are recorded as top_level. Input below:
  // expected inFn.top_level == false, before the fix: true.
  std::string text = "function f(a: number): { x: number } { return inFn(a); }\nafter();\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* in_fn = find_call(s, "inFn");
  REQUIRE(in_fn != nullptr);
  CHECK_FALSE(in_fn->top_level);
  const auto* after = find_call(s, "after");
  REQUIRE(after != nullptr);
  CHECK(after->top_level);
}

TEST_CASE("lexer: calls in class field initializers are recorded", "[lexer][facts]") {
  // Regression (was a bug): every identifier chain directly in a class body counts as "at a
  // key" (lexer.cpp: m_chain_at_key ... || f->kind == Frame::klass), so the
  // call in a field initializer is taken for a method definition and dropped.
  // Input: "class A { queue = new Queue('q'); x = foo(); }" — expected calls
  // "new Queue" (arg "q") and "foo", both not top_level; actual: no calls.
  for (auto d : {Dialect::js, Dialect::ts}) {
    std::string text =
        "class A {\n"
        "  queue = new Queue('q');\n"
        "  x = foo();\n"
        "  static y = bar(1);\n"
        "  m() {}\n"
        "}\n";
    auto s = scan(text, d);
    INFO(describe(s));
    CHECK_FALSE(s.error);
    const auto* q = find_call(s, "new Queue");
    REQUIRE(q != nullptr);
    REQUIRE(q->args.size() == 1);
    CHECK(q->args[0] == "q");
    CHECK(find_call(s, "foo") != nullptr);
    CHECK(find_call(s, "bar") != nullptr);
    CHECK(find_call(s, "m") == nullptr);
  }
}

TEST_CASE("lexer: generator function and method definitions are not calls", "[lexer][facts]") {
  // Regression (was a bug): `function* g() {}` (and `async function* h`, object `{ *m() {} }`)
  // records a call "g": the '*' between `function` and the name hides the
  // `function` prefix from the definition check. Expected no calls; actual
  // calls g, h and m.
  std::string text = "function* g() { yield 1; }\nasync function* h() {}\nconst o = { *m() {} };\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.calls.empty());
}

TEST_CASE("lexer: calls inside template substitutions, unbraced if bodies and IIFEs", "[lexer][facts]") {
  std::string text =
      "const t = `${foo(1)} and ${bar('x')}`;\n"
      "if (x) baz();\n"
      "else qux();\n"
      "(async () => { await main(); })();\n"
      "void run();\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* foo = find_call(s, "foo");
  REQUIRE(foo != nullptr);
  CHECK(foo->args == std::vector<std::string>{"1"});
  const auto* bar = find_call(s, "bar");
  REQUIRE(bar != nullptr);
  CHECK(bar->args == std::vector<std::string>{"x"});
  CHECK(find_call(s, "baz") != nullptr);
  CHECK(find_call(s, "qux") != nullptr);
  const auto* main_call = find_call(s, "main");
  REQUIRE(main_call != nullptr);
  CHECK_FALSE(main_call->top_level);
  const auto* run = find_call(s, "run");
  REQUIRE(run != nullptr);
  CHECK(run->top_level);
}

TEST_CASE("lexer: object-literal keys of call arguments, nested, with literal values", "[lexer][facts]") {
  std::string text =
      "const q = new Queue('emails', {\n"
      "  connection: redis,\n"
      "  prefix: 'bull',\n"
      "  defaultJobOptions: {\n"
      "    attempts: 3,\n"
      "    removeOnFail: true,\n"
      "    backoff: { type: 'exponential', delay: 1000 },\n"
      "  },\n"
      "  limiter,\n"
      "});\n"
      "queue.add('job', data, { removeOnFail: true, attempts: 5, delay: a + b });\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* q = find_call(s, "new Queue");
  REQUIRE(q != nullptr);
  auto value = [&](const src::CallFact& c, std::string_view path) -> std::string {
    const auto* k = find_key(c, path);
    INFO("key " << path);
    REQUIRE(k != nullptr);
    return k->value;
  };
  CHECK(value(*q, "connection").empty());
  CHECK(value(*q, "prefix") == "bull");
  CHECK(value(*q, "defaultJobOptions").empty());
  CHECK(value(*q, "defaultJobOptions.attempts") == "3");
  CHECK(value(*q, "defaultJobOptions.removeOnFail") == "true");
  CHECK(value(*q, "defaultJobOptions.backoff.type") == "exponential");
  CHECK(value(*q, "defaultJobOptions.backoff.delay") == "1000");
  CHECK(value(*q, "limiter").empty());
  CHECK(find_key(*q, "attempts") == nullptr);  // nested keys carry their path
  CHECK(find_key(*q, "removeOnFail") == nullptr);

  const auto* add = find_call(s, "queue.add");
  REQUIRE(add != nullptr);
  CHECK(value(*add, "removeOnFail") == "true");
  CHECK(value(*add, "attempts") == "5");
  CHECK(value(*add, "delay").empty());  // not a literal
  REQUIRE(add->args.size() == 3);
  CHECK(add->args[0] == "job");
  CHECK(add->literal_mask == 1u);
}

TEST_CASE("lexer: fn_arity of function arguments", "[lexer][facts]") {
  std::string text =
      "app.use((err, req, res, next) => { res.status(500).end(); });\n"
      "app.get('/x', function (a, b, c, d) {});\n"
      "arr.map(x => x * 2);\n"
      "app.post('/y', async (req, res) => {});\n"
      "p.then(async v => v);\n"
      "setTimeout(() => 1, 10);\n"
      "router.all('/z', auth, function handler(req, res, next) { next(); });\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* use = find_call(s, "app.use");
  REQUIRE(use != nullptr);
  CHECK(use->fn_arity == std::vector<std::pair<int, int>>{{0, 4}});
  const auto* get = find_call(s, "app.get");
  REQUIRE(get != nullptr);
  CHECK(get->fn_arity == std::vector<std::pair<int, int>>{{1, 4}});
  const auto* map = find_call(s, "arr.map");
  REQUIRE(map != nullptr);
  CHECK(map->fn_arity == std::vector<std::pair<int, int>>{{0, 1}});
  const auto* post = find_call(s, "app.post");
  REQUIRE(post != nullptr);
  CHECK(post->fn_arity == std::vector<std::pair<int, int>>{{1, 2}});
  const auto* then = find_call(s, "p.then");
  REQUIRE(then != nullptr);
  CHECK(then->fn_arity == std::vector<std::pair<int, int>>{{0, 1}});
  const auto* timeout = find_call(s, "setTimeout");
  REQUIRE(timeout != nullptr);
  CHECK(timeout->fn_arity == std::vector<std::pair<int, int>>{{0, 0}});
  const auto* all = find_call(s, "router.all");
  REQUIRE(all != nullptr);
  CHECK(all->fn_arity == std::vector<std::pair<int, int>>{{2, 3}});
  CHECK(find_call(s, "handler") == nullptr);
}

TEST_CASE("lexer: fn_arity with TypeScript parameter types", "[lexer][facts][ts]") {
  std::string text =
      "app.use((err: Error, req: Request, res: Response, next: NextFunction) => { next(err); });\n"
      "app.get('/', (req: Request, res?: Response) => {});\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* use = find_call(s, "app.use");
  REQUIRE(use != nullptr);
  CHECK(use->fn_arity == std::vector<std::pair<int, int>>{{0, 4}});
  const auto* get = find_call(s, "app.get");
  REQUIRE(get != nullptr);
  CHECK(get->fn_arity == std::vector<std::pair<int, int>>{{1, 2}});
}

TEST_CASE("lexer: fn_arity of an arrow argument with a return type annotation", "[lexer][facts][ts]") {
  // Regression (was a bug): the arity is recorded only when `=>` or `{` follows the closed
  // parameter list; a return type in between (`): void =>`, or
  // `function (...): void {`) loses it. Input below: expected fn_arity (1,2)
  // for both calls, before the fix: none.
  std::string text =
      "app.get('/', (req: Request, res: Response): void => {});\n"
      "app.put('/', function (req: Request, res: Response): void {});\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* get = find_call(s, "app.get");
  REQUIRE(get != nullptr);
  CHECK(has_arity(*get, 1, 2));
  const auto* put = find_call(s, "app.put");
  REQUIRE(put != nullptr);
  CHECK(has_arity(*put, 1, 2));
}

TEST_CASE("lexer: member reads of interest", "[lexer][facts]") {
  std::string text =
      "const b = req.body;\n"
      "const c = ctx.request.body;\n"
      "const port = process.env.PORT;\n"
      "const hosts = process.env.HOSTS.split(',');\n"
      "function h(req) { return req.query; }\n"
      "const n = obj.name;\n"
      "const body = 1;\n";
  auto s = scan(text, Dialect::js);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* body = find_member(s, "req.body");
  REQUIRE(body != nullptr);
  CHECK(at(body->pos) == pos_of(text, "req.body"));
  CHECK(body->top_level);
  CHECK(find_member(s, "ctx.request.body") != nullptr);
  const auto* port = find_member(s, "process.env.PORT");
  REQUIRE(port != nullptr);
  CHECK(at(port->pos) == "3:14");
  CHECK(find_member(s, "process.env.HOSTS") != nullptr);
  CHECK(find_member(s, "process.env.HOSTS.split") == nullptr);
  const auto* query = find_member(s, "req.query");
  REQUIRE(query != nullptr);
  CHECK_FALSE(query->top_level);
  CHECK(find_member(s, "obj.name") == nullptr);  // not of interest
  for (const auto& m : s.members) CHECK(m.path != "body");
}

TEST_CASE("lexer: member_names option selects what is recorded", "[lexer][facts]") {
  std::string text = "const a = req.body;\nconst b = res.locals.user;\n";
  ScanOptions none;
  none.member_names.clear();
  auto s = scan(text, Dialect::js, none);
  CHECK(s.members.empty());
  ScanOptions custom;
  custom.member_names = {"locals"};
  auto t = scan(text, Dialect::js, custom);
  INFO(describe(t));
  CHECK(find_member(t, "req.body") == nullptr);
  CHECK(find_member(t, "res.locals.user") != nullptr);
}

TEST_CASE("lexer: decorators with their first literal argument", "[lexer][facts][ts]") {
  std::string text =
      "@Processor('emails')\n"
      "export class EmailProcessor {\n"
      "  @Post()\n"
      "  create(@Body() dto: CreateDto, @Param('id') id: string) {}\n"
      "}\n"
      "@nest.Controller(\"users\")\n"
      "class Users {}\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  const auto* proc = find_decorator(s, "Processor");
  REQUIRE(proc != nullptr);
  CHECK(proc->arg == "emails");
  CHECK(at(proc->pos) == "1:2");
  const auto* body = find_decorator(s, "Body");
  REQUIRE(body != nullptr);
  CHECK(body->arg.empty());
  CHECK(at(body->pos) == pos_of(text, "Body"));
  const auto* post = find_decorator(s, "Post");
  REQUIRE(post != nullptr);
  CHECK(post->arg.empty());
  const auto* param = find_decorator(s, "Param");
  REQUIRE(param != nullptr);
  CHECK(param->arg == "id");
  const auto* ctrl = find_decorator(s, "nest.Controller");
  REQUIRE(ctrl != nullptr);
  CHECK(ctrl->arg == "users");
  // Decorators are not calls, and the decorated method is not a call either.
  for (const auto& c : s.calls) {
    CHECK(c.callee.find("Processor") == std::string::npos);
    CHECK(c.callee.find("Body") == std::string::npos);
    CHECK(c.callee != "create");
  }
}

TEST_CASE("lexer: method definitions in classes and objects are not calls", "[lexer][facts]") {
  std::string text =
      "class A {\n"
      "  constructor(x) { this.x = x; }\n"
      "  foo(a) { return inner(a); }\n"
      "  async bar() {}\n"
      "  get baz() { return 1; }\n"
      "  set baz(v) {}\n"
      "  static qux() {}\n"
      "  *gen() {}\n"
      "  'quoted'() {}\n"
      "}\n"
      "const o = { m() {}, async n() {}, get p() { return 1; }, q: function () {}, r: () => {} };\n"
      "function named(a, b) {}\n"
      "if (a) {} while (b) {} for (;;) {} switch (c) {} try {} catch (e) {}\n";
  for (auto d : {Dialect::js, Dialect::ts}) {
    auto s = scan(text, d);
    INFO(describe(s));
    CHECK_FALSE(s.error);
    REQUIRE(s.calls.size() == 1);
    CHECK(s.calls[0].callee == "inner");
  }
}

TEST_CASE("lexer: TypeScript method signatures with types are not calls", "[lexer][facts][ts]") {
  std::string text =
      "class A {\n"
      "  foo(a: string): void {}\n"
      "  private async bar<T>(x: T): Promise<T> { return x; }\n"
      "  public static baz(): number { return 1; }\n"
      "}\n"
      "interface I { m(a: number): void; n<T>(): T }\n"
      "declare function decl(x: number): void;\n"
      "type F = (a: string) => void;\n";
  auto s = scan(text, Dialect::ts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.calls.empty());
}

TEST_CASE("lexer: facts=false records references but no calls, members or decorators", "[lexer][facts]") {
  std::string text =
      "import a from './a';\n"
      "const b = require('./b');\n"
      "const c = require.resolve('./c');\n"
      "const d = import('./d');\n"
      "const w = new Worker(new URL('./w.js', import.meta.url));\n"
      "app.listen(3000);\n"
      "const body = req.body;\n"
      "@Injectable()\n"
      "class S {}\n";
  ScanOptions opts;
  opts.facts = false;
  auto s = scan(text, Dialect::ts, opts);
  INFO(describe(s));
  CHECK_FALSE(s.error);
  CHECK(s.calls.empty());
  CHECK(s.members.empty());
  CHECK(s.decorators.empty());
  REQUIRE(s.refs.size() == 5);
  CHECK(find_ref(s, "./a") != nullptr);
  const auto* b = find_ref(s, "./b");
  REQUIRE(b != nullptr);
  CHECK(b->kind == RefKind::require);
  CHECK(at(b->pos) == pos_of(text, "'./b'"));
  CHECK(find_ref(s, "./c") != nullptr);
  CHECK(find_ref(s, "./d") != nullptr);
  const auto* w = find_ref(s, "./w.js");
  REQUIRE(w != nullptr);
  CHECK(w->kind == RefKind::worker);

  // The same input with facts on: the same references, plus facts.
  auto f = scan(text, Dialect::ts);
  CHECK(f.refs.size() == s.refs.size());
  CHECK(find_call(f, "app.listen") != nullptr);
  CHECK(find_member(f, "req.body") != nullptr);
  CHECK(find_decorator(f, "Injectable") != nullptr);
}

// ================================================== dialects and skipping

TEST_CASE("lexer: dialect_for on every extension", "[lexer][dialect]") {
  CHECK(src::dialect_for("a.js") == Dialect::js);
  CHECK(src::dialect_for("a.mjs") == Dialect::js);
  CHECK(src::dialect_for("a.cjs") == Dialect::js);
  CHECK(src::dialect_for("src/App.jsx") == Dialect::jsx);
  CHECK(src::dialect_for("a.ts") == Dialect::ts);
  CHECK(src::dialect_for("a.mts") == Dialect::ts);
  CHECK(src::dialect_for("a.cts") == Dialect::ts);
  CHECK(src::dialect_for("src/components/App.tsx") == Dialect::tsx);
  // Declaration files are TypeScript.
  CHECK(src::dialect_for("types/index.d.ts") == Dialect::ts);
  CHECK(src::dialect_for("index.d.mts") == Dialect::ts);
  // Not JS/TS.
  CHECK_FALSE(src::dialect_for("package.json").has_value());
  CHECK_FALSE(src::dialect_for("README.md").has_value());
  CHECK_FALSE(src::dialect_for("Makefile").has_value());
  CHECK_FALSE(src::dialect_for("dir.js/file").has_value());
  CHECK_FALSE(src::dialect_for("a.json5").has_value());
  CHECK_FALSE(src::dialect_for("").has_value());
  CHECK_FALSE(src::dialect_for("a.").has_value());
}

TEST_CASE("lexer: skip_reason for a @generated file", "[lexer][skip]") {
  std::string text = "// @generated by protoc-gen-ts. Do not edit.\nexport const x = 1;\n";
  auto r = src::skip_reason(text);
  CHECK_FALSE(r.empty());
  CHECK_THAT(r, Catch::Contains("generated"));
}

// Seen on vitejs/vite (playground/resolve/vite.config.js): a string
// '@generated-content-virtual-file' made a hand-written config "generated".
TEST_CASE("lexer: skip_reason wants @generated as a word", "[lexer][skip]") {
  CHECK(src::skip_reason("const id = '@generated-content-virtual-file';\nexport default {};\n").empty());
  CHECK(src::skip_reason("const a = '@generatedFoo';\n").empty());
  CHECK_FALSE(src::skip_reason("/* @generated */\nexport {};\n").empty());
  CHECK_FALSE(src::skip_reason("// Code @generated by a tool.\n").empty());
  CHECK_FALSE(src::skip_reason("// @generated").empty());
}

TEST_CASE("lexer: skip_reason for a minified file", "[lexer][skip]") {
  std::string line;
  while (line.size() < 30000) line += "var a=function(b){return b+1};";
  auto r = src::skip_reason(line);
  CHECK_FALSE(r.empty());
  CHECK_THAT(r, Catch::Contains("minified"));

  // The long line need not be the first.
  auto r2 = src::skip_reason("'use strict';\n" + line + "\n");
  CHECK_THAT(r2, Catch::Contains("minified"));
}

TEST_CASE("lexer: skip_reason is empty for normal code", "[lexer][skip]") {
  CHECK(src::skip_reason("import a from 'a';\nexport const b = a + 1;\n").empty());
  CHECK(src::skip_reason("").empty());
  // A large file of ordinary lines is not minified.
  std::string big;
  while (big.size() < 60000) big += "export const value = compute(1, 2, 3); // a normal line\n";
  CHECK(src::skip_reason(big).empty());
  // Regression: a component with one inline SVG path of 16k characters among
  // ordinary lines was skipped as minified.
  std::string svg = "export const Logo = () => (\n  <svg>\n    <path d=\"" + std::string(16000, 'M') + "\" />\n";
  for (int i = 0; i < 200; ++i) svg += "    <g id=\"part\" transform=\"translate(1 2)\" />\n";
  svg += "  </svg>\n);\n";
  CHECK(src::skip_reason(svg).empty());
}

TEST_CASE("lexer: JSX style objects and generic arrow parameters are values", "[lexer][elision]") {
  // Regression: `style={{ a: X }}` read `a:` as a type annotation, and the
  // parameters after `<T extends U>` were read as a type, so imports used
  // there were elided.
  auto a = src::scan_source("import { W } from './w';\nexport const C = () => <div style={{ width: W }} />;\n",
                            src::Dialect::tsx);
  REQUIRE(a.refs.size() == 1);
  CHECK_FALSE(a.refs[0].type_only);
  auto b = src::scan_source(
      "import { P } from './p';\nexport const f = <T extends A | B>(x: T, tol: number = P) => x;\n",
      src::Dialect::ts);
  REQUIRE(b.refs.size() == 1);
  CHECK_FALSE(b.refs[0].type_only);
}

TEST_CASE("lexer: a type alias ending in '>' ends at the line's end (regression)", "[lexer][elision][regression]") {
  // Without semicolons, `type A = X<number>` made the next statement a type,
  // so a value use there looked like a type use and the import was elided.
  expect_foo("import { Foo } from './foo';\ntype A = Array<number>\nexport function f() { return Foo }\n", false);
  expect_foo("import { Foo } from './foo';\ntype A = Map<string, Array<number>>\nexport const g = () => Foo\n", false);
  // Still a type use when the value position is itself in the alias.
  expect_foo("import { Foo } from './foo';\ntype A = Array<Foo>\nexport const n = 1\n", true);
}

TEST_CASE("lexer: a method called on a call's result is a call fact", "[lexer][facts]") {
  auto s = scan("app\n  .withTypeProvider<Z>()\n  .register(auth)\n  .get('/projects', { schema: {} }, handler)\n", Dialect::ts);
  bool found = false;
  for (const auto& c : s.calls) {
    if (c.callee == "().get") {
      found = true;
      REQUIRE_FALSE(c.args.empty());
      CHECK(c.args[0] == "/projects");
      CHECK(c.pos.line == 4);
    }
  }
  CHECK(found);
}

TEST_CASE("lexer: arguments that are names or member chains are kept as idents", "[lexer][facts]") {
  auto s = scan("app.use(errorHandler);\nrouter.get('/u', users.list, (req, res) => res.end());\napp.use(express.json());\n",
                Dialect::js);
  REQUIRE(s.calls.size() >= 3);
  std::map<std::string, std::vector<std::pair<int, std::string>>> by;
  for (const auto& c : s.calls) {
    if (!by.count(c.callee)) by[c.callee] = c.idents;  // the first call of each callee
  }
  CHECK(by["app.use"] == std::vector<std::pair<int, std::string>>{{0, "errorHandler"}});
  CHECK(by["router.get"] == std::vector<std::pair<int, std::string>>{{1, "users.list"}});
}

// Found by fuzzing (fixtures/fuzz-seeds/js_lexer/import-empty-first-argument.bin):
// `import(, './x')` took './x' for the specifier, at the position of an
// argument that was never seen (line 0). An empty argument before a comma
// keeps its index; a trailing comma adds none.
TEST_CASE("lexer: an empty argument before a comma keeps its place", "[lexer][facts][regression]") {
  auto r = src::scan_source("const a = await import(, './x');\nrequire(, 'y');\napp.get('/h', h,);\n", Dialect::js);
  for (const auto& ref : r.refs) CHECK(ref.pos.line >= 1);
  CHECK(r.refs.empty());
  bool found = false;
  for (const auto& c : r.calls) {
    if (c.callee != "app.get") continue;
    found = true;
    CHECK(c.args.size() == 2);  // the trailing comma is no argument
  }
  CHECK(found);
}

TEST_CASE("lexer: brackets end what they opened: objects in arrays, `as` in arrays, tuple return types",
          "[lexer][elision]") {
  // Regressions seen on real code: `return [{ name: 'x' }]` after a
  // function signature read the object as a function body (its keys as
  // labels, then types); `[s as const]` left the type run open past ']',
  // so `(<Fragment>…)` after it was not JSX; and a tuple return type
  // `): [A, B] {` must still end at the body.
  auto a = src::scan_source(
      "import { V } from './v';\nexport function p(ctx: C): P {\n  if (!ctx.file.endsWith('/x.html')) return\n"
      "  return [\n    {\n      name: 'x',\n      el: V,\n    },\n  ];\n}\n",
      src::Dialect::ts);
  REQUIRE(a.refs.size() == 1);
  CHECK_FALSE(a.refs[0].type_only);
  auto b = src::scan_source(
      "const q = [s as const].map((v) => (<F key={v}>it's</F>));\nconst z = require('left-pad');\n",
      src::Dialect::tsx);
  CHECK_FALSE(b.error.has_value());
  REQUIRE(b.refs.size() == 1);
  CHECK(b.refs[0].spec == "left-pad");
  auto c = src::scan_source(
      "import { isServer } from 'solid-js/web';\nexport function f<T>(g: () => T): [\n  data: T[],\n"
      "  o: { a: () => void },\n] {\n  if (!isServer) { go(); }\n  return [g(), { a() {} }];\n}\n",
      src::Dialect::ts);
  REQUIRE(c.refs.size() == 1);
  CHECK_FALSE(c.refs[0].type_only);
}

// Found in review: after any call's ')', a '{' opened by an operator or an
// expression keyword was still read as a function body, so imports used in
// the object were elided; `): void {` must stay a body.
TEST_CASE("lexer: objects after a call and an operator or return are values", "[lexer][elision]") {
  for (const char* code : {"const o = check(ctx) ? { el: W } : null;\n", "const o = check(ctx) || { el: W };\n",
                           "function f(ctx) { if (!ctx.file.endsWith('/x')) return\n  return { el: W } }\n",
                           "function f(): void { W(); }\n", "class A { m(x: number): void { W(); } }\n",
                           "function k(a): a is Foo { W(); }\n"}) {
    INFO(code);
    auto a = src::scan_source(std::string("import { W } from './w';\n") + code, src::Dialect::ts);
    REQUIRE(a.refs.size() == 1);
    CHECK_FALSE(a.refs[0].type_only);
  }
}

// Seen on trigger.dev: `sums[key]! / counts[key]!` read as a regular
// expression that never ended; every reference after it was lost.
TEST_CASE("lexer: a '/' after TypeScript's non-null '!' divides", "[lexer][regression]") {
  for (const char* code : {"const r = sums[key]! / counts[key]! ;\n", "const h = a.b! / 2;\n",
                           "const h = f(x)! / 2;\n", "const h = x!/2;\n"}) {
    INFO(code);
    auto a = scan(std::string(code) + "const m = await import('ms');\n", Dialect::ts);
    CHECK_FALSE(a.error);
    REQUIRE(a.refs.size() == 1);
    CHECK(a.refs[0].spec == "ms");
  }
  // A prefix '!' still starts a regex: after `=`, `(`, `return`, or a line break.
  for (const char* code : {"const t = !/a\\/b/.test(s);\n", "if (!/x/.test(s)) f();\n",
                           "function g() { return !/x/.test(s) }\n", "const a = b\n!/x/.test(s);\n"}) {
    INFO(code);
    auto a = scan(std::string(code) + "import('ms');\n", Dialect::ts);
    CHECK_FALSE(a.error);
    REQUIRE(a.refs.size() == 1);
  }
}
