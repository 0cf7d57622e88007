"""Apporteurs d'affaires (Espace OCSO), called as the guard calls the handlers (the administrator injected,
the browser's form as sent), without a browser: what the administrator typed is what is written or refused,
in French, never a value cut to fit."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from ocso_app.db import db_session
from ocso_app.models import Account, AccountKind, AuditEvent, BusinessIntroducer, PortfolioEntry, StaffRole
from ocso_app.services import introducer_admin
from ocso_app.services.audit import Actor
from ocso_app.services.employer_accounts import BAD_PHONE
from ocso_app.services.staff_access import StaffAction, allows
from ocso_app.state.base import is_guarded, own_handlers
from ocso_app.state.staff.base import NEEDS
from ocso_app.state.staff.introducers import StaffIntroducersState
from tests.builders import make_company, make_introducer, make_staff, staff_caller


class Page(SimpleNamespace):
    """The state as the handler sees it: its vars and the helpers it calls."""

    def __init__(self) -> None:
        super().__init__(
            generation=1,
            error="",
            info="",
            introducers=[],
            choices=[],
            email_for=0,
            email_error="",
            email_refusals=0,
        )
        for name in ("_list", "_apply", "_introducer_id"):
            setattr(self, name, getattr(StaffIntroducersState, name).__get__(self))


def _admin():
    with db_session() as session:
        return staff_caller(make_staff(session, role=StaffRole.ADMIN))


def _handler(name: str):
    """The handler's own body under its guard (``create`` also under ``off_loop``)."""
    fn = StaffIntroducersState.event_handlers[name].fn.__wrapped__
    return getattr(fn, "__wrapped__", fn)


def _count(*where) -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).select_from(BusinessIntroducer).where(*where)) or 0


def test_a_long_e_mail_address_is_written_as_typed_never_cut(mailbox):
    """The form's address was cut at 200 characters before the service checked it: an address of 230 became
    another one (« …@mail.courtage-en-assuranc »), valid to the check, and the new introducer's temporary
    password was e-mailed there."""
    tag = uuid.uuid4().hex[:8]
    email = f"{'c' * 50}.{tag}@mail.{'courtage-en-assurances-collectives.' * 4}sud-ouest.example.fr"
    assert 200 < len(email) <= 254
    page = Page()
    form = {"name": f"Cabinet {tag}", "orias": "", "email": email, "phone": "", "generation": "1"}
    _handler("create")(page, _admin(), form)
    assert page.error == ""
    with db_session() as session:
        written = session.scalars(
            select(Account.email).where(
                Account.kind == AccountKind.INTRODUCER, Account.email.like(f"%{tag}%")
            )
        ).all()
    assert written == [email]
    assert [message["To"] for message in mailbox.wait_for(email)] == [email]
    too_long = f"{'d' * 250}@example.fr"
    form |= {"name": f"Cabinet {tag} bis", "email": too_long, "generation": str(page.generation)}
    _handler("create")(page, _admin(), form)
    assert page.error == introducer_admin.BAD_EMAIL
    assert _count(BusinessIntroducer.name == f"Cabinet {tag} bis") == 0


def test_adding_a_company_without_choosing_the_introducer_says_so():
    """« Choisir… » left in the select answered « Cet apporteur d'affaires n'existe pas. », as if the one
    chosen had been deleted."""
    page = Page()
    with db_session() as session:
        before = session.scalar(select(func.count()).select_from(PortfolioEntry))
    form = {"introducer": "", "client_number": "C000000001", "commission": "2", "generation": "1"}
    _handler("add_company")(page, _admin(), form)
    assert (page.error, page.info) == (introducer_admin.CHOOSE_INTRODUCER, "")
    assert page.error == "Choisissez l'apporteur d'affaires."
    _handler("add_company")(page, _admin(), form | {"introducer": "999999999"})
    assert page.error == introducer_admin.UNKNOWN_INTRODUCER
    with db_session() as session:
        assert session.scalar(select(func.count()).select_from(PortfolioEntry)) == before


