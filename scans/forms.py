"""The new-scan form: pasted text XOR an uploaded file, every limit checked."""

from __future__ import annotations

from django import forms
from django.conf import settings

from scans.errors import ScanUserError
from scans.messages import render_message
from scans.source import decode_dockerfile, validate_pasted_text


def user_error_text(error: ScanUserError) -> str:
    message = render_message(error.message_id, **error.format_values)
    return f"{message['title']}: {message['body']} {message['action']}".strip()


class NewScanForm(forms.Form):
    dockerfile = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 18, "spellcheck": "false", "placeholder": "FROM debian:bookworm-slim\n..."}
        ),
        label="Paste a Dockerfile",
    )
    dockerfile_file = forms.FileField(required=False, label="…or upload one")

    def clean(self) -> dict:
        cleaned = super().clean()
        text, upload = cleaned.get("dockerfile") or "", cleaned.get("dockerfile_file")
        limit = settings.ADVISOR_MAX_DOCKERFILE_BYTES
        try:
            if text.strip() and upload:
                raise ScanUserError("source.both_given")
            if upload:
                # Read one byte past the limit: enough to know it is too large, no more.
                data = upload.read(limit + 1)
                size = upload.size if upload.size is not None else len(data)
                if size > limit:
                    raise ScanUserError("source.too_large", size=size, limit=limit)
                cleaned["text"] = decode_dockerfile(data, max_bytes=limit)
                cleaned["filename"] = (upload.name or "Dockerfile")[:255]
            else:
                cleaned["text"] = validate_pasted_text(text, max_bytes=limit)
                cleaned["filename"] = "Dockerfile"
        except ScanUserError as error:
            field = "dockerfile_file" if upload and error.message_id != "source.both_given" else "dockerfile"
            self.add_error(field, user_error_text(error))
            self.error_ids = [error.message_id]
        return cleaned


class ShareForm(forms.Form):
    days = forms.IntegerField(required=False, min_value=1, max_value=365, label="Expires after (days)")
