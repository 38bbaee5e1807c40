"""Security headers Django 5.2 does not set by itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything is served from our own origin: htmx is vendored, there is no CDN, and no
# inline script or style (the copy and print buttons are wired in static/js/app.js).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), clipboard-write=(self)"
        )
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
