// Peers' module graphs, to compare with archgate's.
//   node bench/source/edges.mjs DIR            dependency-cruiser's file->file edges, one JSON line each:
//       {"from":"src/a.ts","to":"src/b.ts","spec":"./b","dynamic":false,"typeOnly":true}   (paths relative to DIR)
//   node bench/source/edges.mjs DIR --cycles   madge's circular list, once with type imports and once
//       without: {"skipTypeImports":false,"cycle":["a.ts","b.ts"]}
// Both use DIR/tsconfig.json when present and skip node_modules .git dist build coverage out .next.
// Only edges to files inside DIR are printed (no npm packages, core modules or unresolved specifiers);
// counts go to stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SKIP = '(^|/)(node_modules|\\.git|dist|build|coverage|out|\\.next)/';
const EXTS = ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts'];
const [dirArg, mode] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: node edges.mjs DIR [--cycles]');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const tsconfig = fs.existsSync(path.join(dir, 'tsconfig.json')) ? path.join(dir, 'tsconfig.json') : null;
const line = (o) => process.stdout.write(JSON.stringify(o) + '\n');

if (mode === '--cycles') {
  const madge = (await import('madge')).default;
  for (const skipTypeImports of [false, true]) {
    // madge hands detectiveOptions[type] to precinct's detective for that file type: 'ts' and 'tsx'
    // (detective-typescript) and 'es6' (JS). It has no detective for .mts/.cts (precinct uses the
    // extension as the type), so those files are nodes without edges.
    const det = { skipTypeImports };
    const res = await madge(dir, {
      baseDir: dir,
      fileExtensions: EXTS,
      excludeRegExp: [new RegExp(SKIP)],
      tsConfig: tsconfig ?? undefined,
      detectiveOptions: { ts: det, tsx: det, es6: det },
    });
    const cycles = res.circular();
    for (const cycle of cycles) line({ skipTypeImports, cycle });
    console.error(JSON.stringify({ tool: 'madge', skipTypeImports, files: Object.keys(res.obj()).length,
      cycles: cycles.length, skipped: res.warnings().skipped.length }));
  }
} else {
  // The CLI does the tsconfig (paths, baseUrl) plumbing for us. --ts-pre-compilation-deps keeps
  // type-only imports (otherwise TS is transpiled first and they vanish) and labels them.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'edges-')), 'cruise.json');
  const args = ['--no-config', '--output-type', 'json', '--output-to', out, '--ts-pre-compilation-deps',
    '--exclude', SKIP, '--do-not-follow', 'node_modules', ...(tsconfig ? ['--ts-config', tsconfig] : []), '.'];
  const r = spawnSync(path.join(here, 'node_modules/.bin/depcruise'), args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 && !fs.existsSync(out)) process.exit(r.status ?? 1);
  const { modules } = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const local = (p) => !/(^|\/)node_modules\//.test(p) && fs.existsSync(path.join(dir, p));
  const seen = new Set();
  const edges = [];
  let unresolved = 0, external = 0;
  for (const m of modules) {
    for (const d of m.dependencies) {
      if (d.couldNotResolve) { unresolved++; continue; }
      if (d.coreModule || !local(d.resolved)) { external++; continue; }
      const types = d.dependencyTypes || [];
      const e = { from: m.source, to: d.resolved, spec: d.module, dynamic: !!d.dynamic,
        typeOnly: types.includes('type-only') || types.includes('type-import') };
      const key = JSON.stringify(e);
      if (!seen.has(key)) { seen.add(key); edges.push(e); }
    }
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  edges.forEach(line);
  console.error(JSON.stringify({ tool: 'dependency-cruiser', modules: modules.length, edges: edges.length, unresolved, external }));
}
