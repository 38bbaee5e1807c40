"""The report's template parts, rendered by the real template engine from the report JSON."""

from __future__ import annotations

from html.parser import HTMLParser

from django.template.loader import render_to_string

from scans.report.exports import summarize_verification
from tests.unit.report.scenarios import hardened_app, root_nginx, scan_json, verification_of


class Collector(HTMLParser):
    """Element ids, copy-button targets, and which checklist items start open."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.copy_targets: list[str] = []
        self.checks: list[str] = []
        self.open_details = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"] or "")
        if tag == "button" and "data-copy-target" in attributes:
            assert attributes.get("type") == "button"
            self.copy_targets.append(attributes["data-copy-target"] or "")
        if tag == "li" and "data-check" in attributes:
            self.checks.append(attributes["data-check"] or "")
        if tag == "details" and "open" in attributes:
            self.open_details += 1


def collect(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def render_report(report: dict | None) -> str:
    return render_to_string("scans/parts/report.html", {"report": report})


def test_it_shows_a_placeholder_until_the_report_exists():
    for report in (None, {}, {"status": "pending"}):
        html = render_report(report)
        assert "The checklist, grade and fixes appear when the other stages have finished." in html
        assert 'id="grade"' not in html


def test_it_shows_grade_counts_checklist_and_top_changes():
    html = render_report(root_nginx().report().to_json())
    parsed = collect(html)

    assert '<span class="grade grade-f" id="grade" data-grade="F">F</span>' in html
    assert '<span class="check-fail">3 fail</span>' in html
    assert "score 53.8 / 100" in html
    assert len(parsed.checks) == 15 and parsed.checks[0] == "non-root"
    assert html.count("<li>", html.index('id="top-changes"')) >= 3
    assert "<b>Evidence:</b> no USER in the final stage; effective UID 0 (probe)" in html


def test_it_opens_failing_items_and_the_dockerfile_fix():
    parsed = collect(render_report(root_nginx().report().to_json()))

    assert parsed.open_details == 3 + 1  # non-root, fixed-uid, vulns; the hardened Dockerfile


def test_every_copy_button_points_at_an_element_on_the_page():
    parsed = collect(render_report(root_nginx().report().to_json()))

    assert len(parsed.copy_targets) == 15 + 5
    assert {target.removeprefix("#") for target in parsed.copy_targets} <= set(parsed.ids)
    assert {
        "#fix-docker-run",
        "#fix-compose",
        "#fix-kubernetes",
        "#fix-dockerfile",
        "#fix-dockerfile-diff",
    } <= set(parsed.copy_targets)
    assert len(parsed.ids) == len(set(parsed.ids))


def test_it_escapes_what_came_from_the_users_dockerfile():
    report = root_nginx().report().to_json()
    report["fixes"]["dockerfile"] = "RUN echo '<script>alert(1)</script>'"

    html = render_report(report)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_renders_before_and_after_with_the_verdict():
    data = scan_json(hardened_app())
    data["verification"] = verification_of(hardened_app())
    html = render_to_string("scans/parts/verification.html", {"verification": summarize_verification(data)})

    assert (
        '<p class="verdict ok" id="verdict" role="status">\n'
        "    verified: starts as UID 5000 with a read-only root filesystem and no capabilities</p>"
    ) in html
    assert html.count("<tr data-check=") == 15
    assert '<div class="table-wrap">' in html
    assert 'href="/scans/0f0e0d0c-0000-4000-8000-000000000002/"' in html


def test_it_leaves_out_links_to_the_owners_scans_on_a_shared_page():
    data = scan_json(hardened_app())
    data["verification"] = verification_of(hardened_app())
    html = render_to_string(
        "scans/parts/verification.html", {"verification": summarize_verification(data), "shared": True}
    )

    assert "href=" not in html
    assert html.count("<tr data-check=") == 15


def test_it_renders_nothing_without_a_verification():
    assert render_to_string("scans/parts/verification.html", {"verification": None}).strip() == ""
