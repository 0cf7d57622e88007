"""Accueil of the Espace Santé Assuré: Mes informations, Mes derniers envois, OCSO m'informe, Mes
Remboursements. Display strings only."""

from __future__ import annotations

from dataclasses import asdict

from ocso_app.db import Reader, reading
from ocso_app.models import Audience
from ocso_app.services import forfaits, hr_follow_up, members
from ocso_app.services import news as news_service
from ocso_app.services.formats import paris_today
from ocso_app.services.sessions import Principal
from ocso_app.state.base import page_load
from ocso_app.state.member.base import MemberState


class MemberSummaryState(MemberState):
    """The member's identity card, shown on Accueil and Mes informations (filled by their loads)."""

    full_name: str = ""
    member_number: str = ""
    nir_masked: str = ""
    address_line: str = ""
    postal_city: str = ""

    def _fill_summary(self, session: Reader, member: Principal) -> None:
        summary = members.member_summary(session, member_id=member.member_id)
        self.full_name, self.member_number = summary.full_name, summary.member_number
        self.nir_masked = summary.nir_masked
        self.address_line, self.postal_city = summary.address_line, summary.postal_city


class HomeState(MemberSummaryState):
    """Accueil: the four blocks, each from the database."""

    latest_requests: list[dict[str, str]] = []
    latest_payments: list[dict[str, str]] = []
    news: list[dict[str, str]] = []
    portability: str = ""  # the former employee's running portabilité, said at the top of Accueil
    forfaits: list[dict[str, str]] = []  # the yearly forfaits left (issue 15)

    @page_load
    def load(self, member: Principal):
        with reading() as connection:  # reads only: a bare connection, not an ORM session (≈ 0.15 ms less)
            self._fill_summary(connection, member)
            member_id, today = member.member_id, paris_today()
            requests = members.latest_requests(connection, member_id=member_id)
            payments = members.latest_payments(connection, member_id=member_id)
            items = news_service.current_news(connection, audience=Audience.MEMBER, today=today, limit=2)
            running = hr_follow_up.member_portability(connection, member_id=member_id, today=today)
            uses = forfaits.forfaits_left(connection, member_id=member_id, today=today)
        self.forfaits = [use.display() for use in uses]
        self.portability = (
            f"Vos garanties sont maintenues au titre de la portabilité jusqu'au {running.ends_on} "
            f"({running.ends_in}). "
            + (
                f"Justificatifs reçus : {running.proofs}, le dernier le {running.last_proof}."
                if running.proofs
                else "Nous n'avons pas encore reçu votre attestation France Travail."
            )
            if running
            else ""
        )
        self.latest_requests = [asdict(item) for item in requests]
        self.latest_payments = [asdict(item) for item in payments]
        self.news = [{"title": n.title, "body": n.body, "published_on": n.published_on} for n in items]
