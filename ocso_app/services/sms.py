"""Text messages through a small gateway interface: an HTTP provider in production, a folder in development.

``OCSO_SMS_PROVIDER_URL`` selects the HTTP provider (JSON ``{"to", "text"}`` POSTed to it); otherwise each
message is written as a file in ``OCSO_SMS_SINK`` (default ``var/sms``), which the tests read.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path
from typing import Protocol

from ocso_app.config import settings, write_private


class SmsGateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


class HttpSmsGateway:
    """A provider reached by an HTTPS POST."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}).encode()
        headers = {"content-type": "application/json"}
        request = urllib.request.Request(self.url, data=body, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured provider URL)
            if response.status >= 300:
                raise OSError(f"SMS provider answered {response.status}")


class FolderSmsGateway:
    """Writes each message as a JSON file: the local sink of development and tests."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, to: str, text: str) -> None:
        write_private(self.folder / f"{uuid.uuid4().hex}.json", json.dumps({"to": to, "text": text}).encode())


def gateway() -> SmsGateway:
    """The configured gateway."""
    config = settings()
    if config.sms_provider_url:
        return HttpSmsGateway(config.sms_provider_url)
    return FolderSmsGateway(config.sms_sink)
