"""message_id -> what the user reads. Text lives here, not in code (one catalogue)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    action: str = ""


MESSAGES: dict[str, Message] = {
    # input
    "source.empty": Message(
        "The Dockerfile is empty", "Paste a Dockerfile or choose a file.", "Add at least a FROM line."
    ),
    "source.too_large": Message(
        "The Dockerfile is too large",
        "It is {size} bytes; the limit is {limit} bytes.",
        "Remove generated content, or raise ADVISOR_MAX_DOCKERFILE_BYTES.",
    ),
    "source.not_utf8": Message(
        "The file is not UTF-8 text",
        "Byte {position} cannot be decoded as UTF-8; a Dockerfile is plain text.",
        "Save it as UTF-8 (binary files cannot be scanned).",
    ),
    "source.nul_bytes": Message(
        "The file contains NUL bytes",
        "A Dockerfile never contains NUL characters; this looks like a binary file.",
        "Upload the Dockerfile itself, not an archive or image.",
    ),
    "source.both_given": Message(
        "Both a pasted Dockerfile and a file were given",
        "Choose one: paste the text or upload the file.",
        "Clear the text box or remove the file.",
    ),
    "api.bad_request": Message(
        "Bad request", 'Send JSON: {{"dockerfile": "<Dockerfile text>", "path": "Dockerfile"}}.', ""
    ),
    "api.nothing_to_verify": Message(
        "Nothing to verify yet",
        "The scan has no hardened Dockerfile: it has not finished, or its report failed.",
        "Poll json_url until status is completed, then verify.",
    ),
    # stages
    "lint.parse_error": Message(
        "The Dockerfile could not be parsed",
        "{error}",
        "Fix the syntax error; `docker build` would reject it too.",
    ),
    "stage.skipped_no_image": Message(
        "Skipped: no image", "The image did not build, so there is nothing to run."
    ),
    "stage.skipped_sandbox_off": Message(
        "Skipped: sandbox disabled",
        "This installation does not build images (ADVISOR_SANDBOX_ENABLED=false).",
    ),
    "stage.crashed": Message(
        "Internal error",
        "This stage failed because of a bug or an infrastructure problem on our side (scan {code}).",
        "Retry later; the details are in the worker log.",
    ),
    "scan.timeout": Message(
        "The scan took too long",
        "It was stopped at its time limit; finished stages are kept.",
        "Retry, or simplify the build.",
    ),
    "scan.stale": Message(
        "The scan was abandoned", "Its worker stopped responding (scan {code}).", "Start the scan again."
    ),
    "build.failed": Message(
        "The image did not build",
        "A build step failed; the end of the build log shows why.",
        "Fix the failing step.",
    ),
    "build.timeout": Message(
        "The build took too long",
        "It was stopped at the build time limit.",
        "Make the build faster or raise ADVISOR_BUILD_TIMEOUT_S.",
    ),
    "build.image_too_large": Message(
        "The image is too large",
        "The built image exceeds ADVISOR_MAX_IMAGE_MB.",
        "Use a slimmer base image or a multi-stage build.",
    ),
    "build.base_not_allowed": Message(
        "The base image is not allowed",
        "Its registry is not in ADVISOR_ALLOWED_REGISTRIES.",
        "Use an image from an allowed registry.",
    ),
    "build.base_missing": Message(
        "The base image is not available",
        "It is not in the local image store and pulling is off (ADVISOR_PULL_POLICY=never).",
        "Use a cached base (make_base_images) or allow pulls.",
    ),
    "sandbox.podman_missing": Message(
        "The build sandbox is not installed",
        "podman could not be started.",
        "Run `make run` set-up (scripts/setup_sandbox.sh).",
    ),
    "sandbox.loopback_unprotected": Message(
        "The build sandbox is not protected",
        "The firewall rule that keeps builds away from this host's services is missing, "
        "so we refuse to build.",
        "Run scripts/setup_sandbox.sh as root.",
    ),
    "sandbox.unavailable": Message(
        "The build sandbox is not ready", "{problems}", "Run scripts/setup_sandbox.sh as root."
    ),
    "probe.failed": Message("The container could not be started", "podman run failed; see the evidence.", ""),
    "trivy.missing": Message(
        "Trivy is not installed",
        "The trivy binary was not found at ADVISOR_TRIVY_BINARY.",
        "Run `make run` set-up.",
    ),
    "trivy.config_only": Message(
        "Dockerfile checked, no image scanned",
        "There was no image to scan, so Trivy checked the Dockerfile only.",
        "",
    ),
    "trivy.cache_busy": Message(
        "Trivy was busy",
        "Another scan held Trivy's cache longer than ADVISOR_TRIVY_TIMEOUT_S.",
        "Retry, or raise ADVISOR_TRIVY_TIMEOUT_S.",
    ),
    "trivy.failed": Message(
        "Trivy failed", "trivy exited with an error; its output is kept as evidence.", ""
    ),
    "trivy.db_missing": Message(
        "Vulnerability database unavailable",
        "Trivy has no vulnerability database here, so vulnerabilities were not checked; "
        "secrets and misconfigurations were.",
        "Allow the worker to download the DB (ADVISOR_TRIVY_DB_UPDATE=startup) "
        "or provide one in ADVISOR_TRIVY_CACHE_DIR.",
    ),
    "report.partial": Message(
        "Partial report", "Some stages did not run; their checklist items say 'not checked'.", ""
    ),
}


def render_message(message_id: str, **values: object) -> dict[str, str]:
    message = MESSAGES.get(message_id) or Message(message_id, "")
    try:
        body = message.body.format(**values)
    except (KeyError, IndexError):
        body = message.body
    return {"id": message_id, "title": message.title, "body": body, "action": message.action}
