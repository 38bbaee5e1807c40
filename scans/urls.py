from django.urls import path

from scans import views

app_name = "scans"

urlpatterns = [
    path("", views.new_scan, name="new"),
    path("rules/", views.rules_page, name="rules"),
    # /scans/<uuid>/...
    path("scans/<uuid:code>/", views.scan_detail, name="detail"),
    path("scans/<uuid:code>.json", views.scan_json, name="json"),
    path("scans/<uuid:code>/sbom.cdx.json", views.scan_sbom, name="sbom"),
    path("scans/<uuid:code>.sarif", views.scan_export, {"fmt": "sarif"}, name="sarif"),
    path("scans/<uuid:code>.md", views.scan_export, {"fmt": "markdown"}, name="markdown"),
    path("scans/<uuid:code>/print/", views.scan_print, name="print"),
    path("scans/<uuid:code>/verify", views.scan_verify, name="verify"),
    path("scans/<uuid:code>/share", views.share_create, name="share"),
    path("scans/<uuid:code>/share/<int:link_id>/revoke", views.share_revoke, name="share-revoke"),
    # read-only share links
    path("s/<str:token>/", views.shared_scan, name="shared"),
    path("s/<str:token>/sbom.cdx.json", views.shared_sbom, name="shared-sbom"),
    # API for CI pipelines
    path("api/scans", views.api_create_scan, name="api-create"),
    path("api/scans/<uuid:code>/verify", views.api_verify_scan, name="api-verify"),
]