def test_a_form_sent_twice_creates_one_introducer_and_adds_the_company_once():
    """A double click on « Créer l'apporteur » or « Ajouter au portefeuille » sent the form twice: the first
    was made, and the second answered « Un apporteur d'affaires a déjà cette adresse e-mail. » or « … déjà
    dans le portefeuille … » in place of the confirmation, as if nothing had been done. The form's
    generation goes with it: a form the page has already emptied is not made again."""
    from tests.builders import make_company

    tag = uuid.uuid4().hex[:8]
    page, admin = Page(), _admin()
    sent = {"name": f"Cabinet {tag}", "orias": "", "email": f"ap.{tag}@example.fr", "phone": ""}
    sent |= {"generation": str(page.generation)}
    _handler("create")(page, admin, sent)
    created = page.info
    _handler("create")(page, admin, sent)
    assert (page.error, page.info) == ("", created) and created.startswith(
        f"L'apporteur Cabinet {tag} est créé"
    )
    assert _count(BusinessIntroducer.name == f"Cabinet {tag}") == 1

    with db_session() as session:
        client_number = make_company(session, name=f"CLIENT {tag}").client_number
        introducer_id = session.scalar(
            select(BusinessIntroducer.id).where(BusinessIntroducer.name == f"Cabinet {tag}")
        )
    added = {"introducer": str(introducer_id), "client_number": client_number, "commission": "2"}
    added |= {"generation": str(page.generation)}
    _handler("add_company")(page, admin, added)
    _handler("add_company")(page, admin, added)
    assert (page.error, page.info) == ("", f"CLIENT {tag} est ajoutée au portefeuille de Cabinet {tag}.")
    _handler("add_company")(page, admin, added | {"generation": str(page.generation)})  # a new form: checked
    assert page.error == introducer_admin.ALREADY_IN


def _audit_count() -> int:
    with db_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("orias", "12345678" + " " * 14 + "9", introducer_admin.BAD_ORIAS),
        ("phone", "0612345678" + " " * 32 + "9", BAD_PHONE),
    ],
)
def test_a_new_introducers_field_is_checked_whole_never_cut(field, typed, message):
    """The form cut the ORIAS at 20 characters and the phone at 40 before the service checked them:
    « 12345678 » followed by spaces and a 9 became « 12345678 », and the introducer was created with a
    number nobody typed."""
    tag = uuid.uuid4().hex[:8]
    form = {"name": f"Cabinet {tag}", "orias": "", "email": f"cabinet.{tag}@example.fr", "phone": ""}
    form |= {"generation": "1"}
    before = _audit_count()
    page = Page()
    _handler("create")(page, _admin(), form | {field: typed})
    assert (page.error, page.info) == (message, "")
    assert _count(BusinessIntroducer.email == form["email"]) == 0
    assert _audit_count() == before


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("client_number", "{number}" + " " * 20 + "9", introducer_admin.UNKNOWN_COMPANY),
        ("commission", "2,5" + " " * 20 + "9", introducer_admin.BAD_COMMISSION),
    ],
)
def test_a_portfolios_client_number_and_commission_are_checked_whole_never_cut(field, typed, message):
    """The form cut the client number and the commission at 20 characters: « 2,5 » followed by spaces and
    a 9 was added as 2,5 %."""
    tag = uuid.uuid4().hex[:8]
    with db_session() as session:
        introducer_admin.create_introducer(
            session,
            actor=Actor(account_id=None),
            name=f"Cabinet {tag}",
            orias="",
            email=f"c.{tag}@example.fr",
            phone="",
        )
        introducer_id = session.scalar(
            select(BusinessIntroducer.id).where(BusinessIntroducer.name.contains(tag))
        )
        number = make_company(session, name=f"CLIENT {tag}").client_number
    form = {"introducer": str(introducer_id), "client_number": number, "commission": "2,5", "generation": "1"}
    before = _audit_count()
    page = Page()
    _handler("add_company")(page, _admin(), form | {field: typed.format(number=number)})
    assert (page.error, page.info) == (message, "")
    with db_session() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(PortfolioEntry)
                .where(PortfolioEntry.introducer_id == introducer_id)
            )
            == 0
        )
    assert _audit_count() == before


