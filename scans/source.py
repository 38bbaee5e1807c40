"""User input -> Dockerfile text, with every limit checked before anything is stored."""

from __future__ import annotations

from scans.errors import ScanUserError


def decode_dockerfile(data: bytes, *, max_bytes: int) -> str:
    """Validate raw bytes and return the text.

    Raises ScanUserError with message ids source.empty, source.too_large,
    source.nul_bytes or source.not_utf8. Order matters: size first, so we never
    decode a huge upload.
    """
    if len(data) > max_bytes:
        raise ScanUserError("source.too_large", size=len(data), limit=max_bytes)
    if b"\x00" in data:
        raise ScanUserError("source.nul_bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScanUserError("source.not_utf8", position=exc.start) from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise ScanUserError("source.empty")
    return text


def validate_pasted_text(text: str, *, max_bytes: int) -> str:
    return decode_dockerfile(text.encode("utf-8", errors="surrogatepass"), max_bytes=max_bytes)
