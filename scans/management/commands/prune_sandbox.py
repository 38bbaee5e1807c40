"""python manage.py prune_sandbox: remove sandbox leftovers of scans that are not running."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from scans.limits import limits_from_settings
from scans.models import Scan
from scans.sandbox.janitor import prune_stale_objects


class Command(BaseCommand):
    help = "Remove containers, images and work dirs labelled for scans that are no longer running."

    def handle(self, *args, **options) -> None:
        active = {
            str(code)
            for code in Scan.objects.exclude(state__in=Scan.FINAL_STATES).values_list("code", flat=True)
        }
        removed = prune_stale_objects(limits_from_settings().sandbox, active)
        self.stdout.write(f"removed {removed} sandbox objects")
