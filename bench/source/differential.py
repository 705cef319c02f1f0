#!/usr/bin/env python3
"""Differential test of archgate's scanner against TypeScript's own ts.preProcessFile.

  node bench/source/imports.mjs DIR --no-amd > ts.jsonl
  archgate graph DIR --format json --include-types > graph.json
  python3 bench/source/differential.py ts.jsonl graph.json --root DIR [--examples N]

Compares, per file, the (line, specifier) pairs both find. archgate also reports
`require.resolve()`, `new Worker(new URL(...))` and `/// <reference>` (dropped here
when TypeScript has no counterpart: they are printed as "archgate only" examples);
ts.preProcessFile also counts `declare module 'x'`, `import "x"` text inside regular
expressions and misses `export * as ns from`. Exit status 1 when any difference is
not in those known classes, so the script can gate a run. Standard library only.
"""
import argparse
import collections
import json
import re
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('ts')
    ap.add_argument('graph')
    ap.add_argument('--examples', type=int, default=10)
    ap.add_argument('--root', default='.', help='the analysed folder (to show the lines that differ)')
    a = ap.parse_args()
    ref = {}
    for line in open(a.ts, encoding='utf-8'):
        o = json.loads(line)
        ref[o['file']] = {(i['line'], i['spec']) for i in o['imports']}
    g = json.load(open(a.graph, encoding='utf-8'))
    mine = collections.defaultdict(set)
    for e in g['edges']:
        mine[e['from']].add((e['line'], e.get('specifier', e['to'])))
    texts = {}
    unexplained = []
    explained = collections.Counter()
    for f in sorted(set(ref) & {x['path'] for x in g['files']}):
        a_only = mine[f] - ref[f]
        t_only = ref[f] - mine[f]
        if not a_only and not t_only:
            continue
        try:
            lines = texts.setdefault(f, open(f'{a.root}/{f}', encoding='utf-8', errors='replace').read().split('\n'))
        except OSError:
            lines = []
        def text(n):
            return lines[n - 1] if 0 < n <= len(lines) else ''
        for (n, spec) in sorted(a_only):
            t = text(n)
            if 'require.resolve' in t or 'new URL' in t or '<reference' in t or 'Worker' in t:
                explained['archgate only: require.resolve / worker URL / reference'] += 1
            elif re.search(r'export\s*\*\s*as\s', t):
                explained['archgate only: export * as ns (ts.preProcessFile misses it)'] += 1
            else:
                unexplained.append(('archgate only', f, n, spec, t.strip()))
        for (n, spec) in sorted(t_only):
            t = text(n)
            if 'declare module' in t:
                explained['ts only: declare module (an augmentation, not an import)'] += 1
            elif '/' in t and re.search(r'/[^/]*import', t):
                explained['ts only: text inside a regular expression'] += 1
            else:
                unexplained.append(('ts only', f, n, spec, t.strip()))
    total_ref = sum(len(v) for v in ref.values())
    total_mine = sum(len(mine[f]) for f in ref)
    print(f'files {len(ref)}; ts.preProcessFile {total_ref} references, archgate {total_mine}')
    for k, v in sorted(explained.items()):
        print(f'  explained: {k}: {v}')
    print(f'  unexplained: {len(unexplained)}')
    for u in unexplained[:a.examples]:
        print('   ', *u)
    return 1 if unexplained else 0


if __name__ == '__main__':
    sys.exit(main())
