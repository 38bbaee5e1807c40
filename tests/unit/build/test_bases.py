from __future__ import annotations

from scans.build.bases import base_images, disallowed_bases, registry_of


def test_it_lists_base_images_skipping_scratch_and_earlier_stages():
    dockerfile = (
        "ARG BASE=debian:bookworm-slim\n"
        "FROM --platform=linux/amd64 golang:1.22 AS build\n"
        "RUN go build \\\n  ./...\n"
        "FROM ${BASE}\n"
        "COPY --from=build /app /app\n"
        "FROM build AS test\n"
        "from scratch\n"
    )
    assert base_images(dockerfile) == ["golang:1.22", "debian:bookworm-slim"]


def test_it_knows_the_registry_of_short_and_qualified_names():
    assert registry_of("busybox") == "docker.io"
    assert registry_of("library/busybox:1.36") == "docker.io"
    assert registry_of("ghcr.io/org/app:1") == "ghcr.io"
    assert registry_of("localhost:5000/app") == "localhost:5000"
    assert registry_of("localhost/app") == "localhost"


def test_it_flags_bases_outside_the_allow_list_and_allows_all_when_empty():
    dockerfile = "FROM quay.io/evil/image:1\nFROM busybox\n"
    assert disallowed_bases(dockerfile, ("docker.io",)) == ["quay.io/evil/image:1"]
    assert disallowed_bases(dockerfile, ()) == []
