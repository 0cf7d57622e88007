"""The route table, as data: every page has a unique route and a French title."""

import ocso_app.pages  # noqa: F401
from ocso_app.templates import PAGES


def test_routes_are_unique():
    routes = [p.route for p in PAGES]
    assert len(routes) == len(set(routes))


def test_every_page_has_a_title_ending_with_ocso():
    assert all(p.title.endswith("| OCSO") for p in PAGES)


def test_menus_link_only_to_existing_pages_and_the_member_menu_is_complete():
    from ocso_app.components.navigation import EMPLOYER_MENU, MEMBER_MENU
    from ocso_app.templates import visible_menu

    built = {p.route for p in PAGES}
    assert visible_menu(MEMBER_MENU) == MEMBER_MENU
    assert [e.label for e in MEMBER_MENU] == [
        "ACCUEIL",
        "MES REMBOURSEMENTS",
        "MES DÉMARCHES",
        "MES INFORMATIONS",
        "MES DOCUMENTS",
        "MON HISTORIQUE",
        "ACTUALITÉS",
    ]
    assert all(entry.route in built for entry in visible_menu(EMPLOYER_MENU))
    assert visible_menu(EMPLOYER_MENU)[0].label == "Accueil"