def test_a_new_introducers_name_is_written_whole_never_cut():
    """The form cut the name at 200 characters: a name typed with a run of blanks lost the words after them
    (« Cabinet »), the service folding the blanks only on what was left."""
    tag = uuid.uuid4().hex[:8]
    form = {"name": "Cabinet" + " " * 200 + f"Lemoine {tag}", "orias": "", "phone": "", "generation": "1"}
    page = Page()
    _handler("create")(page, _admin(), form | {"email": f"lemoine.{tag}@example.fr"})
    assert page.error == ""
    assert _count(BusinessIntroducer.name == f"Cabinet Lemoine {tag}") == 1


def test_an_address_with_two_at_signs_is_refused_in_french_and_nothing_is_written():
    """The portal's check read the address up to its first « @ »: « contact@cabinet@example.fr » passed, and
    the introducer was created with an address no mail reaches."""
    tag = uuid.uuid4().hex[:8]
    form = {"name": f"Cabinet {tag}", "orias": "", "phone": "", "generation": "1"}
    before = _audit_count()
    page = Page()
    _handler("create")(page, _admin(), form | {"email": f"contact.{tag}@cabinet@example.fr"})
    assert (page.error, page.info) == ("Cette adresse e-mail n'est pas valide.", "")
    assert _count(BusinessIntroducer.name == f"Cabinet {tag}") == 0
    with db_session() as session:
        assert session.scalar(select(func.count()).where(Account.email.like(f"%{tag}%"))) == 0
    assert _audit_count() == before


def test_the_pages_handlers_need_the_administration_of_the_introducers():
    """Every handler of the page, « Désactiver », « Réactiver » and the e-mail's form included, is guarded
    and names ``MANAGE_INTRODUCERS``: a Prestations or Entreprises agent calling them by name is refused."""
    handlers = own_handlers(StaffIntroducersState)
    assert {"deactivate", "reactivate", "edit_email", "change_email"} <= set(handlers)
    for name, handler in handlers.items():
        assert is_guarded(handler) and getattr(handler, NEEDS) == StaffAction.MANAGE_INTRODUCERS, name
    for role in (StaffRole.PRESTATIONS, StaffRole.ENTREPRISES):
        assert not allows(role, StaffAction.MANAGE_INTRODUCERS)


def _account_active(introducer_id: int) -> bool:
    with db_session() as session:
        return session.scalar(select(Account.is_active).where(Account.introducer_id == introducer_id))


def test_deactivate_and_reactivate_from_the_list():
    """« Désactiver » (confirmed in its dialog) then « Réactiver »: the account follows, the list shows the
    state again, and an id that is no introducer's is refused in French with nothing written."""
    with db_session() as session:
        introducer = make_introducer(session, companies=(make_company(session),))
        introducer_id, name, identifier = introducer.id, introducer.name, introducer.identifier
    page, admin = Page(), _admin()
    _handler("deactivate")(page, admin, str(introducer_id))
    assert (page.error, page.info) == (
        "",
        introducer_admin.DEACTIVATED.format(name=name, identifier=identifier),
    )
    assert not _account_active(introducer_id)
    [line] = [i for i in page.introducers if i.introducer_id == introducer_id]
    assert not line.is_active and len(line.companies) == 1
    _handler("reactivate")(page, admin, str(introducer_id))
    assert (page.error, page.info) == (
        "",
        introducer_admin.REACTIVATED.format(name=name, identifier=identifier),
    )
    assert _account_active(introducer_id)
    before = _audit_count()
    for handler in ("deactivate", "reactivate"):
        for wrong in ("", "abc", "999999999"):
            page.info = "avant"
            _handler(handler)(page, admin, wrong)
            assert (page.error, page.info) == (introducer_admin.UNKNOWN_INTRODUCER, ""), (handler, wrong)
    assert _audit_count() == before and _account_active(introducer_id)


