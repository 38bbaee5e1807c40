"""The fixture-DB writer: bbolt's meta checksum is what Trivy rejects when it is wrong."""

from __future__ import annotations

import json
import struct

from tests.support.bbolt import META_FIELDS, PAGE_SIZE, fnv1a_64
from tests.support.trivy_db import write_trivy_db


def test_it_computes_fnv1a_64_like_go():
    # Reference values of Go's hash/fnv New64a.
    assert fnv1a_64(b"") == 0xCBF29CE484222325
    assert fnv1a_64(b"a") == 0xAF63DC4C8601EC8C
    assert fnv1a_64(b"foobar") == 0x85944171F73967E8


def test_it_writes_both_meta_pages_with_a_valid_checksum(tmp_path):
    db = write_trivy_db(tmp_path) / "trivy.db"
    content = db.read_bytes()
    for page in (0, 1):
        meta = content[page * PAGE_SIZE + 16 :]
        fields = meta[: META_FIELDS.size]
        magic, version, page_size, _, root, _, freelist, high_water, txid = META_FIELDS.unpack(fields)
        (checksum,) = struct.unpack("<Q", meta[META_FIELDS.size : META_FIELDS.size + 8])
        assert (magic, version, page_size, freelist, txid) == (0xED0CDAED, 2, PAGE_SIZE, 2, page)
        assert checksum == fnv1a_64(fields)
        assert len(content) == high_water * PAGE_SIZE
        assert 3 <= root < high_water


def test_it_writes_metadata_trivy_accepts(tmp_path):
    metadata = json.loads((write_trivy_db(tmp_path) / "metadata.json").read_text())
    assert metadata["Version"] == 2
    assert sorted(metadata) == ["DownloadedAt", "NextUpdate", "UpdatedAt", "Version"]
