"""docs/report-schema.json, loaded once, and its errors as short readable lines."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "report-schema.json"


@cache
def scan_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)  # a broken schema would accept anything
    return Draft202012Validator(schema)


def schema_errors(data: Any) -> list[str]:
    """`path: message` per violation, sorted; [] when the document validates."""
    errors = scan_validator().iter_errors(data)
    return sorted(f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}" for error in errors)
