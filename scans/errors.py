"""The three kinds of trouble a scan can meet, each with a stable message id.

Stages may raise these internally, but a stage entry point converts them into a
result status; only truly unexpected exceptions reach the pipeline.
"""

from __future__ import annotations

from typing import Any


class ScanError(Exception):
    def __init__(self, message_id: str, **format_values: Any) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.format_values = format_values


class ScanUserError(ScanError):
    """The input's fault (oversize file, failed build): the user sees a specific message."""


class ScanAppError(ScanError):
    """Our fault: the user sees a generic message with the scan code; we log details."""


class ToolUnavailable(ScanError):
    """An optional capability is missing; the stage reports `unavailable`."""
