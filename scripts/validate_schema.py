#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema whose $refs point at files
beside it (CycloneDX's bom schema refers to spdx and jsf schemas by file name).
Works with Debian bookworm's python3-jsonschema (4.10, RefResolver) and with
newer ones (referencing.Registry).
  validate_schema.py SCHEMA DOC...   exit 0 valid, 1 invalid, 3 jsonschema missing"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("validate_schema: python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(3)

schema_path = sys.argv[1]
folder = os.path.dirname(os.path.abspath(schema_path))
schema = json.load(open(schema_path, encoding="utf-8"))


def local(uri):
    """The schema file beside SCHEMA that a $ref names."""
    name = uri.rsplit("/", 1)[-1].split("#")[0]
    # The library ships "spdx.SNAPSHOT.schema.json" for "spdx.schema.json".
    for candidate in (name, name.replace(".schema.json", ".SNAPSHOT.schema.json")):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return json.load(open(path, encoding="utf-8"))
    raise LookupError(uri)


cls = jsonschema.validators.validator_for(schema)
checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
try:
    from referencing import Registry, Resource

    registry = Registry(retrieve=lambda uri: Resource.from_contents(local(uri)))
    validator = cls(schema, registry=registry, format_checker=checker)
except (ImportError, TypeError):  # jsonschema < 4.18: no registry, a RefResolver
    class Resolver(jsonschema.RefResolver):
        def resolve_remote(self, uri):
            return local(uri)

    validator = cls(schema, resolver=Resolver.from_schema(schema), format_checker=checker)

bad = 0
for doc_path in sys.argv[2:]:
    doc = json.load(open(doc_path, encoding="utf-8"))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print(f"{doc_path}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}", file=sys.stderr)
    bad += 1 if errors else 0
    print(f"{doc_path}: {'INVALID' if errors else 'valid'} against {os.path.basename(schema_path)}")
sys.exit(1 if bad else 0)
