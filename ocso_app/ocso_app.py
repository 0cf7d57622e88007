"""The Reflex app: French, every registered page, the private HTTP routes and the ASGI wrappers (security
headers, origin check, the gate of ``/_upload``)."""

import reflex as rx

import ocso_app.pages  # noqa: F401  (registers the pages)
from ocso_app import styles
from ocso_app.api import api_transformers
from ocso_app.state.base import SessionBindingMiddleware
from ocso_app.templates import PAGES

app = rx.App(
    html_lang="fr",
    style=styles.BASE_STYLE,
    api_transformer=api_transformers(),
)
app.add_middleware(SessionBindingMiddleware(), index=0)

for page in PAGES:
    app.add_page(page.build, route=page.route, title=page.title, on_load=page.on_load)
