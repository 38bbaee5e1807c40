"""templates/scans/parts/trivy.html rendered from real parsed Trivy output."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from scans.results import StageStatus, TrivyResult
from scans.trivy import parsing, stage
from tests.unit.trivy.captures import RAW_ACCESS_KEY_ID, capture


class Run:
    def __init__(self, status: str, result: dict) -> None:
        self.status, self.result = status, result


def render(result: TrivyResult, *, messages: dict | None = None, sbom_url: str | None = None) -> str:
    data = {**result.to_json(), "sbom_url": sbom_url}
    findings = [f.to_json() for f in result.findings]
    context = {"run": Run(str(result.status), data), "findings": findings, "stage_messages": messages or {}}
    return render_to_string("scans/parts/trivy.html", context)


def image_result(name: str, status: StageStatus, vuln_db: str) -> TrivyResult:
    scanned = stage.image_findings(capture(name))
    config = parsing.misconfig_findings(capture("config-misconfigured.json"), quote_code=True)
    return TrivyResult(
        status,
        vuln_db=vuln_db,
        summary=scanned.summary,
        details=scanned.details,
        findings=tuple(config + scanned.findings),
    )


def cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'class="{table}"')[1].split("</table>")[0]
    rows = [row for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S) if "<td" in row]
    return [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def text_of(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def test_it_shows_the_vulnerability_table_with_fixed_versions_and_links():
    html = render(
        image_result("image-fixture-db.json.gz", StageStatus.COMPLETED, "available"),
        sbom_url="/scans/x/sbom/",
    )
    assert cells(html, "trivy-vulns") == [
        [
            "CVE-2099-0004",
            "low",
            "advisor-fixture",
            "1.0-1",
            "2.0-1",
            "advisor-fixture: fixture bug in the app layer",
        ],
        [
            "CVE-2099-0002",
            "medium",
            "tar base image",
            "1.34+dfsg-1.2+deb12u1",
            "no fix yet",
            "tar: fixture path traversal, no fix yet",
        ],
        [
            "CVE-2099-0001",
            "high",
            "zlib1g base image",
            "1:1.2.13.dfsg-1",
            "1:1.3.1.dfsg-1~deb12u1",
            "zlib: fixture heap overflow in inflate",
        ],
    ]
    assert (
        '<a href="https://avd.aquasec.com/nvd/cve-2099-0001" rel="noopener noreferrer">CVE-2099-0001</a>'
        in html
    )
    assert '<a class="sbom" href="/scans/x/sbom/" download>' in html


def test_it_shows_counts_fixability_and_the_base_image_share():
    html = render(image_result("image-fixture-db.json.gz", StageStatus.COMPLETED, "available"))
    assert cells(html, "trivy-counts") == [["0", "1", "1", "1", "0", "2", "1"]]
    share = re.sub(r"\s+", " ", html.split('class="base-share">')[1].split("</p>")[0])
    assert share == (
        "2 of 3 vulnerabilities come from the base image <code>docker.io/library/debian:bookworm-slim</code>"
        " (1 with a fix: rebuilding on a newer base image removes them)."
    )
    assert "Vulnerability database: available." in html


def test_it_shows_the_secret_masked_only():
    html = render(image_result("image-fixture-db.json.gz", StageStatus.COMPLETED, "available"))
    assert '<pre class="quote">aws_access_key_id = ********************</pre>' in html
    assert RAW_ACCESS_KEY_ID not in html


def test_it_says_in_plain_words_that_the_db_is_unavailable():
    html = render(image_result("image-no-db.json.gz", StageStatus.UNAVAILABLE, "unavailable"))
    assert "Vulnerability database unavailable: vulnerabilities were not checked." in html
    assert 'class="trivy-counts"' not in html
    assert "aws_access_key_id = ********************" in html
    assert '<code class="rule">DS-0031</code>' in html


def test_it_explains_a_dockerfile_only_scan():
    findings = parsing.misconfig_findings(capture("config-misconfigured.json"), quote_code=True)
    result = TrivyResult(StageStatus.COMPLETED, findings=tuple(findings), message_id="trivy.config_only")
    html = render(result)
    assert "There was no image to scan, so Trivy checked the Dockerfile only." in html
    assert "Secrets in the image" not in html
    assert html.count('<code class="rule">DS-') == 6


def test_it_shows_the_stage_error_message():
    messages = {
        "trivy": {
            "title": "Trivy is not installed",
            "body": "The trivy binary was not found.",
            "action": "Run set-up.",
        }
    }
    html = render(TrivyResult(StageStatus.ERROR, message_id="trivy.missing"), messages=messages)
    assert 'role="alert">Trivy is not installed: The trivy binary was not found.' in html
    assert "Vulnerability database" not in html


def test_it_takes_the_sbom_link_from_the_scan_json_on_the_detail_page():
    result = image_result("image-fixture-db.json.gz", StageStatus.COMPLETED, "available")
    data = {"stages": {"trivy": {"sbom_url": "/scans/abc/sbom/"}}}
    context = {"run": Run("completed", result.to_json()), "findings": [], "stage_messages": {}, "data": data}
    html = render_to_string("scans/parts/trivy.html", context)
    assert '<a class="sbom" href="/scans/abc/sbom/" download>' in html
