// In-process timing of the package managers' own lockfile parsers, the peers
// archgate is compared with. Prints one JSON line like bench_readers.
//   node bench/peers.mjs FORMAT FILE [REPEAT]
//   FORMAT: npm-json | yarn-classic | yarn-berry | pnpm-jsyaml | pnpm-lockfile-fs | bun-json
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [format, file, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg || 10);
const text = fs.readFileSync(file, 'utf8');

let parse;
switch (format) {
  case 'npm-json':
    parse = () => JSON.parse(text);
    break;
  case 'bun-json':
    // bun.lock is JSON with trailing commas; bun's own reader is native code.
    parse = () => JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
    break;
  case 'yarn-classic': {
    const lockfile = require('@yarnpkg/lockfile');
    parse = () => lockfile.parse(text);
    break;
  }
  case 'yarn-berry': {
    const { parseSyml } = require('@yarnpkg/parsers');
    parse = () => parseSyml(text);
    break;
  }
  case 'pnpm-jsyaml': {
    const yaml = require('js-yaml');
    parse = () => yaml.loadAll(text);
    break;
  }
  case 'pnpm-lockfile-fs': {
    const { readWantedLockfile } = await import('@pnpm/lockfile.fs');
    const dir = path.dirname(path.resolve(file));
    parse = () => readWantedLockfile(dir, { ignoreIncompatible: false });
    break;
  }
  default:
    console.error(`unknown format ${format}`);
    process.exit(2);
}

const secs = [];
for (let i = 0; i < repeat; i++) {
  const t0 = process.hrtime.bigint();
  // eslint-disable-next-line no-await-in-loop
  await parse();
  secs.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
secs.sort((a, b) => a - b);
const median = secs[Math.floor(secs.length / 2)];
const mb = Buffer.byteLength(text) / 1e6;
console.log(JSON.stringify({ file, peer: format, best_s: secs[0], median_s: median, mb_per_s: +(mb / median).toFixed(1) }));
