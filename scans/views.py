"""Thin views: access helper -> form -> one call -> render or redirect.

htmx requests get a named partial of the same template, so one view and one
context serve both the full page and the polling fragment.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from scans.access import get_scan_for_user
from scans.forms import NewScanForm
from scans.intake import start_scan
from scans.messages import render_message
from scans.models import Scan
from scans.serialize import scan_to_json


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_http_methods(["GET", "POST"])
def new_scan(request: HtmxHttpRequest) -> HttpResponse:
    form = NewScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = Scan.SourceKind.UPLOAD if form.cleaned_data.get("dockerfile_file") else Scan.SourceKind.PASTE
        scan = start_scan(
            form.cleaned_data["text"], filename=form.cleaned_data["filename"], kind=kind, user=request.user
        )
        return redirect("scans:detail", code=scan.code)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "max_bytes": settings.ADVISOR_MAX_DOCKERFILE_BYTES}
    return render(request, "scans/new.html", context, status=status)


@require_GET
def scan_detail(request: HtmxHttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code)
    template = "scans/detail.html#progress" if request.htmx else "scans/detail.html"
    return render(request, template, detail_context(scan))


def detail_context(scan: Scan) -> dict:
    data = scan_to_json(scan)
    runs = scan.stage_map()
    messages = {name: render_message(run.message_id, code=scan.code8) for name, run in runs.items() if run.message_id}
    return {
        "scan": scan,
        "data": data,
        "runs": runs,
        "stage_messages": messages,
        "lines": scan.dockerfile.splitlines(),
        "lint_findings": [f for f in data["findings"] if f["source"] == "lint"],
        "trivy_findings": [f for f in data["findings"] if f["source"] == "trivy"],
        "probe_findings": [f for f in data["findings"] if f["source"] == "probe"],
    }


@require_GET
def scan_json(request: HttpRequest, code) -> JsonResponse:
    scan = get_scan_for_user(request, code)
    return JsonResponse(scan_to_json(scan), json_dumps_params={"indent": 2})


@require_GET
def scan_sbom(request: HttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code)
    run = scan.stage_runs.filter(stage="trivy").first()
    if run is None or not run.artifact:
        return HttpResponse("No SBOM for this scan.", status=404, content_type="text/plain")
    response = HttpResponse(run.artifact, content_type="application/vnd.cyclonedx+json")
    response["Content-Disposition"] = f'attachment; filename="sbom-{scan.code8}.cdx.json"'
    return response


@require_GET
def rules_page(request: HttpRequest) -> HttpResponse:
    from scans.lint.registry import all_rules

    return render(request, "scans/rules.html", {"rules": all_rules()})


def json_error(message_id: str, status: int, **values) -> JsonResponse:
    return JsonResponse({"error": render_message(message_id, **values)}, status=status)


def parse_json_body(request: HttpRequest) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


@csrf_exempt  # token-less API for CI: it only creates anonymous scans, never acts as a session user
@require_POST
def api_create_scan(request: HttpRequest) -> JsonResponse:
    if len(request.body) > settings.ADVISOR_MAX_DOCKERFILE_BYTES + 4096:
        return json_error("source.too_large", 413, size=len(request.body), limit=settings.ADVISOR_MAX_DOCKERFILE_BYTES)
    body = parse_json_body(request)
    if body is None or not isinstance(body.get("dockerfile"), str):
        return json_error("api.bad_request", 400)
    form = NewScanForm({"dockerfile": body["dockerfile"]})
    if not form.is_valid():
        return json_error(form.error_ids[0], 400, size=len(body["dockerfile"].encode()), limit=settings.ADVISOR_MAX_DOCKERFILE_BYTES)
    scan = start_scan(form.cleaned_data["text"], filename=str(body.get("path") or "Dockerfile")[:255], kind=Scan.SourceKind.API)
    return JsonResponse(
        {"id": str(scan.code), "status": scan.state, "url": request.build_absolute_uri(reverse("scans:detail", args=[scan.code])),
         "json_url": request.build_absolute_uri(reverse("scans:json", args=[scan.code]))},
        status=202,
    )
