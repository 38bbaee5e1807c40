"""python manage.py make_base_images: build the local busybox and Debian base images."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from scans.limits import limits_from_settings
from scans.sandbox.baseimages import BaseImageError, ensure_base_images


class Command(BaseCommand):
    help = (
        "Build and cache the offline base images in the sandbox account's podman storage: "
        "busybox (busybox-static) and Debian bookworm (debootstrap). Skips images present."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-debian", action="store_true", help="only the busybox image")

    def handle(self, *args, no_debian: bool = False, **options) -> None:
        config = limits_from_settings().sandbox
        try:
            reports = ensure_base_images(config, debian=not no_debian)
        except BaseImageError as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            state = "built" if report.created else "present"
            self.stdout.write(f"{report.name}: {state}")
