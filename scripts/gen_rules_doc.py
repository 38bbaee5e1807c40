"""Write docs/rules.md from the lint rule registry: `python scripts/gen_rules_doc.py`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scans.lint.rules_doc import render_rules_markdown  # noqa: E402

if __name__ == "__main__":
    target = ROOT / "docs" / "rules.md"
    target.write_text(render_rules_markdown(), encoding="utf-8")
    print(f"wrote {target}")
