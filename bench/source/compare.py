#!/usr/bin/env python3
"""How far archgate's module graph agrees with dependency-cruiser's, and its cycles with madge's.

  compare.py edges GRAPH.json CRUISE [--examples N]
      GRAPH.json  `archgate graph DIR --format json --include-types`
      CRUISE      `depcruise --output-type json` output (as kept by run.sh KEEP=...), or the JSON
                  lines of `node bench/source/edges.mjs DIR` (same edges, but without the unresolved
                  ones and the module list, so the reasons are coarser)
  compare.py cycles CHECK.json MADGE.jsonl [--with-types] [--cruise CRUISE] [--examples N]
      CHECK.json  `archgate check DIR --only 'source/*' --format json` (source/cycle findings)
      MADGE.jsonl `node bench/source/edges.mjs DIR --cycles` (the skipTypeImports=true cycles,
                  like archgate's runtime-edge cycles; --with-types takes the other set)

Edges are compared as (from, to) pairs of files inside DIR. Every edge only one tool has is put in
a bucket naming the likely reason, derived mechanically from what the other tool said about the same
importing file and specifier; read the examples before trusting a bucket. Standard library only.
"""
import argparse
import collections
import json
import os
import re


def load_json_or_lines(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def ext(path):
    return os.path.splitext(path)[1] or '(none)'


def spec_kind(spec):
    """A coarse class of specifier: relative, #subpath, bare package, absolute, URL..."""
    if spec.startswith(('./', '../')) or spec in ('.', '..'):
        return 'relative'
    if spec.startswith('#'):
        return '#imports'
    if spec.startswith('/'):
        return 'absolute'
    if re.match(r'^[a-z][a-z0-9+.-]*:', spec):
        return 'url/scheme'
    return 'bare'


def archgate_graph(path):
    """-> (files, {(from, to): edge}, {from: [edges]}) from `archgate graph --format json`."""
    g = load_json_or_lines(path)
    files = {f['path'] for f in g['files']}
    pairs, by_from = {}, collections.defaultdict(list)
    for e in g['edges']:
        by_from[e['from']].append(e)
        if e['resolved'] == 'file':
            pairs.setdefault((e['from'], e['to']), e)
    return files, pairs, by_from


def local(path):
    return not (path.startswith(('../', '/')) or re.search(r'(^|/)node_modules/', path))


def cruise_graph(path):
    """-> (cruised files or None, {(from, to): dep}, {from: [deps]}); deps are dicts with
    spec, to, unresolved, local, type (type-only). edges.mjs lines carry no module list and no unresolved deps."""
    data = load_json_or_lines(path)
    pairs, by_from = {}, collections.defaultdict(list)
    if isinstance(data, dict):  # depcruise's own JSON
        files = set()
        for m in data['modules']:
            if m.get('coreModule') or m.get('couldNotResolve') or not local(m['source']):
                continue
            files.add(m['source'])
            for d in m['dependencies']:
                types = d.get('dependencyTypes', [])
                dep = {'spec': d['module'], 'to': d['resolved'], 'unresolved': d.get('couldNotResolve', False),
                       'local': not d.get('coreModule') and not d.get('couldNotResolve') and local(d['resolved']),
                       'type': 'type-only' in types or 'type-import' in types}
                by_from[m['source']].append(dep)
                if dep['local']:
                    pairs.setdefault((m['source'], d['resolved']), dep)
        return files, pairs, by_from
    for e in data:  # edges.mjs lines: local resolved edges only
        dep = {'spec': e.get('spec', '?'), 'to': e['to'], 'unresolved': False, 'local': True, 'type': e['typeOnly']}
        by_from[e['from']].append(dep)
        pairs.setdefault((e['from'], e['to']), dep)
    return None, pairs, by_from


def why_only_archgate(a, cfiles, cby_from):
    """Why depcruise has no edge for archgate's edge a (from, to, specifier, kind)."""
    if cfiles is not None and a['from'] not in cfiles:
        return f"depcruise did not cruise the importing file ({ext(a['from'])})"
    spec = a.get('specifier', '?')
    same = [d for d in cby_from.get(a['from'], []) if d['spec'] == spec]
    if not same and cfiles is None:  # edges.mjs lines: unresolved and external deps are not there
        return f"no local depcruise edge for the {spec_kind(spec)} specifier (pass depcruise's JSON to see why)"
    if not same:
        return f"depcruise saw no import {spec_kind(spec)} specifier (archgate kind {a['kind']})"
    d = same[0]
    if d['unresolved']:
        return f"depcruise could not resolve the {spec_kind(spec)} specifier"
    if not d['local']:
        where = 'node_modules' if 'node_modules/' in d['to'] else 'outside DIR or a core module'
        return f"depcruise resolved the {spec_kind(spec)} specifier into {where}"
    if cfiles is not None and d['to'] not in cfiles:
        return f"depcruise resolved to a file it does not cruise ({ext(d['to'])})"
    return f"depcruise resolved the {spec_kind(spec)} specifier to another file"


def why_only_cruise(pair, d, afiles, aby_from):
    """Why archgate has no file edge for depcruise's edge (from, to) with specifier d['spec']."""
    frm, to = pair
    if frm not in afiles:
        return f"archgate does not scan the importing file ({ext(frm)})"
    same = [e for e in aby_from.get(frm, []) if e.get('specifier', e['to']) == d['spec']]
    if not same:
        return f"archgate saw no import {spec_kind(d['spec'])} specifier"
    e = same[0]
    if e['resolved'] == 'file':
        return f"archgate resolved the {spec_kind(d['spec'])} specifier to another file"
    if to not in afiles:
        return f"target is not an archgate source file ({ext(to)}); archgate: {e['resolved']}"
    return f"archgate: {e['resolved']} for a {spec_kind(d['spec'])} specifier"


def report(title, only, why, show, examples):
    """Print how many items only one tool has, bucketed by why(item), with a few examples each."""
    buckets = collections.defaultdict(list)
    for item in sorted(only):
        buckets[why(item)].append(item)
    print(f'{title}: {len(only)}')
    for reason, items in sorted(buckets.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f'  {len(items):6d}  {reason}')
        for item in items[:examples]:
            print(f'            {show(item)}')


def edges(args):
    afiles, apairs, aby_from = archgate_graph(args.graph)
    cfiles, cpairs, cby_from = cruise_graph(args.cruise)
    common = apairs.keys() & cpairs.keys()
    union = apairs.keys() | cpairs.keys()
    print(f'archgate: {len(afiles)} files, {len(apairs)} file->file edges (type-only included)')
    print(f'depcruise: {"?" if cfiles is None else len(cfiles)} files, {len(cpairs)} file->file edges')
    if cfiles is not None:
        for name, fs in (('archgate scans', afiles - cfiles), ('depcruise cruises', cfiles - afiles)):
            by_ext = collections.Counter(ext(f) for f in fs).most_common()
            print(f'files only {name}: {len(fs)} {dict(by_ext)}')
    print(f'common edges: {len(common)} ({100 * len(common) / max(1, len(union)):.1f}% of the union)')

    def show(p):
        a, d = apairs.get(p), cpairs.get(p)
        how = f"{a['specifier']!r} {a['kind']} line {a['line']}" if a else repr(d['spec'])
        return f'{p[0]} -> {p[1]}  ({how})'
    report('only archgate', apairs.keys() - common,
           lambda p: why_only_archgate(apairs[p], cfiles, cby_from), show, args.examples)
    report('only depcruise', cpairs.keys() - common,
           lambda p: why_only_cruise(p, cpairs[p], afiles, aby_from), show, args.examples)


def components(pairs):
    """Strongly connected components with more than one file (iterative Tarjan)."""
    graph = collections.defaultdict(list)
    for a, b in pairs:
        graph[a].append(b)
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    for root in list(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root), on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is None:  # v is done: pop its component if it is a root
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = set()
                    while not comp or v not in comp:
                        comp.add(stack.pop())
                    on_stack.difference_update(comp)
                    if len(comp) > 1:
                        out.append(frozenset(comp))
            elif w not in index:
                index[w] = low[w] = len(index)
                stack.append(w), on_stack.add(w)
                work.append((w, iter(graph[w])))
            elif w in on_stack:
                low[v] = min(low[v], index[w])
    return out


def cycles(args):
    check = load_json_or_lines(args.check)
    comps = [frozenset(f['files']) for f in check['findings'] if f['rule'] == 'source/cycle']
    skip_types = not args.with_types
    madge = [c['cycle'] for c in load_json_or_lines(args.madge) if c['skipTypeImports'] == skip_types]
    comp_of = {f: c for c in comps for f in c}
    inside = [c for c in madge if len({comp_of.get(f) for f in c}) == 1 and c[0] in comp_of]
    outside = [c for c in madge if c not in inside]
    afiles, mfiles = set(comp_of), {f for c in madge for f in c}
    print(f'archgate: {len(comps)} cycle components, {len(afiles)} files '
          f'(largest {max(map(len, comps), default=0)})')
    print(f'madge (skipTypeImports={str(skip_types).lower()}): {len(madge)} cycles, {len(mfiles)} files')
    print(f'madge cycles inside one archgate component: {len(inside)}; not: {len(outside)}')
    for c in outside[:args.examples]:
        print(f'            {" -> ".join(c)}  (archgate: {["-" if f not in comp_of else "in a component" for f in c]})')
    hit = {c for c in comps if c & mfiles}
    print(f'archgate components with no file in any madge cycle: {len(comps) - len(hit)}')
    for c in [c for c in comps if c not in hit][:args.examples]:
        print(f'            {len(c)} files, e.g. {sorted(c)[:3]}')
    for name, fs in (('archgate', afiles - mfiles), ('madge', mfiles - afiles)):
        print(f'files in cycles only per {name}: {len(fs)}')
        for f in sorted(fs)[:args.examples]:
            print(f'            {f}')
    if args.cruise:
        # madge lists the cycles its depth-first search meets, not every file on one; the strongly
        # connected components of dependency-cruiser's runtime (not type-only) edges are comparable.
        _, _, by_from = cruise_graph(args.cruise)
        comps_d = components({(f, d['to']) for f, deps in by_from.items() for d in deps
                              if d['local'] and not d['type']})
        dfiles = set().union(*comps_d)
        print(f'depcruise runtime-edge components: {len(comps_d)}, {len(dfiles)} files; '
              f'identical to archgate\'s: {len(set(comps) & set(comps_d))} of {len(comps)}')
        for name, fs in (('archgate', afiles - dfiles), ('depcruise', dfiles - afiles)):
            print(f'files in components only per {name}: {len(fs)}')
            for f in sorted(fs)[:args.examples]:
                print(f'            {f}')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    e = sub.add_parser('edges')
    e.add_argument('graph')
    e.add_argument('cruise')
    c = sub.add_parser('cycles')
    c.add_argument('check')
    c.add_argument('madge')
    c.add_argument('--with-types', action='store_true')
    c.add_argument('--cruise', help="also compare with the components of dependency-cruiser's graph (CRUISE above)")
    for p in (e, c):
        p.add_argument('--examples', type=int, default=3, help='examples printed per bucket (default 3)')
    args = ap.parse_args()
    edges(args) if args.cmd == 'edges' else cycles(args)


if __name__ == '__main__':
    main()
