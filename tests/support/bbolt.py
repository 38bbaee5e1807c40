"""A minimal bbolt (etcd-io/bbolt) file writer, enough for Trivy to open a fixture DB.

Why our own: PyPI `boltdb==0.0.2` writes valid pages but leaves the meta page
checksum at 0, and Trivy then refuses the file ("checksum error"); see
../shared/ENVIRONMENT.md. The format (bbolt page.go / meta.go / bucket.go):

- page header: id u64, flags u16, count u16, overflow u32 (16 bytes);
- pages 0 and 1 are meta pages (txid 0 and 1), page 2 an empty freelist;
- meta: magic, version, pageSize, flags (u32 each), root bucket (root pgid u64,
  sequence u64), freelist pgid, high-water pgid, txid, checksum (u64 each); the
  checksum is FNV-1a 64 over the meta fields before it;
- every bucket here is one leaf page (plus overflow pages when it is large):
  elements (flags u32, pos u32, ksize u32, vsize u32) with `pos` relative to the
  element itself, keys sorted; a nested bucket is an element with flag 1 whose
  value is a bucket header (root pgid u64, sequence u64).

Only writing is supported, and only what a read-only Trivy needs: no branch pages,
no inline buckets, no free pages.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Union

PAGE_SIZE = 4096
MAGIC = 0xED0CDAED
VERSION = 2
BRANCH, LEAF, META, FREELIST = 0x01, 0x02, 0x04, 0x10
BUCKET_LEAF_FLAG = 0x01
PAGE_HEADER = struct.Struct("<QHHI")
LEAF_ELEMENT = struct.Struct("<IIII")
META_FIELDS = struct.Struct("<IIIIQQQQQ")  # everything before the checksum

# A bucket is a dict of bytes keys to bytes values or nested buckets.
Bucket = dict[bytes, Union[bytes, "Bucket"]]


def fnv1a_64(data: bytes) -> int:
    value = 0xCBF29CE484222325
    for byte in data:
        value ^= byte
        value = (value * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def meta_page(page_id: int, *, root: int, high_water: int, txid: int) -> bytes:
    fields = META_FIELDS.pack(MAGIC, VERSION, PAGE_SIZE, 0, root, 0, 2, high_water, txid)
    body = fields + struct.pack("<Q", fnv1a_64(fields))
    return pad(PAGE_HEADER.pack(page_id, META, 0, 0) + body, 1)


def pad(data: bytes, pages: int) -> bytes:
    return data + b"\0" * (pages * PAGE_SIZE - len(data))


def leaf_page(page_id: int, items: list[tuple[bytes, bytes, int]]) -> bytes:
    """One leaf page (with overflow) holding (key, value, flags) sorted by key."""
    elements = bytearray()
    data = bytearray()
    data_start = PAGE_HEADER.size + LEAF_ELEMENT.size * len(items)
    for index, (key, value, flags) in enumerate(items):
        element_at = PAGE_HEADER.size + LEAF_ELEMENT.size * index
        pos = data_start + len(data) - element_at
        elements += LEAF_ELEMENT.pack(flags, pos, len(key), len(value))
        data += key + value
    size = data_start + len(data)
    pages = max(1, -(-size // PAGE_SIZE))
    header = PAGE_HEADER.pack(page_id, LEAF, len(items), pages - 1)
    return pad(header + bytes(elements) + bytes(data), pages)


class _Allocator:
    """Lays buckets out depth-first after the meta and freelist pages."""

    def __init__(self) -> None:
        self.pages: list[bytes] = []
        self.next_id = 3

    def write_bucket(self, bucket: Bucket) -> int:
        items: list[tuple[bytes, bytes, int]] = []
        for key in sorted(bucket):
            value = bucket[key]
            if isinstance(value, dict):
                child_root = self.write_bucket(value)
                items.append((key, struct.pack("<QQ", child_root, 0), BUCKET_LEAF_FLAG))
            else:
                items.append((key, value, 0))
        page_id = self.next_id
        page = leaf_page(page_id, items)
        self.pages.append(page)
        self.next_id += len(page) // PAGE_SIZE
        return page_id


def write_bbolt(path: Path, buckets: Bucket) -> None:
    """Write `buckets` (top-level names → nested buckets) as a bbolt file at `path`."""
    if any(not isinstance(value, dict) for value in buckets.values()):
        raise ValueError("bbolt allows only buckets at the top level")
    allocator = _Allocator()
    root = allocator.write_bucket(buckets)
    high_water = allocator.next_id
    freelist = pad(PAGE_HEADER.pack(2, FREELIST, 0, 0), 1)
    content = (
        meta_page(0, root=root, high_water=high_water, txid=0)
        + meta_page(1, root=root, high_water=high_water, txid=1)
        + freelist
        + b"".join(allocator.pages)
    )
    path.write_bytes(content)
