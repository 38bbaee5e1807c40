"""A real browser pastes a Dockerfile and watches the worker's findings appear."""

from __future__ import annotations

import pytest

from scans.models import Scan
from tests.conftest import wait_for_scan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
]


def test_a_finding_appears_without_reloading(page, live_server, celery_worker_process):
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.goto(live_server.url + "/")
    page.fill("textarea[name=dockerfile]", 'FROM busybox:latest\nCMD ["sleep", "30"]\n')
    page.click("button[type=submit]")
    page.wait_for_url("**/scans/*/")
    # Mark the document: if htmx swaps the fragment, the mark survives; a reload would drop it.
    page.evaluate("window.__notReloaded = true")
    page.wait_for_selector("#lint-findings .finding >> text=ADV101", timeout=60_000)
    assert page.evaluate("window.__notReloaded") is True
    assert "The final stage has no USER" in page.inner_text("#lint-findings")
    assert console_errors == []  # e.g. nothing blocked by our Content-Security-Policy
    scan = Scan.objects.get()
    wait_for_scan(scan, timeout=300)


def test_the_form_keeps_the_text_when_the_input_is_bad(page, live_server, settings):
    settings.ADVISOR_MAX_DOCKERFILE_BYTES = 40
    page.goto(live_server.url + "/")
    text = "FROM debian:bookworm-slim\nRUN echo this-is-too-long\n"
    page.fill("textarea[name=dockerfile]", text)
    page.click("button[type=submit]")
    assert "the limit is 40 bytes" in page.inner_text("#dockerfile-error")
    assert page.input_value("textarea[name=dockerfile]") == text


def test_the_report_page_works_without_javascript(browser, live_server):
    from tests.factories import ScanFactory

    scan = ScanFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/scans/{scan.code}/")
    assert page.locator("[data-stage=lint]").count() == 1
    page.click("text=JSON")
    assert str(scan.code) in page.content()
    context.close()


@pytest.mark.podman
def test_the_build_log_streams_while_it_runs(page, live_server, celery_worker_process):
    slow_build = (
        'FROM busybox:latest\nRUN for i in 1 2 3 4 5 6 7 8; do echo "step $i"; sleep 1; done\nCMD ["true"]\n'
    )
    page.goto(live_server.url + "/")
    page.fill("textarea[name=dockerfile]", slow_build)
    page.click("button[type=submit]")
    page.wait_for_url("**/scans/*/")
    page.wait_for_selector("#build-log >> text=step 3", timeout=60_000)
    # Seen while the build still runs: the stage pill says so and the last steps are not there yet.
    assert page.inner_text("[data-stage=build] .stage-status") == "running"
    assert "step 8" not in page.inner_text("#build-log")
    wait_for_scan(Scan.objects.get(), timeout=300)