def _emails(introducer_id: int) -> tuple:
    with db_session() as session:
        return (
            session.scalar(select(BusinessIntroducer.email).where(BusinessIntroducer.id == introducer_id)),
            tuple(session.scalars(select(Account.email).where(Account.introducer_id == introducer_id))),
        )


def test_an_introducers_e_mail_is_changed_from_their_line(mailbox):
    """« Modifier l'adresse e-mail » opens a form on the introducer's line; « Enregistrer l'adresse »
    changes it, says so at the top, closes the form and shows the list again with the new address. The
    same form sent twice (a double click) is changed once, without a refusal in place of the message."""
    with db_session() as session:
        introducer = make_introducer(session)
        introducer_id, name, identifier, old = (
            introducer.id,
            introducer.name,
            introducer.identifier,
            introducer.email,
        )
    page, admin = Page(), _admin()
    _handler("edit_email")(page, admin, str(introducer_id))
    assert page.email_for == introducer_id
    new = f"nouvelle.{uuid.uuid4().hex[:8]}@example.fr"
    form = {"introducer": str(introducer_id), "new_email": new.upper()}
    _handler("change_email")(page, admin, form)
    changed = introducer_admin.EMAIL_CHANGED.format(name=name, identifier=identifier, email=new)
    assert (page.error, page.info, page.email_error, page.email_for) == ("", changed, "", 0)
    assert _emails(introducer_id) == (new, (new,))
    [line] = [i for i in page.introducers if i.introducer_id == introducer_id]
    assert line.email == new
    before = _audit_count()
    _handler("change_email")(page, admin, form)
    assert (page.error, page.info, page.email_error) == ("", changed, "")
    assert _audit_count() == before
    assert [m["To"] for m in mailbox.wait_for(old)] == [old]
    assert [m["To"] for m in mailbox.wait_for(new)] == [new]


def test_a_refused_e_mail_is_shown_next_to_its_form_which_stays_open():
    with db_session() as session:
        introducer = make_introducer(session)
        introducer_id, old = introducer.id, introducer.email
        taken = make_introducer(session).email
    page, admin = Page(), _admin()
    _handler("edit_email")(page, admin, str(introducer_id))
    before = _audit_count()
    for typed, refusal in (
        ("contact@cabinet@example.fr", introducer_admin.BAD_EMAIL),
        (old.upper(), introducer_admin.SAME_EMAIL),
        (taken, introducer_admin.EMAIL_TAKEN),
    ):
        refusals = page.email_refusals
        page.info = "avant"
        _handler("change_email")(page, admin, {"introducer": str(introducer_id), "new_email": typed})
        assert (page.email_error, page.error, page.info) == (refusal, "", ""), typed
        assert page.email_for == introducer_id and page.email_refusals == refusals + 1
    assert _emails(introducer_id) == (old, (old,))
    assert _audit_count() == before
    # « Annuler » closes it and forgets the refusal; a form of a line that is not open changes nothing
    _handler("edit_email")(page, admin, "")
    assert (page.email_for, page.email_error) == (0, "")
    _handler("change_email")(page, admin, {"introducer": str(introducer_id), "new_email": "x@example.fr"})
    assert _emails(introducer_id) == (old, (old,)) and _audit_count() == before


def test_the_portfolio_forms_list_marks_a_deactivated_introducer():
    """The select of « Ajouter une entreprise à un portefeuille » listed a deactivated introducer like any
    other: an administrator could not tell them apart there, and chose one whose contract had ended."""
    with db_session() as session:
        introducer = make_introducer(session)
        introducer_id, name, identifier = introducer.id, introducer.name, introducer.identifier
    page, admin = Page(), _admin()
    _handler("deactivate")(page, admin, str(introducer_id))
    choice = {"value": str(introducer_id), "label": f"{name} ({identifier}) — désactivé"}
    assert choice in page.choices
    _handler("reactivate")(page, admin, str(introducer_id))
    assert {"value": str(introducer_id), "label": f"{name} ({identifier})"} in page.choices
