"""Loads the real Trivy outputs captured by tests/data/trivy/refresh.py (see COMMANDS.txt there)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "data" / "trivy"

# What fixture.Dockerfile plants; the full values exist only inside the image layer.
RAW_ACCESS_KEY_ID = "AKIAQ7TESTKEY7EXAMPL"
RAW_NEIGHBOUR_SECRET = "Xq7TestSecretKeyValueForFixture0123456789"


def capture_text(name: str) -> str:
    path = DATA / name
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode()
    return path.read_text()


def capture(name: str) -> dict[str, Any]:
    return json.loads(capture_text(name))
