"""The report never raises, whatever text the user pasted (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scans.report.catalog import ITEMS
from tests.unit.report.scenarios import ROOT_NGINX, build_failed, root_nginx, scenario

LINES = st.sampled_from(
    [
        "FROM debian:bookworm-slim",
        "FROM scratch",
        "FROM base AS build",
        "FROM build",
        "USER root",
        "USER ${APP_USER:-1000}:",
        "USER 5000:5000",
        "ARG APP_USER",
        "EXPOSE 80/tcp 70000 ${PORT}",
        "HEALTHCHECK NONE",
        "COPY --chown=app:app . /app",
        "RUN chown -R app /app && sudo true",
        "RUN <<EOF\necho hi\nEOF",
        "ENV PASSWORD=hunter2",
        "CMD nginx",
        "\\",
        "# comment",
        "",
    ]
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=12), st.text(max_size=40))
def test_it_never_raises_on_odd_dockerfiles(lines, noise):
    text = "\n".join([*lines, noise])
    probed = root_nginx()
    for case in (build_failed(text), scenario(text, probed.build, probed.trivy, probed.probe)):
        report = case.report()
        assert [item.id for item in report.checklist] == [spec.id for spec in ITEMS]
        assert report.grade in {"A", "B", "C", "D", "F"}


def test_it_survives_an_empty_dockerfile():
    report = build_failed("").report()

    assert report.grade == "F"
    assert report.fixes.dockerfile_diff == ""
    assert build_failed(ROOT_NGINX).report().fixes.dockerfile_diff != ""
