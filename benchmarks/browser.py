"""Browser benchmark of Mes remboursements: in Chromium, on a warm page, how long after a click on MES
REMBOURSEMENTS the payments table and the two pies are drawn; and how much JavaScript Accueil and Mes
remboursements load, and whether any of it is chart code.

    .venv/bin/python -m benchmarks.browser              # 20 navigations there and back, min / median / p95
    .venv/bin/python -m benchmarks.browser --runs 50

It uses the load benchmark's database (``var/bench/``, made by ``benchmarks.load`` if missing), starts the
portal in production mode (one worker, in-memory state) on a free port, logs one generated member in over
HTTP (the password is drawn for the run, never printed) and drives Debian's Chromium through Playwright.
Each navigation is the member's: a click on the menu link (a client-side navigation, as in the portal), then
the wait for the server's answer to the page's load (the websocket frame that sets ``is_hydrated``) and for
the first payment row and both pies drawn with it (``main`` no longer ``aria-busy``); back to Accueil the
same way. The time runs from the click, so it holds the server's answer and React's rendering. The
JavaScript is measured on a fresh load of each page: every script the page fetched, its size as served and
gzipped (level 6, what a compressing proxy sends). Not a test: pytest does not collect ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import time
from dataclasses import dataclass

from playwright.sync_api import Page, sync_playwright

from benchmarks.load_client import log_in
from benchmarks.load_data import SQLITE_URL, prepare
from benchmarks.load_server import start_portal
from ocso_app import routes

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
HOME_DRAWN = "h2:text-is('Mes informations')"
HYDRATED = re.compile(r'"is_hydrated_rx_state_"\s*:\s*true')
CHART_LIBRARIES = ("plotly", "recharts", "chart.js", "echarts")
FIRST_ROW = "a[aria-label^='Télécharger le décompte du']"
PIES = ("#pie-beneficiaires-titre ~ * svg[role=img]", "#pie-types-titre ~ * svg[role=img]")


@dataclass(frozen=True)
class Scripts:
    """The JavaScript a fresh load of a page fetched."""

    count: int
    raw_kb: float
    gzip_kb: float
    chart_code: bool


def _scripts(page: Page, url: str) -> Scripts:
    bodies: list[bytes] = []

    def keep(response) -> None:
        if response.request.resource_type == "script" and response.ok:
            bodies.append(response.body())

    page.on("response", keep)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", keep)
    text = b"".join(bodies).lower()
    return Scripts(
        count=len(bodies),
        raw_kb=sum(len(b) for b in bodies) / 1024,
        gzip_kb=sum(len(gzip.compress(b, 6)) for b in bodies) / 1024,
        chart_code=any(name.encode() in text for name in CHART_LIBRARIES),
    )


class LoadAnswers:
    """When the server's answers that end a page load (``is_hydrated`` set, after the page's ``on_load``)
    reached the page: the menu draws the kept state at once, so the fresh data is this answer."""

    def __init__(self, page: Page) -> None:
        self.times: list[float] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and HYDRATED.search(payload):
            self.times.append(time.perf_counter())

    def after(self, page: Page, start: float) -> float:
        """Milliseconds from ``start`` to the first such answer after it."""
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            later = [moment for moment in self.times if moment > start]
            if later:
                return (later[0] - start) * 1000
            page.wait_for_timeout(5)
        raise TimeoutError("the page's load never answered")


def _navigate(page: Page, answers: LoadAnswers, link: str, *selectors: str) -> list[float]:
    """Click the menu entry ``link``; milliseconds until the server's answer to the page's load, then
    until each of ``selectors`` is visible (and the answer drawn)."""
    start = time.perf_counter()
    page.get_by_role("link", name=link).first.click()
    times = []
    for selector in selectors:
        page.locator(selector).first.wait_for(state="visible")
        times.append((time.perf_counter() - start) * 1000)
    answered = answers.after(page, start)
    page.locator("main[aria-busy='false']").wait_for()
    drawn = (time.perf_counter() - start) * 1000
    return [answered, *[max(t, drawn) for t in times]]


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"{label:<38} min {ordered[0]:5.0f} ms   médiane {median:5.0f} ms   p95 {p95:5.0f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="navigations to Mes remboursements (default 20)")
    parser.add_argument("--db-members", type=int, default=20_000)
    args = parser.parse_args(argv)

    accounts = prepare(SQLITE_URL, members=args.db_members, accounts=1, employers=0)
    portal = start_portal(database_url=SQLITE_URL, redis_url=None, workers=1)
    try:
        cookie = log_in(
            portal.url,
            space="assure",
            login=accounts.member_logins[0],
            password=accounts.password,
            login_path=routes.MEMBER_LOGIN,
        )
        name, _, value = cookie.partition("=")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": name, "value": value, "url": portal.url, "httpOnly": True}])
            page = context.new_page()
            answers = LoadAnswers(page)
            home = _scripts(page, portal.url + routes.MEMBER_HOME)
            fresh = context.new_page()
            reimbursements = _scripts(fresh, portal.url + routes.MEMBER_REIMBURSEMENTS)
            fresh.close()
            answer, table, pies, back = [], [], [], []
            _navigate(page, answers, "MES REMBOURSEMENTS", FIRST_ROW, *PIES)  # warm: its code is loaded
            _navigate(page, answers, "ACCUEIL", HOME_DRAWN)
            for _ in range(args.runs):
                answered, row, *drawn = _navigate(page, answers, "MES REMBOURSEMENTS", FIRST_ROW, *PIES)
                answer.append(answered)
                table.append(row)
                pies.append(max(drawn))
                back.append(_navigate(page, answers, "ACCUEIL", HOME_DRAWN)[1])
            browser.close()
    finally:
        portal.stop()

    print(f"\nChromium, page chaude, {args.runs} navigations (clic sur le menu → affiché)")
    print(_summary("Mes remboursements : réponse du serveur", answer))
    print(_summary("Mes remboursements : tableau", table))
    print(_summary("Mes remboursements : les 2 camemberts", pies))
    print(_summary("retour à l'Accueil", back))
    print("\nJavaScript chargé à l'ouverture (fichiers, tel que servi, gzip niveau 6, code de graphique)")
    for label, scripts in (("Accueil", home), ("Mes remboursements", reimbursements)):
        chart = "oui" if scripts.chart_code else "non"
        print(
            f"{label:<20} {scripts.count:3d} fichiers  {scripts.raw_kb:6.0f} Ko  "
            f"{scripts.gzip_kb:5.0f} Ko gzip  graphique : {chart}"
        )


if __name__ == "__main__":
    main()
