"""The report as a user meets it: stages fill in, checklist, copy, SARIF, share, revoke, verify."""

from __future__ import annotations

import json

import pytest

from scans.models import Scan
from tests.conftest import wait_for_scan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.podman,
    pytest.mark.django_db(transaction=True),
]

ROOT_DOCKERFILE = 'FROM debian:bookworm-slim\nCMD ["sleep", "300"]\n'


def test_a_root_dockerfile_gets_an_f_and_a_fix_that_verifies(browser, live_server, celery_worker_process):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.fill("textarea[name=dockerfile]", ROOT_DOCKERFILE)
    page.click("button[type=submit]")
    page.wait_for_url("**/scans/*/")
    page.wait_for_selector("[data-stage=lint] >> text=completed", timeout=60_000)

    page.wait_for_selector("#grade", timeout=240_000)
    assert page.inner_text("#grade") == "F"
    for stage in ("lint", "build", "probe", "report"):
        assert page.inner_text(f"[data-stage={stage}] .stage-status") == "completed"

    # The checklist: the non-root item fails with the probe's evidence.
    non_root = page.locator("#check-non-root")
    assert non_root.get_attribute("data-status") == "fail"
    assert "effective UID 0 (probe)" in non_root.inner_text()

    # Copy the hardened docker run command.
    page.click("#fix-docker-run-block summary")
    page.click("button[data-copy-target='#fix-docker-run']")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.inner_text("#fix-docker-run")
    assert "--cap-drop=ALL" in copied and "--read-only" in copied and "--user 5000:5000" in copied

    # Download SARIF.
    with page.expect_download() as download_info:
        page.click("a:text('SARIF')")
    sarif = json.loads(open(download_info.value.path()).read())
    assert sarif["version"] == "2.1.0"
    assert "ADV101" in {result["ruleId"] for result in sarif["runs"][0]["results"]}

    share_url = create_share_link(page)
    stranger = browser.new_context()
    shared = stranger.new_page()
    assert shared.goto(share_url).status == 200
    assert shared.inner_text("#grade") == "F"
    assert shared.locator("#verify-button").count() == 0
    page.click("details.share summary")
    page.click("button.revoke")
    assert shared.goto(share_url).status == 404
    stranger.close()

    # Verify the fix: a rebuild and re-probe of the hardened Dockerfile.
    original_url = page.url
    page.click("#verify-button")
    page.wait_for_url(lambda url: url != original_url)
    child = Scan.objects.exclude(verifies=None).get()
    assert page.url.endswith(f"/scans/{child.code}/")
    wait_for_scan(child, timeout=300)
    page.reload()
    verdict = page.inner_text("#verdict")
    build = child.stage_runs.get(stage="build").result
    assert verdict.startswith("verified: starts as UID 5000 with a read-only root filesystem"), (
        verdict,
        build,
    )
    for check in ("non-root", "read-only-rootfs", "cap-drop-all", "no-new-privileges"):
        after = page.get_attribute(f"#before-after tr[data-check={check}] td:nth-of-type(2)", "class")
        assert after == "check-pass", (check, page.inner_text(f"#before-after tr[data-check={check}]"))
    context.close()


def create_share_link(page) -> str:
    page.click("details.share summary")
    page.click("#share-button")
    page.wait_for_selector("#share-url")
    return page.input_value("#share-url")
