// One-line summary of a peer's JSON output for bench/source/run.sh; exits non-zero (so the run is
// recorded as failed) when the output is not the JSON the tool should print.
//   node summarize.cjs TOOL OUTPUT_FILE
const fs = require('node:fs');
const [tool, file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const len = (x) => (Array.isArray(x) ? x.length : x && typeof x === 'object' ? Object.keys(x).length : 0);
let s;
switch (tool) {
  case 'ts-preprocess': { // JSON lines from imports.mjs
    const recs = text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    if (!recs.length) throw new Error('no output');
    s = `${recs.length} files, ${recs.reduce((n, r) => n + r.imports.length, 0)} imports`;
    break;
  }
  case 'madge': { // {file: [deps]}
    const g = JSON.parse(text);
    s = `${len(g)} modules, ${Object.values(g).reduce((n, d) => n + d.length, 0)} edges`;
    break;
  }
  case 'depcruise': {
    const { modules, summary } = JSON.parse(text);
    const deps = modules.flatMap((m) => m.dependencies);
    s = `${summary.totalCruised} modules, ${deps.length} deps, ${deps.filter((d) => d.couldNotResolve).length} unresolved`;
    break;
  }
  case 'knip': { // {files?, issues: [{file, dependencies: [], exports: [], ...}]}
    const r = JSON.parse(text);
    const counts = {};
    for (const i of r.issues || [])
      for (const [k, v] of Object.entries(i)) if (Array.isArray(v) && v.length) counts[k] = (counts[k] || 0) + v.length;
    if (Array.isArray(r.files)) counts.files = r.files.length;
    s = Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'no issues';
    break;
  }
  case 'depcheck': {
    const r = JSON.parse(text);
    s = `unused deps ${len(r.dependencies)}, unused devDeps ${len(r.devDependencies)}, missing ${len(r.missing)}, invalid files ${len(r.invalidFiles)}`;
    break;
  }
  case 'archgate-check': { // check --format json: findings per rule
    const r = JSON.parse(text);
    const counts = {};
    for (const f of r.findings) counts[f.rule] = (counts[f.rule] || 0) + 1;
    s = Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'no findings';
    break;
  }
  default: { // archgate graph: whatever it prints, count its top-level arrays
    const r = JSON.parse(text);
    s = Object.entries(r).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${k} ${v.length}`).join(', ') || 'ok';
  }
}
console.log(s);
