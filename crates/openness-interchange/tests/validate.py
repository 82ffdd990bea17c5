"""Validates exported documents with the formats' own tools.

usage: validate.py DIR MOT_SCHEMA

- *.cdx.json: cyclonedx-python-lib's strict JSON validator for CycloneDX 1.7 (the schema ships
  inside the package);
- *.spdx3.json: spdx-python-model's SPDX 3.0.1 JSON-LD deserialiser (types, enumerations, IRIs),
  every reference resolved, then its serialiser, which checks every property's cardinality (no
  registry package we could find ships the SPDX 3.0.1 JSON schema: spdx3-validate downloads it);
- *.mot.yml: MOT's own JSON schema (mof_schema.json), with jsonschema.
Prints one line per format ("cyclonedx N valid, ...") and every failure; exits 1 on any.
"""

import io
import json
import pathlib
import sys
import time

import jsonschema
import yaml
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_python_model import v3_0_1 as spdx


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    mot_schema = json.loads(pathlib.Path(sys.argv[2]).read_text())
    failures = []
    counts = {"cyclonedx": 0, "spdx3": 0, "mot": 0}
    seconds = {}
    start = time.monotonic()
    cdx = JsonStrictValidator(SchemaVersion.V1_7)
    for path in sorted(folder.glob("*.cdx.json")):
        error = cdx.validate_str(path.read_text())
        if error is None:
            counts["cyclonedx"] += 1
        else:
            failures.append(f"{path.name}: {error}")
    seconds["cyclonedx"] = time.monotonic() - start
    start = time.monotonic()
    for path in sorted(folder.glob("*.spdx3.json")):
        try:
            objects = spdx.SHACLObjectSet()
            with path.open("rb") as f:
                spdx.JSONLDDeserializer().read(f, objects)
            missing = objects.link()
            if missing:
                raise ValueError(f"references to elements not in the document: {sorted(missing)[:5]}")
            # Encoding checks every property's type and cardinality (min and max counts).
            spdx.JSONLDSerializer().write(objects, io.BytesIO())
            counts["spdx3"] += 1
        except Exception as e:  # the model raises several kinds
            failures.append(f"{path.name}: {e}")
    seconds["spdx3"] = time.monotonic() - start
    start = time.monotonic()
    for path in sorted(folder.glob("*.mot.yml")):
        document = yaml.safe_load(path.read_text())
        try:
            # MOT's schema declares `format: date`; check formats as MOT does.
            jsonschema.validate(document, mot_schema, format_checker=jsonschema.FormatChecker())
            counts["mot"] += 1
        except jsonschema.ValidationError as e:
            failures.append(f"{path.name}: {e.message} at {list(e.absolute_path)}")
    seconds["mot"] = time.monotonic() - start
    print(", ".join(f"{k} {v} valid" for k, v in counts.items()))
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()), file=sys.stderr)
    for f in failures[:50]:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
