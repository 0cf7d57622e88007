"""Mes informations' links to Mes démarches open the démarche they are about (``?rubrique=``), never the page
with all five closed: the bank details' the change of RIB, the beneficiaries' the change of beneficiaries, and
the télétransmission card's the sending of a document (its advice: send the attestation de droits, then the
décomptes, « depuis Mes démarches (Envoi de document) »)."""

import re

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app import routes
from ocso_app.pages.member.information import _teletransmission, member_information
from ocso_app.state.member.requests import KINDS


def _links_to_requests(component) -> list[str]:
    return re.findall(r'to:"(' + re.escape(routes.MEMBER_REQUESTS) + r'[^"]*)"', str(component.render()))


def test_every_link_to_mes_demarches_opens_a_known_demarche():
    links = _links_to_requests(member_information())
    assert len(links) == 3
    for link in links:
        section = link.partition(f"?{routes.REQUEST_SECTION}=")[2]
        assert section in KINDS, link


def test_the_teletransmission_card_opens_the_sending_of_a_document():
    assert _links_to_requests(_teletransmission()) == [routes.member_request_section("documents")]
