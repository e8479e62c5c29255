#!/usr/bin/env python3
"""Validates JSON documents against one of wan-preflight's schemas (schemas/*.schema.json).

  scripts/validate-json.py SCHEMA [FILE...]

SCHEMA is a schema's name (report, lint, probe, rules, configuration, request) or a path. Each
FILE (standard input when none, or `-`) is validated; the schemas' relative $refs resolve among
the files of schemas/. Prints one line per error (file, JSON path, message); exit status 0 when
every document matches, 1 when one does not, 2 when a schema or document cannot be read.
Needs the `jsonschema` package (scripts/install-deps.sh --test-tools installs it).
"""
import json
import pathlib
import sys

try:
    import jsonschema
    import referencing
    from referencing.jsonschema import DRAFT202012
except ImportError:
    sys.exit("validate-json: the jsonschema package is missing (pip install jsonschema)")

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "schemas"


def registry():
    resources = []
    for path in sorted(FOLDER.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((path.as_uri(), resource))
    return referencing.Registry().with_resources(resources)


def deepest(error):
    """The error that says most: for "not valid under any of the given schemas" (a value that may
    also be null, say), the alternatives' error that reaches deepest into the document."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
    return error


def main(arguments):
    if not arguments:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    name, files = arguments[0], arguments[1:] or ["-"]
    schema_path = pathlib.Path(name) if name.endswith(".json") else FOLDER / f"{name}.schema.json"
    try:
        schema = json.loads(schema_path.resolve().read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"validate-json: {schema_path}: {error}", file=sys.stderr)
        return 2
    jsonschema.Draft202012Validator.check_schema(schema)
    # The schema by its file URI, so that its relative $refs resolve among its neighbours.
    validator = jsonschema.Draft202012Validator(
        {"$ref": schema_path.resolve().as_uri()}, registry=registry()
    )
    status = 0
    for file in files:
        try:
            text = sys.stdin.read() if file == "-" else pathlib.Path(file).read_text(encoding="utf-8")
            document = json.loads(text)
        except (OSError, ValueError) as error:
            print(f"validate-json: {file}: {error}", file=sys.stderr)
            return 2
        errors = [deepest(error) for error in validator.iter_errors(document)]
        for error in sorted(errors, key=lambda e: [str(part) for part in e.absolute_path]):
            status = 1
            place = "/" + "/".join(str(part) for part in error.absolute_path)
            print(f"{file}: {place}: {error.message}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
