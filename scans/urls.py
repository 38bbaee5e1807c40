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
    # API for CI pipelines
    path("api/scans", views.api_create_scan, name="api-create"),
]
