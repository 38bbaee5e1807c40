from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from scans.models import Scan

pytestmark = pytest.mark.django_db

NO_USER = 'FROM debian:bookworm-slim\nRUN echo hi\nCMD ["sleep", "1"]\n'


def test_it_shows_the_form(client):
    response = client.get(reverse("scans:new"))
    assert response.status_code == 200
    assert b'name="dockerfile"' in response.content
    assert b'name="dockerfile_file"' in response.content


def test_it_stores_a_pasted_dockerfile_and_redirects(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("scans:new"), {"dockerfile": NO_USER})
    scan = Scan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/scans/{scan.code}/"
    assert scan.dockerfile == NO_USER
    assert scan.state == Scan.State.QUEUED
    assert sorted(scan.stage_map()) == ["build", "lint", "probe", "report", "trivy"]
    assert len(callbacks) == 1  # the task is queued only after the commit


def test_it_accepts_an_upload(client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("api.Dockerfile", NO_USER.encode(), content_type="text/plain")
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("scans:new"), {"dockerfile_file": upload})
    scan = Scan.objects.get()
    assert response.status_code == 302
    assert (scan.filename, scan.source_kind, scan.dockerfile) == ("api.Dockerfile", "upload", NO_USER)


def test_it_rejects_an_empty_paste_and_says_so(client):
    response = client.post(reverse("scans:new"), {"dockerfile": "   \n"})
    assert response.status_code == 400
    assert b"The Dockerfile is empty" in response.content
    assert Scan.objects.count() == 0


@override_settings(ADVISOR_MAX_DOCKERFILE_BYTES=100)
def test_it_rejects_an_oversize_paste_and_keeps_the_text(client):
    text = "FROM debian:12\n" + "RUN echo keep-me\n" * 10
    response = client.post(reverse("scans:new"), {"dockerfile": text})
    assert response.status_code == 400
    assert f"It is {len(text)} bytes; the limit is 100 bytes.".encode() in response.content
    assert b"RUN echo keep-me" in response.content  # the pasted text is re-rendered, not lost
    assert Scan.objects.count() == 0


@override_settings(ADVISOR_MAX_DOCKERFILE_BYTES=100)
def test_it_rejects_an_oversize_upload(client):
    upload = SimpleUploadedFile("Dockerfile", b"FROM x\n" * 50)
    response = client.post(reverse("scans:new"), {"dockerfile_file": upload})
    assert response.status_code == 400
    assert b"It is 350 bytes; the limit is 100 bytes." in response.content


def test_it_rejects_a_binary_upload(client):
    upload = SimpleUploadedFile("image.tar", b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    response = client.post(reverse("scans:new"), {"dockerfile_file": upload})
    assert response.status_code == 400
    assert b"The file contains NUL bytes" in response.content


def test_it_rejects_non_utf8_text(client):
    upload = SimpleUploadedFile("Dockerfile", "FROM debian\nRUN echo caf\xe9\n".encode("latin-1"))
    response = client.post(reverse("scans:new"), {"dockerfile_file": upload})
    assert response.status_code == 400
    assert b"The file is not UTF-8 text" in response.content
    assert b"Byte 24 cannot be decoded" in response.content


def test_it_rejects_paste_and_upload_together(client):
    upload = SimpleUploadedFile("Dockerfile", NO_USER.encode())
    response = client.post(reverse("scans:new"), {"dockerfile": NO_USER, "dockerfile_file": upload})
    assert response.status_code == 400
    assert b"Both a pasted Dockerfile and a file were given" in response.content


def test_logged_in_scans_belong_to_the_users_team(
    client_for, member, team, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks():
        client.post(reverse("scans:new"), {"dockerfile": NO_USER})
    scan = Scan.objects.get()
    assert (scan.team, scan.created_by) == (team, member)
