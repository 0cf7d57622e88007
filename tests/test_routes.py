"""The route table, as data: every page has a unique route and a French title."""

import ocso_app.pages  # noqa: F401
from ocso_app.templates import PAGES


def test_routes_are_unique():
    routes = [p.route for p in PAGES]
    assert len(routes) == len(set(routes))


def test_every_page_has_a_title_ending_with_ocso():
    assert all(p.title.endswith("| OCSO") for p in PAGES)
