"""What the browser did during a test, for the report of a failing browser test: each page's console, script
errors, failed requests, the portal's HTTP answers to uploads and downloads, and its websocket (opened,
closed, the events sent by name, the updates received by size: never a value, which may be a password or an
IBAN). A flake seen only in a CI run is understood from this or not at all."""

from __future__ import annotations

import re
import time
from collections import deque

from playwright.sync_api import BrowserContext, Frame, Page, Request, WebSocket

EVENT_NAME = re.compile(r'"name":\s*"([^"]+)"')
# Requests of the portal's own endpoints worth a line (the static files are not).
WATCHED = ("/_upload", "/api/")


class BrowserLog:
    """The last ``size`` lines of what every page of the test's browser contexts did, timed from the start."""

    def __init__(self, size: int) -> None:
        self.lines: deque[str] = deque(maxlen=size)
        self._start = time.monotonic()
        self._pages: dict[Page, int] = {}

    def add(self, page: Page | None, text: str) -> None:
        label = f"p{self._pages.get(page, '?')}" if page is not None else "--"
        self.lines.append(f"{time.monotonic() - self._start:7.3f} {label} {text}")

    def watch_context(self, context: BrowserContext) -> None:
        """Every page the context opens, from now on (and those it already has)."""
        for page in context.pages:
            self.watch_page(page)
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        if page in self._pages:
            return
        self._pages[page] = len(self._pages) + 1
        self.add(page, f"page opened {_path(page.url)}")
        page.on("console", lambda message: self.add(page, f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.add(page, f"pageerror: {error}"))
        page.on("requestfailed", lambda sent: self.add(page, f"failed {_path(sent.url)}: {sent.failure}"))
        page.on("request", lambda sent: self._request(page, sent))
        page.on("requestfinished", lambda sent: self._finished(page, sent))
        page.on("framenavigated", lambda frame: self._navigated(page, frame))
        page.on("websocket", lambda socket: self._websocket(page, socket))

    def _navigated(self, page: Page, frame: Frame) -> None:
        if frame == page.main_frame:
            self.add(page, f"at {_path(frame.url)}")

    def _request(self, page: Page, sent: Request) -> None:
        if any(part in sent.url for part in WATCHED):
            self.add(page, f"→ {sent.method} {_path(sent.url)}")

    def _finished(self, page: Page, sent: Request) -> None:
        if any(part in sent.url for part in WATCHED):
            response = sent.response()
            self.add(page, f"← {response.status if response else '?'} {sent.method} {_path(sent.url)}")

    def _websocket(self, page: Page, socket: WebSocket) -> None:
        self.add(page, f"websocket opened {_path(socket.url)}")
        socket.on("framesent", lambda payload: self.add(page, f"ws → {_frame(payload)}"))
        socket.on("framereceived", lambda payload: self.add(page, f"ws ← {_frame(payload)}"))
        socket.on("socketerror", lambda error: self.add(page, f"websocket error {error}"))
        socket.on("close", lambda _: self.add(page, "websocket closed"))


def _frame(payload: str | bytes) -> str:
    """A socket.io frame without its values: its packet type, the event it names if any, its size."""
    if isinstance(payload, bytes):
        return f"<{len(payload)} bytes>"
    named = EVENT_NAME.search(payload)
    name = named.group(1).rsplit(".", 1)[-1] if named else ""
    return f"{payload[:2]} {name} ({len(payload)} chars)".replace("  ", " ")


def _path(url: str) -> str:
    """A URL without its query, which may carry a token."""
    return url.split("?", 1)[0]
