"""The menu highlights the entry a page belongs to, sub-pages included."""

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app import routes
from ocso_app.components.navigation import EMPLOYER_MENU, MEMBER_MENU, active_entry
from ocso_app.templates import EMPLOYER_SPACE, INTRODUCER_SPACE, MEMBER_SPACE, PAGES, STAFF_SPACE


def test_a_sub_page_highlights_its_section_and_accueil_only_itself():
    assert active_entry(EMPLOYER_MENU, routes.EMPLOYER_STAFF_RECORD).route == routes.EMPLOYER_STAFF
    assert active_entry(MEMBER_MENU, routes.MEMBER_SIMULATION).route == routes.MEMBER_REIMBURSEMENTS
    assert active_entry(MEMBER_MENU, routes.MEMBER_HOME).route == routes.MEMBER_HOME
    assert active_entry(MEMBER_MENU, routes.MEMBER_HISTORY).route == routes.MEMBER_HISTORY


def test_a_page_highlights_accueil_only_when_it_says_so():
    """A page under a menu entry (a member's or a company's file under Dossiers, a démarche under
    Démarches) says which, or the menu would show Accueil as the current page; a page under Accueil (the
    member's card) names Accueil itself."""
    spaces = {space.name: space for space in (MEMBER_SPACE, EMPLOYER_SPACE, INTRODUCER_SPACE, STAFF_SPACE)}
    checked = 0
    for page in PAGES:
        space = spaces.get(page.space or "")
        if space is None or page.route == space.home_route or page.menu_route == space.home_route:
            continue
        entry = active_entry(space.menu, page.menu_route or page.route)
        assert entry.route != space.home_route, f"{page.route} highlights Accueil"
        checked += 1
    assert checked >= 25
    assert active_entry(STAFF_SPACE.menu, routes.STAFF_FILES).label == "Dossiers"
