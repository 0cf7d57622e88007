"""Documents: the bulletin individuel d'adhésion composer and the documents utiles (the contracts' notices
and descriptifs de garanties, the documents published to the structures, the guides et tutoriels published
to every employer).

The composer's choices are checked here for the page's messages, then travel as the query of the BIA route,
which checks them again within the caller's structures: nothing the browser sends is trusted on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import ContractKind
from ocso_app.services import company_documents, contracts, employer_guides, membership_form
from ocso_app.services.company_documents import CompanyDocumentView
from ocso_app.services.contracts import ContractView
from ocso_app.services.employer_access import EmployerAction
from ocso_app.services.employer_guides import GuideView
from ocso_app.services.formats import paris_today
from ocso_app.services.membership_form import InvalidChoice
from ocso_app.state.employer.base import EmployerCaller, EmployerState, scoped_event

OPTION_FIELD = "option_"  # one checkbox per option: option_<id>


@dataclass(frozen=True)
class OfferedOption:
    """An option the employer may print on the form (the base plan is always printed)."""

    id: str
    label: str
    monthly: str
    field_name: str


@dataclass(frozen=True)
class Offer:
    """A contract of the composer (``value`` is its id), with its optional options."""

    value: str
    label: str
    provident: bool
    options: list[OfferedOption] = field(default_factory=list)


@dataclass(frozen=True)
class UsefulDocument:
    """A contract's notice or descriptif de garanties."""

    title: str
    contract: str
    date_label: str
    url: str


def _kind_prefix(contract: ContractView) -> str:
    """« Santé – » before a label that does not already say which kind of contract it is."""
    return "" if contract.kind_label.lower() in contract.label.lower() else f"{contract.kind_label} – "


def _offer(contract: ContractView) -> Offer:
    return Offer(
        value=str(contract.id),
        label=f"{_kind_prefix(contract)}{contract.label} – n° {contract.number} ({contract.structure})",
        provident=contract.kind == ContractKind.PREVOYANCE,
        options=[
            OfferedOption(str(o.id), o.label, o.monthly_label, f"{OPTION_FIELD}{o.id}")
            for o in contract.options
            if not o.is_base
        ],
    )


def _query(form: dict[str, Any]) -> dict[str, str]:
    """The BIA route's query from the composer's form (each value a string, the options joined)."""
    options = [
        key.removeprefix(OPTION_FIELD)
        for key, value in form.items()
        if key.startswith(OPTION_FIELD) and value
    ]
    return {
        "contrat": str(form.get("contrat", "")),
        "options": ",".join(options),
        "precompte": str(form.get("precompte", "")),
        "effectif": str(form.get("effectif", "")),
    }


class EmployerDocumentsState(EmployerState):
    """Display-ready offers and documents; the composer's current choice and its message."""

    offers: list[Offer] = []
    chosen: str = ""
    notices: list[UsefulDocument] = []
    published: list[CompanyDocumentView] = []  # the documents OCSO published to the structures
    guides: list[GuideView] = []  # the guides RH, guides salarié(e) and tutoriels of every employer
    bia_href: str = ""
    error: str = ""

    @rx.var
    def chosen_options(self) -> list[OfferedOption]:
        offer = next((offer for offer in self.offers if offer.value == self.chosen), None)
        return offer.options if offer else []

    @rx.var
    def asks_headcount(self) -> bool:
        return any(offer.value == self.chosen and offer.provident for offer in self.offers)

    @scoped_event(EmployerAction.VIEW_STRUCTURE, opens_page=True)
    def load(self, caller: EmployerCaller):
        with db_session() as session:
            view = contracts.company_contracts(
                session, structure_ids=caller.structure_ids, today=paris_today(), with_guarantees=False
            )
            published = company_documents.company_documents(session, structure_ids=caller.structure_ids)
            self.guides = employer_guides.published_guides(session)
        self.offers = [_offer(c) for c in view.contracts]
        self.chosen = ""
        self.notices = [
            UsefulDocument(d.title, f"{c.kind_label} – n° {c.number}", d.date_label, d.url)
            for c in view.contracts
            for d in c.documents
        ]
        self.published = published
        self.bia_href, self.error = "", ""

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def open_document(self, caller: EmployerCaller, document_id: str):
        """A document of the structures clicked: no longer new, then downloaded. A document gone meanwhile
        (withdrawn, or of a structure no longer granted) leaves the list."""
        download = self._open_published_document(caller, document_id)
        with db_session() as session:
            self.published = company_documents.company_documents(session, structure_ids=caller.structure_ids)
        return download

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def choose_contract(self, caller: EmployerCaller, value: str):
        """The contract select changed: its options and, for prévoyance, the headcount are asked."""
        self.chosen = value if any(offer.value == value for offer in self.offers) else ""
        self.bia_href, self.error = "", ""

    @scoped_event(EmployerAction.VIEW_STRUCTURE)
    def compose(self, caller: EmployerCaller, form: dict[str, Any]):
        """Check the choices (the route checks them again) and download the bulletin."""
        query = _query(form)
        self.bia_href = ""
        try:
            choice = membership_form.parse_choice(
                contract=query["contrat"],
                options=query["options"],
                payroll=query["precompte"],
                headcount=query["effectif"],
            )
            with db_session() as session:
                bia = (
                    membership_form.compose(
                        session, structure_ids=caller.structure_ids, choice=choice, today=paris_today()
                    )
                    if choice is not None
                    else None
                )
        except InvalidChoice as refused:
            self.error = refused.message
            return None
        if bia is None:
            self.error = membership_form.NO_CONTRACT
            return None
        self.error = ""
        self.bia_href = routes.API_EMPLOYER_BIA_PDF.url(query)
        return rx.download(url=self.bia_href, filename="bulletin-individuel-adhesion.pdf")
