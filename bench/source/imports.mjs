// Reference import scanner for the differential test of archgate's JS/TS lexer.
//   node bench/source/imports.mjs ROOT [--parser ts|esml] [--no-amd]
// Prints one JSON line per source file, sorted by relative path (code-unit order, '/' separators):
//   {"file":"src/a.ts","imports":[{"spec":"./b","line":3}, ...]}   (+ "error" when the parser failed)
// and a summary line on stderr. Lines are 1-based and count '\n' only (CRLF is fine; lone CR,
// U+2028 and U+2029 are not line breaks here, though TypeScript itself counts them).
//
// --parser ts (default): ts.preProcessFile(text, true, true).importedFiles, in source order. It is a
//   token scanner, not a parser, and reports: import/export ... from 'x', import 'x', import type,
//   export type ... from, import x = require('x'), require('x') and require(`x`) (any callee named
//   require, even obj.require), import('x') and import(`x`) (also in type positions: typeof import('x')),
//   AMD define([...]) dependencies and, in files that are modules, `declare module 'x'` augmentation
//   names (appended by TS after the rest; we re-sort by position). Not referencedFiles
//   (/// <reference path>) nor type reference directives. Template literals with ${} are skipped.
//   Gotcha: the AMD rule matches any `define([...])` call, even `HighlightStyle.define([{color: "#fff"}])`,
//   so every string in the array becomes an "import". --no-amd keeps only what preProcessFile reports
//   without JS detection plus specifiers directly preceded by a `require(` not after a '.'.
// --parser esml: es-module-lexer's parse(). It lexes JS plus erasable TypeScript (type-only imports
//   are reported, `declare module` bodies and `type`/`interface` bodies are erased), but neither
//   require() nor AMD; JSX and non-erasable TS (enum, namespace, decorators, parameter properties)
//   may fail: such files get "error" and count as failures. import.meta and non-literal or
//   template-glob dynamic imports are left out.
import fs from 'node:fs';
import path from 'node:path';

const EXTS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'out', '.next']);

const args = process.argv.slice(2);
const pi = args.indexOf('--parser');
const parser = pi >= 0 ? args.splice(pi, 2)[1] : 'ts';
const ai = args.indexOf('--no-amd');
const noAmd = ai >= 0 && args.splice(ai, 1).length > 0;
const root = args[0];
if (!root || !['ts', 'esml'].includes(parser)) {
  console.error('usage: node imports.mjs ROOT [--parser ts|esml] [--no-amd]');
  process.exit(2);
}

// Depth-first walk; symlinks are neither followed nor listed.
function walk(dir, out) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) {
      if (!SKIP_DIRS.has(ent.name)) walk(p, out);
    } else if (ent.isFile() && EXTS.has(path.extname(ent.name))) {
      out.push(path.relative(root, p).split(path.sep).join('/'));
    }
  }
  return out;
}

// Offset -> 1-based line via binary search over the offsets of line starts.
function lineIndex(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (pos) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  };
}

let scan; // (text, relpath) -> [{spec, pos}]
if (parser === 'ts') {
  const ts = (await import('typescript')).default;
  const requireCall = /(^|[^.\w$])require\s*\(\s*$/;
  scan = (text) => {
    let found = ts.preProcessFile(text, true, true).importedFiles;
    if (noAmd) {
      const esm = new Set(ts.preProcessFile(text, true, false).importedFiles.map((f) => f.pos));
      found = found.filter((f) => esm.has(f.pos) || requireCall.test(text.slice(Math.max(0, f.pos - 64), f.pos)));
    }
    return found.map((f) => ({ spec: f.fileName, pos: f.pos })).sort((a, b) => a.pos - b.pos);
  };
} else {
  const { init, parse } = await import('es-module-lexer');
  await (typeof init === 'function' ? init() : init);
  scan = (text, file) => parse(text, file)[0]
    .filter((i) => typeof i.specifier === 'string' && !i.glob)
    .map((i) => ({ spec: i.specifier, pos: i.start }));
}

const files = walk(root, []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
let nImports = 0, failures = 0, bytes = 0;
const failedByExt = {};
for (const file of files) {
  const buf = fs.readFileSync(path.join(root, file));
  bytes += buf.length;
  const text = buf.toString('utf8');
  const rec = { file, imports: [] };
  try {
    const lineOf = lineIndex(text);
    rec.imports = scan(text, file).map(({ spec, pos }) => ({ spec, line: lineOf(pos) }));
  } catch (e) {
    failures++;
    const ext = path.extname(file);
    failedByExt[ext] = (failedByExt[ext] || 0) + 1;
    rec.error = String(e.message || e).split('\n')[0];
  }
  nImports += rec.imports.length;
  process.stdout.write(JSON.stringify(rec) + '\n');
}
console.error(JSON.stringify({ parser, noAmd, files: files.length, bytes, imports: nImports, failures, failedByExt }));
