"""Access matrix of the staff's content pages (Dossiers, Publier un document with the guides of every
employer and their « Retirer », the imports of décomptes, indemnités journalières and bordereaux,
Actualités, Aide), of the import templates' routes, of a member's décompte and documents opened from
their file and of a proof of portabilité opened from a company's file: no cookie, a member's cookie, an
employer's cookie and each staff role, over the raw websocket (every handler, by name, with arguments that
would reveal or write something) and over HTTP.

Outside the staff space every handler is refused (a redirect), nothing comes back and nothing is written; a
role lacking a handler's action is refused the same way; a role holding it reads what it is for (a
prestations agent a member's file and health data, an entreprises agent a company's file, an administrator
both and the news and help).
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import func, or_, select

import ocso_app.pages  # noqa: F401  (imports every state through the pages)
from ocso_app import routes
from ocso_app.db import db_session
from ocso_app.models import (
    AffiliationStatus,
    Audience,
    AuditEvent,
    Company,
    Document,
    DocumentCategory,
    Employee,
    EmployerGuide,
    GuideKind,
    HelpArticle,
    Member,
    NewsItem,
    PayeeKind,
    PortabilityProof,
    StaffRole,
    Statement,
)
from ocso_app.services import documents, portability_proofs, staff_access
from ocso_app.services.audit import Actor
from ocso_app.services.uploads import IncomingFile
from ocso_app.state.base import own_handlers
from ocso_app.state.staff.allowance_imports import StaffAllowanceImportState
from ocso_app.state.staff.base import NEEDS
from ocso_app.state.staff.contribution_imports import StaffContributionImportState
from ocso_app.state.staff.files import StaffCompanyFileState, StaffMemberFileState, StaffSearchState
from ocso_app.state.staff.help import StaffHelpState
from ocso_app.state.staff.imports import StaffImportState
from ocso_app.state.staff.news import StaffNewsState
from ocso_app.state.staff.publishing import StaffPublishState
from tests.builders import (
    make_care_member,
    make_company,
    make_employee,
    make_employer,
    make_member_account,
    make_pdf,
    make_staff,
)
from tests.builders.contracts import make_employer_guide
from tests.e2e.helpers import cookie_for
from tests.support.raw_socket import RawReflexSocket, handler_name

STATES = (
    StaffSearchState,
    StaffMemberFileState,
    StaffCompanyFileState,
    StaffPublishState,
    StaffImportState,
    StaffAllowanceImportState,
    StaffContributionImportState,
    StaffNewsState,
    StaffHelpState,
)


@dataclass(frozen=True)
class World:
    tag: str
    member_id: int
    member_number: str
    company_id: int
    client_number: str
    news_id: int
    help_id: int
    guide_id: int
    proof_id: int  # a proof of portabilité OCSO recorded for the company's former employee
    cookies: dict[str, str]

    @property
    def markers(self) -> dict[str, str]:
        """Words that only a successful read sends: the member's name, their décompte, the company, the
        news title and the help question."""
        tag = self.tag
        return {
            "member": f"MSTAFFC{tag}",
            "statement": f"SC{tag}",
            "company": f"CSTAFFC{tag}",
            "news": f"NEWSC{tag}",
            "help": f"HELPC{tag}",
            "guide": f"GUIDEC{tag}",  # a guide of every employer: only the publishing roles list it
        }


_BUILT: list[World] = []


@pytest.fixture
def world(live_app) -> World:
    if not _BUILT:
        _BUILT.append(_build())
    return _BUILT[0]


def _build() -> World:
    tag = uuid.uuid4().hex[:6].upper()
    with db_session() as session:
        account = make_member_account(session)
        member = session.get(Member, account.member_id)
        member.last_name = f"MSTAFFC{tag}"
        session.add(
            Statement(
                member_id=member.id, number=f"SC{tag}", paid_on=date(2026, 1, 5), payee_kind=PayeeKind.MEMBER,
                payee_name=member.last_name, total_paid=Decimal("12.00"),
            )
        )  # fmt: skip
        company = make_company(session, name=f"CSTAFFC{tag}")
        boss = make_employer(session, principal_of=(company,))
        # never shown to anybody: published in 2099, for introducers only
        news = NewsItem(
            audience=Audience.INTRODUCER, title=f"NEWSC{tag}", body="x", published_on=date(2099, 1, 1)
        )
        article = HelpArticle(audience=Audience.INTRODUCER, topic="T", question=f"HELPC{tag}", answer="x")
        session.add_all([news, article])
        session.flush()
        guide = make_employer_guide(session, title=f"GUIDEC{tag}", kind=GuideKind.TUTORIAL)
        staff = {role.value: make_staff(session, role=role).id for role in StaffRole}
        proof_id = _recorded_proof(session, company, staff[StaffRole.ENTREPRISES.value])
        ids = {"member": account.id, "employer": boss.id} | staff
        built = (
            member.id, member.member_number, company.id, company.client_number, news.id, article.id, guide.id,
            proof_id,
        )  # fmt: skip
    return World(tag, *built, cookies={who: cookie_for(i) for who, i in ids.items()})


def _recorded_proof(session, company: Company, agent_id: int) -> int:
    """A former employee en portabilité of ``company`` and a proof OCSO recorded for them."""
    leaving = make_employee(session, company=company, status=AffiliationStatus.PORTABILITY)
    leaving.radiated_on, leaving.portability_end_on = date(2026, 3, 31), date(2027, 3, 31)
    portability_proofs.record_proof(
        session,
        actor=Actor(account_id=agent_id),
        company_id=company.id,
        employee_id=leaving.id,
        received="15/04/2026",
        file=IncomingFile("attestation.pdf", make_pdf("Attestation France Travail")),
        today=date(2026, 5, 1),
    )
    session.flush()
    return session.scalar(select(PortabilityProof.id).where(PortabilityProof.employee_id == leaving.id))


def _written(world: World) -> tuple:
    """What would show that somebody wrote: documents, décomptes, news, help, audit rows of the world."""
    with db_session() as session:
        return (
            session.scalar(
                select(func.count(Document.id)).where(
                    or_(Document.member_id == world.member_id, Document.company_id == world.company_id)
                )
            ),
            session.scalar(select(func.count(Statement.id)).where(Statement.member_id == world.member_id)),
            session.scalar(select(func.count(NewsItem.id)).where(NewsItem.title.like("INTRUS%"))),
            session.scalar(select(NewsItem.withdrawn_at).where(NewsItem.id == world.news_id)),
            session.scalar(select(func.count(HelpArticle.id)).where(HelpArticle.question.like("INTRUS%"))),
            session.scalar(
                select(func.count(AuditEvent.id)).where(
                    or_(AuditEvent.member_id == world.member_id, AuditEvent.company_id == world.company_id)
                )
            ),
            session.scalar(select(Company.account_manager_id).where(Company.id == world.company_id)),
            # the guides of every employer: none published by an intruder, the world's not withdrawn
            session.scalar(select(func.count(EmployerGuide.id)).where(EmployerGuide.title.like("INTRUS%"))),
            session.scalar(select(EmployerGuide.withdrawn_at).where(EmployerGuide.id == world.guide_id)),
            # the proofs of portabilité of the world's company (« Enregistrer un justificatif … reçu »)
            session.scalar(
                select(func.count(PortabilityProof.id)).where(
                    PortabilityProof.employee_id.in_(
                        select(Employee.id).where(Employee.company_id == world.company_id)
                    )
                )
            ),
        )


@dataclass(frozen=True)
class Call:
    state: type
    name: str
    payload: dict
    path: str
    reveals: str = ""  # the marker a successful read sends ("" for a write)

    @property
    def action(self) -> staff_access.StaffAction:
        return getattr(self.state.event_handlers[self.name].fn, NEEDS)


def _calls(world: World) -> list[Call]:
    m = world.markers
    member_page = f"{routes.STAFF_MEMBER_FILE}?n={world.member_id}"
    company_page = f"{routes.STAFF_COMPANY_FILE}?n={world.company_id}"
    news_form = {"audience": "employer", "title": "INTRUS", "body": "x", "published_on": "2099-01-01"}
    help_form = {"audience": "employer", "topic": "T", "question": "INTRUS ?", "answer": "x", "position": "1"}
    publish_form = {"numero": world.member_number, "categorie": "courrier", "titre": "INTRUS"}
    guide_form = {"destinataires": "tous", "type": "guide_rh", "titre": "INTRUS"}
    contract_form = {"type_contrat": "sante", "libelle": "INTRUS", "assureur": "A", "categorie": "Cadres",
                     "date_effet": "01/01/2026", "part_employeur": "50"}  # fmt: skip
    proof_form = {"salarie": "1", "date_reception": "01/05/2026"}
    return [
        Call(StaffSearchState, "load", {}, routes.STAFF_FILES),
        Call(StaffSearchState, "search_members", {"form": {"recherche": m["member"]}}, routes.STAFF_FILES,
             m["member"]),
        Call(StaffSearchState, "search_companies", {"form": {"recherche": m["company"]}}, routes.STAFF_FILES,
             m["company"]),
        Call(StaffMemberFileState, "load", {}, member_page, m["member"]),
        Call(StaffMemberFileState, "show_health", {"form": {"motif": "controle"}}, member_page,
             m["statement"]),
        Call(StaffMemberFileState, "hide_health", {}, member_page),
        Call(StaffCompanyFileState, "load", {}, company_page, m["company"]),
        Call(StaffCompanyFileState, "name_manager", {"form": {"manager": ""}}, company_page),
        # the allowed roles' contract: tests/e2e/test_staff_access_matrix.py
        Call(StaffCompanyFileState, "add_contract", {"form": contract_form}, company_page),
        # no file: an allowed role is refused by the service, writing nothing; the form's own tests are
        # tests/state/test_staff_portability_proofs_state.py
        Call(StaffCompanyFileState, "record_portability_proof", {"files": [], "form": proof_form},
             company_page),
        # the world's own proof: a role without the right, or anybody outside, must leave it (``_written``)
        Call(StaffCompanyFileState, "withdraw_portability_proof", {"proof_id": str(world.proof_id)},
             company_page),
        Call(StaffPublishState, "load", {}, routes.STAFF_PUBLISH),
        Call(StaffPublishState, "publish_member", {"files": [], "form": publish_form}, routes.STAFF_PUBLISH),
        Call(StaffPublishState, "publish_company",
             {"files": [], "form": publish_form | {"numero": world.client_number}}, routes.STAFF_PUBLISH),
        Call(StaffPublishState, "choose_audience", {"value": "tous"}, routes.STAFF_PUBLISH),
        Call(StaffPublishState, "publish_company", {"files": [], "form": guide_form}, routes.STAFF_PUBLISH),
        Call(StaffPublishState, "withdraw_guide", {"guide_id": str(world.guide_id)}, routes.STAFF_PUBLISH),
        Call(StaffImportState, "load", {}, routes.STAFF_IMPORT),
        Call(StaffImportState, "upload", {"files": []}, routes.STAFF_IMPORT),
        Call(StaffImportState, "run_import", {}, routes.STAFF_IMPORT),
        Call(StaffImportState, "cancel", {}, routes.STAFF_IMPORT),
        *(Call(state, name, payload, path)
          for state, path in ((StaffAllowanceImportState, routes.STAFF_IMPORT_ALLOWANCES),
                              (StaffContributionImportState, routes.STAFF_IMPORT_CONTRIBUTIONS))
          for name, payload in (("load", {}), ("upload", {"files": []}), ("run_import", {}),
                                ("cancel", {}))),
        Call(StaffNewsState, "load", {}, routes.STAFF_NEWS, m["news"]),
        Call(StaffNewsState, "edit", {"news_id": str(world.news_id)}, routes.STAFF_NEWS),
        Call(StaffNewsState, "new", {}, routes.STAFF_NEWS),
        Call(StaffNewsState, "save", {"form": news_form}, routes.STAFF_NEWS),
        Call(StaffNewsState, "withdraw", {"news_id": str(world.news_id)}, routes.STAFF_NEWS),
        Call(StaffNewsState, "restore", {"news_id": str(world.news_id)}, routes.STAFF_NEWS),
        Call(StaffHelpState, "load", {}, routes.STAFF_HELP, m["help"]),
        Call(StaffHelpState, "edit", {"article_id": str(world.help_id)}, routes.STAFF_HELP),
        Call(StaffHelpState, "new", {}, routes.STAFF_HELP),
        Call(StaffHelpState, "save", {"form": help_form}, routes.STAFF_HELP),
    ]  # fmt: skip


def test_the_matrix_names_every_handler_of_the_content_pages(world: World):
    named = {(c.state, c.name) for c in _calls(world)}
    assert named == {(state, name) for state in STATES for name in own_handlers(state)}


def _play(url: str, cookie: str | None, calls: list[Call]) -> list[str]:
    """The calls in order on one connection (a file's load, then its health data); what each brought back."""
    socket = RawReflexSocket(url, cookie=cookie)
    try:
        return [" ".join(socket.call(handler_name(c.state, c.name), c.payload, path=c.path)) for c in calls]
    finally:
        socket.close()


def _refused_everywhere(url: str, attempts: list[tuple[str, Call]], world: World) -> None:
    """Each (caller, call) on its own connection, several at once: each is redirected and reveals nothing."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = pool.map(lambda a: _play(url, world.cookies.get(a[0]), [a[1]])[0], attempts)
        for (who, call), frames in zip(attempts, answers, strict=True):
            where = f"{who} → {call.state.__name__}.{call.name}"
            assert "_redirect" in frames, f"{where}: not refused"
            for word in world.markers.values():
                assert word not in frames, f"{where} sent {word!r}"


def test_nobody_outside_the_staff_space_gets_or_writes_anything(live_app, world: World):
    before = _written(world)
    attempts = [(who, call) for who in ("nobody", "member", "employer") for call in _calls(world)]
    _refused_everywhere(live_app.url, attempts, world)
    assert _written(world) == before


def test_each_role_is_refused_what_it_lacks_and_reads_what_it_holds(live_app, world: World):
    calls, before = _calls(world), _written(world)
    lacking = [
        (role.value, c) for role in StaffRole for c in calls if not staff_access.allows(role, c.action)
    ]
    assert {who for who, _ in lacking} == {StaffRole.PRESTATIONS.value, StaffRole.ENTREPRISES.value}
    _refused_everywhere(live_app.url, lacking, world)
    assert _written(world) == before

    def read(role: StaffRole) -> tuple[list[Call], list[str]]:
        reads = [c for c in calls if c.reveals and staff_access.allows(role, c.action)]
        return reads, _play(live_app.url, world.cookies[role.value], reads)

    with ThreadPoolExecutor(max_workers=3) as pool:
        for role, (reads, answers) in zip(StaffRole, pool.map(read, StaffRole), strict=True):
            for call, frames in zip(reads, answers, strict=True):
                assert call.reveals in frames, (
                    f"{role.value} → {call.state.__name__}.{call.name}: nothing read"
                )
            readers = {c.state for c in reads}
            if role == StaffRole.PRESTATIONS:
                assert readers == {StaffSearchState, StaffMemberFileState}
            if role == StaffRole.ENTREPRISES:
                assert readers == {StaffSearchState, StaffCompanyFileState}
    after = _written(world)  # the reads were audited (files, health data); nothing else was written
    assert after[:5] == before[:5] and after[5] > before[5]


@pytest.mark.parametrize(
    ("endpoint", "action", "first_columns"),
    [
        (routes.API_STAFF_IMPORT_EXAMPLE, staff_access.StaffAction.IMPORT_STATEMENTS,
         "numero_adherent;beneficiaire;date_soins"),
        (routes.API_STAFF_ALLOWANCES_EXAMPLE, staff_access.StaffAction.IMPORT_ALLOWANCES,
         "numero_contrat;numero_adherent;reference_arret"),
        (routes.API_STAFF_CONTRIBUTIONS_EXAMPLE, staff_access.StaffAction.IMPORT_CONTRIBUTIONS,
         "numero_contrat;numero_bordereau;debut_periode"),
    ],
)  # fmt: skip
def test_each_template_is_served_to_the_roles_that_import_it(
    live_app, world: World, endpoint, action, first_columns
):
    url = endpoint.url()
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        for who in (None, "member", "employer"):
            headers = {"Cookie": world.cookies[who]} if who else {}
            assert client.get(url, headers=headers).status_code == 401, who
        for role in StaffRole:
            answer = client.get(url, headers={"Cookie": world.cookies[role.value]})
            allowed = staff_access.allows(role, action)
            assert answer.status_code == (200 if allowed else 404), role.value
            if allowed:
                assert answer.text.lstrip("\ufeff").startswith(first_columns)
                assert answer.headers["cache-control"].startswith("no-store")
    assert {r for r in StaffRole if staff_access.allows(r, action)} < set(StaffRole)  # some role is refused


@dataclass(frozen=True)
class HealthFiles:
    """A member with décomptes and a courrier, and another member's: what the file's links open."""

    member_id: int
    statement_id: int
    document_id: int
    other_statement_id: int
    other_document_id: int
    cookies: dict[str, str]

    def urls(self, motif: str = "appel") -> dict[str, str]:
        return {
            "décompte": routes.API_STAFF_MEMBER_STATEMENT.url(
                {"motif": motif}, member_id=self.member_id, statement_id=self.statement_id
            ),
            "document": routes.API_STAFF_MEMBER_DOCUMENT.url(
                {"motif": motif}, member_id=self.member_id, document_id=self.document_id
            ),
        }

    def written(self) -> tuple:
        with db_session() as session:
            return (
                session.scalar(
                    select(func.count(AuditEvent.id)).where(AuditEvent.member_id == self.member_id)
                ),
                session.scalar(select(Document.read_at).where(Document.id == self.document_id)),
            )


_FILES: list[HealthFiles] = []


@pytest.fixture
def health_files(live_app) -> HealthFiles:
    if not _FILES:
        with db_session() as session:
            family = make_care_member(session, last_name="VERLAINE")
            other = make_care_member(session, last_name="RIMBAUD")
            letters = [
                documents.store_member_pdf(
                    session,
                    member_id=m.member_id,
                    category=DocumentCategory.MAIL,
                    title=t,
                    pdf_bytes=make_pdf(t),
                )
                for m, t in ((family, "Courrier VERLAINE"), (other, "Courrier RIMBAUD"))
            ]
            boss = make_employer(session, principal_of=(make_company(session),))
            ids = {"member": family.account_id, "employer": boss.id}
            ids |= {role.value: make_staff(session, role=role).id for role in StaffRole}
            built = (family.member_id, family.statement_ids[1], letters[0].id)
            theirs = (other.statement_ids[0], letters[1].id)
        _FILES.append(HealthFiles(*built, *theirs, cookies={who: cookie_for(i) for who, i in ids.items()}))
    return _FILES[0]


def test_a_members_decompte_and_documents_open_for_the_roles_reading_member_files(live_app, health_files):
    """The links of the file's health data, over HTTP: nobody outside the staff space (the member
    themself included), nor a role that may not read a member's file, gets them or writes anything; the
    others get the PDF, audited, the document left unread; another member's ids under this member's number
    are not found; a missing or unknown reason is refused in French and writes nothing."""
    files, before = health_files, health_files.written()
    with httpx.Client(base_url=live_app.url, timeout=30) as client:

        def get(url: str, who: str | None) -> httpx.Response:
            return client.get(url, headers={"Cookie": files.cookies[who]} if who else {})

        for what, url in files.urls().items():
            for who in (None, "member", "employer"):
                assert get(url, who).status_code == 401, f"{who} → {what}"
            for role in StaffRole:
                if not staff_access.allows(role, staff_access.StaffAction.VIEW_MEMBER_FILE):
                    answer = get(url, role.value)
                    assert answer.status_code == 404 and b"%PDF" not in answer.content, (
                        f"{role.value} → {what}"
                    )
        assert files.written() == before

        mixed = [
            routes.API_STAFF_MEMBER_STATEMENT.url(
                {"motif": "appel"}, member_id=files.member_id, statement_id=files.other_statement_id
            ),
            routes.API_STAFF_MEMBER_DOCUMENT.url(
                {"motif": "appel"}, member_id=files.member_id, document_id=files.other_document_id
            ),
        ]
        for url in mixed:
            assert get(url, "administrateur").status_code == 404, url
        for motif in ("", "curiosite"):
            for url in files.urls(motif).values():
                answer = get(url, "prestations")
                assert answer.status_code == 400 and "motif de la consultation" in answer.text, url
        assert files.written() == before

        readers = [
            role for role in StaffRole if staff_access.allows(role, staff_access.StaffAction.VIEW_MEMBER_FILE)
        ]
        for role in readers:
            for what, url in files.urls().items():
                answer = get(url, role.value)
                assert answer.status_code == 200, f"{role.value} → {what}"
                assert answer.content.startswith(b"%PDF") and answer.headers["cache-control"].startswith(
                    "no-store"
                )
    audited, read_at = files.written()
    assert audited == before[0] + 2 * len(readers) and read_at is None


def _refused_to_outsiders_and_prestations(
    client: httpx.Client, url: str, world: World, *, posted_from: str = ""
) -> None:
    """A company's file route (with ``posted_from``, the portal's origin: the POST of its dialog's form): 401
    without a staff session (no cookie, a member's, an employer's), 404 for Prestations (a role that does not
    read company files), never a PDF."""
    for who, status in ((None, 401), ("member", 401), ("employer", 401), (StaffRole.PRESTATIONS.value, 404)):
        headers = {"Cookie": world.cookies[who]} if who else {}
        if posted_from:
            answer = client.post(url, headers={"Origin": posted_from} | headers)
        else:
            answer = client.get(url, headers=headers)
        assert answer.status_code == status and b"%PDF" not in answer.content, who


def test_the_security_code_letter_answers_only_the_roles_that_change_companies(live_app, world: World):
    """Over the live portal: nobody outside the staff space, nor Prestations, gets the letter nor changes the
    code; nor does a GET (a link, a prefetch: 404 or 405) or a POST from another origin; Entreprises and the
    administrator do, by the POST of the file's dialog (each letter a new code)."""
    url = routes.API_STAFF_COMPANY_CODE_LETTER.url(company_id=world.company_id)
    portal = {"Origin": live_app.url}

    def code() -> str:
        with db_session() as session:
            return session.scalar(select(Company.security_code_hash).where(Company.id == world.company_id))

    before = code()
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        _refused_to_outsiders_and_prestations(client, url, world, posted_from=live_app.url)
        entreprises = {"Cookie": world.cookies[StaffRole.ENTREPRISES.value]}
        # POST only: the API answers 405, and the portal, whose pages take every GET, its 404
        assert client.get(url, headers=entreprises).status_code in (404, 405)
        foreign = client.post(url, headers=entreprises | {"Origin": "https://evil.example"})
        assert foreign.status_code == 403 and b"%PDF" not in foreign.content
        assert code() == before
        for role in (StaffRole.ENTREPRISES, StaffRole.ADMIN):
            answer = client.post(url, headers=portal | {"Cookie": world.cookies[role.value]})
            assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), role.value
            assert code() != before
            before = code()


def test_a_proof_of_portabilite_opens_only_for_the_roles_reading_company_files(live_app, world: World):
    """Over the live portal: nobody outside the staff space (the company's own HR included: they see the
    count and the date on their Accueil, never the file), nor Prestations, gets a proof OCSO recorded, and
    nothing is audited; Entreprises and the administrator do, each opening audited."""
    url = routes.API_STAFF_PORTABILITY_PROOF.url(company_id=world.company_id, proof_id=world.proof_id)
    audited = 5  # the audit rows of the world, in ``_written``
    before = _written(world)[audited]
    with httpx.Client(base_url=live_app.url, timeout=30) as client:
        _refused_to_outsiders_and_prestations(client, url, world)
        assert _written(world)[audited] == before
        readers = [r for r in StaffRole if staff_access.allows(r, staff_access.StaffAction.VIEW_COMPANY_FILE)]
        for role in readers:
            answer = client.get(url, headers={"Cookie": world.cookies[role.value]})
            assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), role.value
            assert answer.headers["cache-control"].startswith("no-store")
    assert _written(world)[audited] == before + len(readers)
