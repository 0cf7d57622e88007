"""The route table, as data: every page sits at its own route from ``ocso_app.routes``, menus lead only to
registered pages, and a menu page runs its guard on load."""

from collections import Counter

import pytest

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app import routes
from ocso_app.components.navigation import EMPLOYER_MENU, INTRODUCER_MENU, MEMBER_MENU, STAFF_MENU, MenuEntry
from ocso_app.templates import PAGES, visible_menu

ROUTE_NAMES = {value: name for name, value in vars(routes).items() if name.isupper()}
MENUS = {"member": MEMBER_MENU, "employer": EMPLOYER_MENU, "introducer": INTRODUCER_MENU, "staff": STAFF_MENU}


def _registered() -> dict[str, object]:
    return {page.route: page for page in PAGES}


def test_no_two_pages_share_a_route():
    assert [route for route, count in Counter(p.route for p in PAGES).items() if count > 1] == []


def test_every_page_route_is_named_in_the_routes_module():
    assert [p.route for p in PAGES if p.route not in ROUTE_NAMES] == []


def test_every_page_has_a_title_of_its_own_before_the_site_name():
    assert [p.route for p in PAGES if not p.title.removesuffix("| OCSO").strip()] == []


@pytest.mark.parametrize("space", MENUS)
def test_every_visible_menu_entry_is_a_registered_page_with_a_guard_on_load(space):
    shown = visible_menu(MENUS[space])
    assert shown, f"the {space} menu shows nothing"
    registered = _registered()
    assert [e.route for e in shown if registered[e.route].on_load is None] == []


def test_every_menu_route_is_named_in_the_routes_module():
    assert [e.route for menu in MENUS.values() for e in menu if e.route not in ROUTE_NAMES] == []


def test_the_member_menu_is_complete_in_the_guides_order():
    assert [(e.label, e.route in _registered()) for e in MEMBER_MENU] == [
        ("ACCUEIL", True),
        ("MES REMBOURSEMENTS", True),
        ("MES DÉMARCHES", True),
        ("MES INFORMATIONS", True),
        ("MES DOCUMENTS", True),
        ("MON HISTORIQUE", True),
        ("ACTUALITÉS", True),
    ]


def test_each_space_menu_starts_at_its_home_page():
    homes = {
        "member": routes.MEMBER_HOME,
        "employer": routes.EMPLOYER_HOME,
        "introducer": routes.INTRODUCER_HOME,
        "staff": routes.STAFF_HOME,
    }
    assert {space: visible_menu(menu)[0].route for space, menu in MENUS.items()} == homes


def test_a_menu_entry_without_a_page_is_hidden_not_a_dead_link():
    unbuilt = MenuEntry("Bientôt", "/assure/page-qui-n-existe-pas")
    assert visible_menu([MEMBER_MENU[0], unbuilt]) == [MEMBER_MENU[0]]


def test_the_api_mounts_every_endpoint_of_the_table_and_nothing_else():
    from ocso_app.api.app import build_api

    mounted = {(route.path, tuple(sorted(route.methods - {"HEAD"}))) for route in build_api().routes}
    table = {(e.path, tuple(sorted(e.methods))) for e in routes.endpoints().values()}
    assert mounted == table


@pytest.mark.parametrize(
    ("endpoint", "parameters", "expected"),
    [
        (routes.API_MEMBER_STATEMENT_PDF, {"statement_id": 42}, "/api/assure/decomptes/42.pdf"),
        (
            routes.API_MEMBER_ATTACHMENT,
            {"request_id": 7, "attachment_id": 9},
            "/api/assure/demarches/7/pieces/9",
        ),
        (routes.API_LOGIN, {"space": "assure"}, "/api/login/assure"),
    ],
)
def test_a_link_built_from_the_table_reaches_its_route(endpoint, parameters, expected):
    from starlette.routing import Match

    from ocso_app.api.app import build_api

    url = endpoint.url(**parameters)
    assert url == expected
    route = next(r for r in build_api().routes if r.path == endpoint.path)
    scope = {"type": "http", "path": url, "method": endpoint.methods[0]}
    assert route.matches(scope)[0] == Match.FULL


def test_a_parameter_cannot_escape_its_path_segment():
    assert routes.API_MEMBER_DOCUMENT.url(document_id="../../etc") == "/api/assure/documents/..%2F..%2Fetc"
    query = routes.API_MEMBER_SELECTION_PDF.url({"du": "2025-01-01", "nature": "A&B"})
    assert query == "/api/assure/decomptes.pdf?du=2025-01-01&nature=A%26B"
