"""The menu highlights the entry a page belongs to, sub-pages included."""

from ocso_app import routes
from ocso_app.components.navigation import EMPLOYER_MENU, MEMBER_MENU, active_entry


def test_a_sub_page_highlights_its_section_and_accueil_only_itself():
    assert active_entry(EMPLOYER_MENU, routes.EMPLOYER_STAFF_RECORD).route == routes.EMPLOYER_STAFF
    assert active_entry(MEMBER_MENU, routes.MEMBER_SIMULATION).route == routes.MEMBER_REIMBURSEMENTS
    assert active_entry(MEMBER_MENU, routes.MEMBER_HOME).route == routes.MEMBER_HOME
    assert active_entry(MEMBER_MENU, routes.MEMBER_HISTORY).route == routes.MEMBER_HISTORY
