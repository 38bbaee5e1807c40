"""Every message id the code uses has text in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from scans.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
NOT_MESSAGE_IDS = {"trivy.db"}  # Trivy's database file name, which looks like an id
ID_RE = re.compile(r"""["']((?:source|lint|stage|scan|build|sandbox|probe|trivy|report|api)\.[a-z_]+)["']""")


def test_every_message_id_used_in_code_is_in_the_catalogue():
    used: set[str] = set()
    for path in (ROOT / "scans").rglob("*.py"):
        if path.name != "messages.py":
            used |= set(ID_RE.findall(path.read_text()))
    missing = sorted(mid for mid in used - NOT_MESSAGE_IDS if mid not in MESSAGES)
    assert used  # the scan found ids at all
    assert missing == []
