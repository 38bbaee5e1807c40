"""Thin views: access helper -> form -> one call -> render or redirect.

htmx requests get a named partial of the same template, so one view and one
context serve both the full page and the polling fragment.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from advisor.models import team_for_new_scan
from scans.access import get_scan_for_share, get_scan_for_user
from scans.forms import NewScanForm, ShareForm
from scans.intake import NothingToVerify, start_scan, start_verification
from scans.messages import render_message
from scans.models import Scan, ShareLink
from scans.report.exports import summarize_verification, to_markdown, to_sarif
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
    context = {
        "form": form,
        "max_bytes": settings.ADVISOR_MAX_DOCKERFILE_BYTES,
        "team": team_for_new_scan(request.user),
    }
    return render(request, "scans/new.html", context, status=status)


@require_GET
def scan_detail(request: HtmxHttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code)
    template = "scans/detail.html#progress" if request.htmx else "scans/detail.html"
    return render(request, template, detail_context(scan))


def detail_context(scan: Scan) -> dict:
    data = scan_to_json(scan)
    parent = scan_to_json(scan.verifies, include_verification=False) if scan.verifies_id else None
    runs = scan.stage_map()
    messages = {
        name: render_message(run.message_id, code=scan.code8) for name, run in runs.items() if run.message_id
    }
    return {
        "scan": scan,
        "data": data,
        "runs": runs,
        "stage_messages": messages,
        "lines": scan.dockerfile.splitlines(),
        "lint_findings": [f for f in data["findings"] if f["source"] == "lint"],
        "trivy_findings": [f for f in data["findings"] if f["source"] == "trivy"],
        "probe_findings": [f for f in data["findings"] if f["source"] == "probe"],
        "parent": parent,
        "verification": summarize_verification(data, parent),
        "share_links": [link for link in scan.share_links.order_by("-created") if link.is_active],
    }


@require_GET
def scan_json(request: HttpRequest, code) -> JsonResponse:
    scan = get_scan_for_user(request, code)
    return JsonResponse(scan_to_json(scan), json_dumps_params={"indent": 2})


@require_GET
def scan_sbom(request: HttpRequest, code) -> HttpResponse:
    return sbom_response(get_scan_for_user(request, code))


@require_GET
def shared_sbom(request: HttpRequest, token: str) -> HttpResponse:
    scan, _ = get_scan_for_share(token)
    return sbom_response(scan)


def sbom_response(scan: Scan) -> HttpResponse:
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
        return json_error(
            "source.too_large", 413, size=len(request.body), limit=settings.ADVISOR_MAX_DOCKERFILE_BYTES
        )
    body = parse_json_body(request)
    if body is None or not isinstance(body.get("dockerfile"), str):
        return json_error("api.bad_request", 400)
    form = NewScanForm({"dockerfile": body["dockerfile"]})
    if not form.is_valid():
        return json_error(
            form.error_ids[0],
            400,
            size=len(body["dockerfile"].encode()),
            limit=settings.ADVISOR_MAX_DOCKERFILE_BYTES,
        )
    scan = start_scan(
        form.cleaned_data["text"],
        filename=str(body.get("path") or "Dockerfile")[:255],
        kind=Scan.SourceKind.API,
    )
    return accepted(request, scan)


@csrf_exempt  # same token-less API: it can only reach scans that belong to no team
@require_POST
def api_verify_scan(request: HttpRequest, code) -> JsonResponse:
    scan = get_scan_for_user(request, code, write=True)
    try:
        child = start_verification(scan)
    except NothingToVerify:
        return json_error("api.nothing_to_verify", 409)
    return accepted(request, child)


def accepted(request: HttpRequest, scan: Scan) -> JsonResponse:
    return JsonResponse(
        {
            "id": str(scan.code),
            "status": scan.state,
            "verifies": str(scan.verifies.code) if scan.verifies_id else None,
            "url": request.build_absolute_uri(reverse("scans:detail", args=[scan.code])),
            "json_url": request.build_absolute_uri(reverse("scans:json", args=[scan.code])),
        },
        status=202,
    )


# Report: verification, exports, share links


@require_POST
def scan_verify(request: HttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code, write=True)
    try:
        child = start_verification(scan, user=request.user)
    except NothingToVerify:
        messages.error(request, "This scan has no hardened Dockerfile to verify yet.")
        return redirect("scans:detail", code=scan.code)
    return redirect("scans:detail", code=child.code)


@require_GET
def scan_export(request: HttpRequest, code, fmt: str) -> HttpResponse:
    scan = get_scan_for_user(request, code)
    data = scan_to_json(scan)
    if fmt == "sarif":
        response = JsonResponse(
            to_sarif(data, dockerfile_path=scan.filename), json_dumps_params={"indent": 2}
        )
        response["Content-Type"] = "application/sarif+json"
        response["Content-Disposition"] = f'attachment; filename="scan-{scan.code8}.sarif"'
        return response
    response = HttpResponse(to_markdown(data), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="scan-{scan.code8}.md"'
    return response


@require_GET
def scan_print(request: HttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code)
    return render(request, "scans/print.html", detail_context(scan))


@require_POST
def share_create(request: HttpRequest, code) -> HttpResponse:
    scan = get_scan_for_user(request, code, write=True)
    form = ShareForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else None
    _, token = ShareLink.create_for(scan, request.user if request.user.is_authenticated else None, days=days)
    url = request.build_absolute_uri(reverse("scans:shared", args=[token]))
    # The token is shown once: only its hash is stored.
    messages.success(request, url, extra_tags="share-url")
    return redirect("scans:detail", code=scan.code)


@require_POST
def share_revoke(request: HttpRequest, code, link_id: int) -> HttpResponse:
    scan = get_scan_for_user(request, code, write=True)
    link = get_object_or_404(ShareLink, id=link_id, scan=scan)
    link.revoke()
    messages.info(request, "The share link was revoked; it no longer opens the report.")
    return redirect("scans:detail", code=scan.code)


@require_GET
def shared_scan(request: HtmxHttpRequest, token: str) -> HttpResponse:
    scan, _ = get_scan_for_share(token)
    template = "scans/detail.html#progress" if getattr(request, "htmx", False) else "scans/shared.html"
    context = {**detail_context(scan), "shared": True}
    trivy = context["data"]["stages"].get("trivy", {})
    if trivy.get("sbom_url"):  # the owner's URL carries the scan code; give a token-scoped one
        trivy["sbom_url"] = reverse("scans:shared-sbom", args=[token])
    response = render(request, template, context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
