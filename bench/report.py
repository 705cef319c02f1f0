"""Turns bench/results/latest.json into the Markdown table docs/PERFORMANCE.md quotes."""
import json
import platform
import subprocess
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
print(f"Machine: {cpu}, {platform.machine()}, nproc {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}; node {node}\n")
print("### In-process parse (lockfile bytes -> graph -> inventory), median of repeats\n")
print("| input | size | nodes | archgate MB/s | archgate pkgs/s | peer | peer MB/s | ratio |")
print("|---|---:|---:|---:|---:|---|---:|---:|")
for r in rows:
    a, p = r.get("archgate", {}), r.get("peer", {})
    if "mb_per_s" not in a:
        print(f"| {r['label']} | | | failed | | {p.get('peer','')} | {p.get('mb_per_s','')} | |")
        continue
    ratio = f"{p['median_s'] / a['median_s']:.0f}x" if p.get("median_s") else "n/a"
    print(f"| {r['label']} | {a['bytes']/1e6:.1f} MB | {a['nodes']} | {a['mb_per_s']:.0f} | {a['packages_per_s']:.0f} "
          f"| {p.get('peer','')} | {p.get('mb_per_s','n/a')} | {ratio} |")
print("\n### Whole commands (wall seconds, peak RSS)\n")
print("| input | archgate inventory | peak RSS | RSS / file size | `npm ls --all --json --package-lock-only` | ratio | node: JSON.parse only |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    a = r.get("archgate", {})
    size = a.get("bytes", 0) / 1e6
    try:
        t, rss = r["archgate_cmd"].split()
        t, rss = float(t), int(rss) / 1024
    except (ValueError, KeyError):
        t, rss = None, None
    npm = r.get("npm_ls_cmd")
    npm_s, ratio = "not run", ""
    if npm:
        try:
            nt, _ = npm.split()
            npm_s = f"{float(nt):.2f} s"
            ratio = f"{float(nt) / t:.0f}x" if t else ""
        except ValueError:
            npm_s = npm
    try:
        nodet = f"{float(r['node_parse_cmd'].split()[0]):.2f} s"
    except (ValueError, KeyError, IndexError):
        nodet = "n/a"
    rss_ratio = f"{rss / size:.1f}x" if rss and size else ""
    print(f"| {r['label']} | {t if t is not None else 'failed'} s | {rss:.0f} MB | {rss_ratio} | {npm_s} | {ratio} | {nodet} |" if rss else
          f"| {r['label']} | failed | | | {npm_s} | | {nodet} |")
