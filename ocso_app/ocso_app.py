"""The Reflex app: French, installable on a phone (manifest, icons, page script in the head), every
registered page (the 404 one included), the private HTTP routes, the ASGI wrappers (security headers,
origin check, the gate of ``/_upload``), Socket.IO's book of tabs indexed by tab (``socket_rooms``), the
log's cleaning of session cookies (``log_redaction``), Reflex's Redis lock of a tab given back when the
event that got it is cancelled (``state_locks``) and, in each worker, the sweeps of the mail outbox
(``services/outbox_sender.py``)."""

import reflex as rx

import ocso_app.pages  # noqa: F401  (registers the pages)
from ocso_app import errors_shown, log_redaction, socket_rooms, state_locks, styles
from ocso_app.api import api_transformers
from ocso_app.components import notices
from ocso_app.services import mail
from ocso_app.state.base import SessionBindingMiddleware
from ocso_app.templates import PAGES

# Installable on a phone's home screen as « OCSO Santé » (assets/manifest.webmanifest, assets/icons/), and
# the page script of assets/ocso.js (the card kept offline, its removal at logout, the jj/mm/aaaa dates).
HEAD = [
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.meta(name="theme-color", content=styles.NAVY),
    rx.el.meta(name="apple-mobile-web-app-title", content="OCSO Santé"),
    rx.el.meta(name="mobile-web-app-capable", content="yes"),
    rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
    rx.el.link(rel="icon", type="image/png", sizes="192x192", href="/icons/ocso-sante-192.png"),
    rx.el.script(src="/ocso.js", defer=True),
]

log_redaction.install()  # no session cookie in the log, even in Reflex's report of an event it cannot run

app = rx.App(
    html_lang="fr",
    style=styles.BASE_STYLE,
    stylesheets=["/ocso.css"],  # rules on Radix's own classes, for contrast (see the file)
    api_transformer=api_transformers(),
    head_components=HEAD,
    backend_exception_handler=errors_shown.backend_error,  # French (components/notices.py)
    # sonner names its region « Notifications alt+T » for screen readers: the shortcut's name is English
    toaster=rx.toast.provider(custom_attrs={"customAriaLabel": "Notifications"}),
)
app.app_wraps[(5, "Overlay")] = notices.overlay  # French toasts, and the server's allowed by the CSP
app.app_wraps[(55, "ErrorBoundary")] = lambda stateful: notices.error_boundary()  # a page that fails to draw
app.add_middleware(SessionBindingMiddleware(), index=0)
# Each worker sends what a stopped process left in the outbox, then retries refused messages when due.
app.register_lifespan_task(mail.SENDER.running)
if app.sio is not None:  # None only in an app without state
    socket_rooms.index_rooms(app.sio)  # a page load does not walk every connected tab
state_locks.give_back_cancelled_locks()  # in Redis mode, a tab's lock does not outlive a cancelled event

for page in PAGES:
    app.add_page(page.build, route=page.route, title=page.title, on_load=page.on_load)
