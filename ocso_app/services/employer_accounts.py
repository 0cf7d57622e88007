"""Employer users: "Créer un compte" (numéro client + SIREN + code de sécurité), the utilisateur principal,
invitations with a profile per structure (what each profile allows: ``employer_access``).

The company's first user becomes its utilisateur principal, with the Administrateur profile on the company
and on its structures. Only a principal may invite other users, on the structures where they are principal.
An invitation answers the same whether or not the address already has an employer account (perhaps with
another company): a new address gets an account and its temporary password; an existing one keeps its
password and details and is told by e-mail which structures were opened to it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum.fr import siren as siren_number

from ocso_app.models import Account, AccountKind, Company, EmployerGrant, EmployerProfile, Interface
from ocso_app.services import audit, employer_access, throttle
from ocso_app.services.email_addresses import valid_email
from ocso_app.services.errors import AccessDenied, OcsoError
from ocso_app.services.mail import send_after_commit
from ocso_app.services.passwords import hash_password, temporary_password, verify_password
from ocso_app.services.passwords_flow import give_temporary_password, mail_temporary_password_after_commit
from ocso_app.services.registration import BAD_EMAIL
from ocso_app.services.security_codes import canonical_code
from ocso_app.services.sessions import Principal, logged_name
from ocso_app.services.typed_text import bad_character, has_control

PROFILE_LABELS = {
    EmployerProfile.ADMIN: "Administrateur",
    EmployerProfile.STAFF_MANAGEMENT: "Gestion des salariés",
    EmployerProfile.READ_ONLY: "Consultation",
    EmployerProfile.SICK_LEAVE: "Arrêts de travail",
    EmployerProfile.CONTRIBUTIONS: "Cotisations",
}

BAD_SIREN = "Le numéro SIREN compte 9 chiffres et doit être valide (il figure sur votre extrait Kbis)."
NO_MATCHING_COMPANY = (
    "Ces informations ne correspondent à aucune entreprise cliente. "
    "Vérifiez-les ou écrivez à support@ocso.fr."
)
ASK_THE_PRINCIPAL = (
    "Un compte existe déjà pour cette entreprise ou cette adresse e-mail : demandez à l'utilisateur "
    "principal de votre entreprise de vous inviter depuis « Administration des structures »."
)
TOO_MANY_ATTEMPTS = (
    "Trop d'essais pour ces informations : réessayez dans quelques heures ou écrivez à support@ocso.fr."
)
BAD_PHONE = "Indiquez un numéro de téléphone à 10 chiffres (ex. 06 12 34 56 78)."
NAME_REQUIRED = "Indiquez le nom et le prénom de l'utilisateur."
BAD_JOB_TITLE = "Indiquez la fonction de l'utilisateur (80 caractères au plus)."
NO_STRUCTURE_CHOSEN = "Choisissez un profil sur au moins une structure."
NOT_PRINCIPAL = "Seul l'utilisateur principal de la structure peut y donner accès."
REGISTERED = (
    "Votre compte est créé : vous allez recevoir par e-mail votre mot de passe temporaire, "
    "valable 24 heures. "
    "Vous êtes l'utilisateur principal de votre entreprise."
)
INVITED = (
    "L'invitation est envoyée : l'utilisateur reçoit un e-mail pour se connecter à l'Espace Employeur. "
    "Il apparaît dans la liste ci-dessous."
)

_PHONE = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$", re.ASCII)


@dataclass(frozen=True)
class StructureAccess:
    """One structure an employer user may reach, and with which profile."""

    company_id: int
    name: str
    siren: str
    profile: str
    profile_label: str
    is_principal: bool


@dataclass(frozen=True)
class _Person:
    email: str
    first_name: str
    last_name: str
    phone: str
    job_title: str


def profile_label(profile: EmployerProfile | str) -> str:
    """The French name of a profile."""
    return PROFILE_LABELS[EmployerProfile(profile)]


def normalize_phone(phone: str) -> str | None:
    """A French number as ten digits ("0612345678"), or ``None`` when it is not one."""
    compact = re.sub(r"[\s.\-()]", "", phone or "")
    match = _PHONE.match(compact)
    return f"0{match.group(1)}" if match else None


def email_and_names(
    email: str, first_name: str, last_name: str, *, name_required: str
) -> tuple[str, str, str]:
    """A new user's address (lower case) and names (stripped, 80 characters at most), or ``OcsoError``:
    ``BAD_EMAIL``, or ``name_required`` when a name is missing or too long."""
    email = (email or "").strip().lower()
    if not valid_email(email):
        raise OcsoError(BAD_EMAIL)
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name or not last_name or len(first_name) > 80 or len(last_name) > 80:
        raise OcsoError(name_required)
    for typed, field in ((last_name, "Nom"), (first_name, "Prénom")):
        if has_control(typed):  # a NUL: PostgreSQL refuses it in the account's row
            raise OcsoError(bad_character(field))
    return email, first_name, last_name


def _person(email: str, first_name: str, last_name: str, phone: str, job_title: str) -> _Person:
    email, first_name, last_name = email_and_names(email, first_name, last_name, name_required=NAME_REQUIRED)
    normalized_phone = normalize_phone(phone)
    if normalized_phone is None:
        raise OcsoError(BAD_PHONE)
    job_title = (job_title or "").strip()
    if not job_title or len(job_title) > 80:
        raise OcsoError(BAD_JOB_TITLE)
    if has_control(job_title):
        raise OcsoError(bad_character("Fonction"))
    return _Person(email, first_name, last_name, normalized_phone, job_title)


def _employer_account_exists(session: Session, email: str) -> bool:
    query = select(Account.id).where(Account.kind == AccountKind.EMPLOYER, Account.login == email)
    return session.scalar(query) is not None


def _new_account(session: Session, person: _Person) -> tuple[Account, str]:
    account = Account(
        kind=AccountKind.EMPLOYER,
        login=person.email,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        phone=person.phone,
        job_title=person.job_title,
    )
    session.add(account)
    password = give_temporary_password(account)
    session.flush()
    return account, password


def _company_and_structures(session: Session, company: Company) -> list[Company]:
    """The company and every structure below it (``parent_id``), at any depth."""
    found, frontier = [company], [company.id]
    while frontier:
        children = list(session.scalars(select(Company).where(Company.parent_id.in_(frontier))))
        children = [c for c in children if c.id not in {f.id for f in found}]
        found.extend(children)
        frontier = [c.id for c in children]
    return found


def _has_principal(session: Session, company_id: int) -> bool:
    query = select(EmployerGrant.id).where(
        EmployerGrant.company_id == company_id, EmployerGrant.is_principal.is_(True)
    )
    return session.scalar(query.limit(1)) is not None


@dataclass(frozen=True)
class CodesCheck:
    """The answer to numéro client + SIREN + code de sécurité: the company, or the refusal to show."""

    company: Company | None
    refusal: str = ""


def check_company_codes(
    session: Session, *, client_number: str, siren: str, security_code: str, ip_address: str | None
) -> CodesCheck:
    """The company whose numéro client, SIREN and code de sécurité these are ("Créer un compte", and a
    principal adding a structure).

    A wrong field gets ``NO_MATCHING_COMPANY`` whichever it was, after one bcrypt check in every case, so
    the answer and its timing never tell which field was wrong. Every attempt counts for the client address
    and every wrong answer for the numéro client typed (``throttle``): past the limits the answer is
    ``TOO_MANY_ATTEMPTS`` without checking anything. A refusal is returned, not raised, so that the caller
    commits its count. A malformed SIREN raises ``OcsoError(BAD_SIREN)`` before anything is written."""
    compact_siren = siren_number.compact(siren or "")
    if not siren_number.is_valid(compact_siren):
        raise OcsoError(BAD_SIREN)
    client_number = (client_number or "").strip()
    if not throttle.attempt_from_client(session, throttle.COMPANY_CODES_CLIENT, ip_address) or (
        not throttle.check(session, throttle.COMPANY_CODES_NUMBER, client_number).allowed
    ):
        verify_password(security_code or "", None)  # the same cost as any other answer
        return CodesCheck(None, TOO_MANY_ATTEMPTS)
    # no numéro client holds a control character: one typed with it (a NUL, which PostgreSQL refuses in a
    # query) is nobody's, and gets the same answer after the same bcrypt check
    company = (
        None
        if has_control(client_number)
        else session.scalar(
            select(Company).where(Company.client_number == client_number, Company.siren == compact_siren)
        )
    )
    code_ok = verify_password(canonical_code(security_code), company.security_code_hash if company else None)
    if company is None or not code_ok:
        throttle.count(session, throttle.COMPANY_CODES_NUMBER, client_number)
        return CodesCheck(None, NO_MATCHING_COMPANY)
    throttle.clear(session, throttle.COMPANY_CODES_NUMBER, client_number)
    return CodesCheck(company)


def open_company_tree(session: Session, *, actor: audit.Actor, company: Company) -> None:
    """Open ``company`` and every structure below it to the actor, who gave its three fields, as
    Administrateur: principal where the structure has none yet (a grant the actor already holds there
    becomes principal), otherwise an Administrateur beside the principal; one audit row per structure."""
    account_id = actor.account_id
    if account_id is None:
        raise ValueError("structures are opened to an account")
    held = {
        grant.company_id: grant
        for grant in session.scalars(select(EmployerGrant).where(EmployerGrant.account_id == account_id))
    }
    for structure in _company_and_structures(session, company):
        principal = not _has_principal(session, structure.id)
        grant = held.get(structure.id)
        if grant is not None and not principal:
            continue
        if grant is None:
            session.add(
                EmployerGrant(
                    account_id=account_id,
                    company_id=structure.id,
                    profile=EmployerProfile.ADMIN,
                    is_principal=principal,
                )
            )
        else:
            grant.profile, grant.is_principal = EmployerProfile.ADMIN, True
        role = "utilisateur principal" if principal else "Administrateur"
        audit.record_by(
            session,
            dataclasses.replace(actor, company_id=structure.id),
            event_type="Compte",
            action=f"Accès à la structure {structure.name} ({role})",
        )
        session.flush()


def register_employer(
    session: Session,
    *,
    client_number: str,
    siren: str,
    security_code: str,
    last_name: str,
    first_name: str,
    phone: str,
    job_title: str,
    email: str,
    interface: Interface = Interface.WEB,
    ip_address: str | None = None,
) -> str:
    """ "Créer un compte": the first user of a client company becomes its utilisateur principal.

    Returns ``REGISTERED``, or the refusal of ``check_company_codes`` (counted: the caller commits).
    Malformed fields and a company that already has its principal raise ``OcsoError``."""
    person = _person(email, first_name, last_name, phone, job_title)
    check = check_company_codes(
        session,
        client_number=client_number,
        siren=siren,
        security_code=security_code,
        ip_address=ip_address,
    )
    if check.company is None:
        return check.refusal
    company = check.company
    if _has_principal(session, company.id) or _employer_account_exists(session, person.email):
        raise OcsoError(ASK_THE_PRINCIPAL)
    account, password = _new_account(session, person)
    actor = audit.Actor(account.id, interface=interface, ip_address=ip_address)
    audit.record_by(
        session, actor, event_type="Compte", action="Création du compte employeur (utilisateur principal)"
    )
    open_company_tree(session, actor=actor, company=company)
    mail_temporary_password_after_commit(session, account, password)
    return REGISTERED


def invite_user(
    session: Session,
    *,
    principal: Principal,
    email: str,
    first_name: str,
    last_name: str,
    phone: str,
    job_title: str,
    grants: dict[int, EmployerProfile],
    interface: Interface = Interface.WEB,
) -> int:
    """A principal user gives another person access to some of their structures, one profile each.

    Raises ``AccessDenied`` unless the caller is the principal (Administrateur) of every structure named."""
    if principal.kind != AccountKind.EMPLOYER:
        raise AccessDenied(NOT_PRINCIPAL)
    if not grants:
        raise OcsoError(NO_STRUCTURE_CHOSEN)
    for company_id in grants:
        grant = employer_access.grant_for(
            session,
            account_id=principal.account_id,
            company_id=company_id,
            action=employer_access.EmployerAction.ADMINISTER_USERS,
        )
        if grant is None or not grant.is_principal:
            raise AccessDenied(NOT_PRINCIPAL)
    profiles = {company_id: EmployerProfile(profile) for company_id, profile in grants.items()}
    person = _person(email, first_name, last_name, phone, job_title)
    existing = session.scalar(
        select(Account).where(Account.kind == AccountKind.EMPLOYER, Account.login == person.email)
    )
    password: str | None = None
    if existing is None:
        account, password = _new_account(session, person)
    else:
        # The address's owner keeps their password and details (the inviter may not change them), and the
        # same bcrypt cost as creating an account keeps the answer's timing the same.
        account = existing
        hash_password(temporary_password())
    already = set(
        session.scalars(
            select(EmployerGrant.company_id).where(
                EmployerGrant.account_id == account.id, EmployerGrant.company_id.in_(profiles)
            )
        )
    )
    opened: list[tuple[int, EmployerProfile]] = []
    for company_id, profile in profiles.items():
        if company_id in already:
            continue  # an existing access is not changed by an invitation
        opened.append((company_id, profile))
        session.add(
            EmployerGrant(
                account_id=account.id,
                company_id=company_id,
                profile=profile,
                is_principal=False,
                granted_by_account_id=principal.account_id,
            )
        )
        label = PROFILE_LABELS[profile]
        inviter = audit.Actor(principal.account_id, company_id=company_id, interface=interface)
        audit.record_by(
            session,
            inviter,
            event_type="Compte",
            action=f"Invitation de {logged_name(account)} (profil {label})",
        )
        if existing is not None:
            invitee = audit.Actor(account.id, company_id=company_id, interface=interface)
            audit.record_by(
                session, invitee, event_type="Compte", action=f"Accès ouvert sur invitation (profil {label})"
            )
    session.flush()
    if password is not None:
        mail_temporary_password_after_commit(session, account, password)
    elif opened:
        _mail_access_opened(session, account, principal, opened)
    return account.id


def _mail_access_opened(
    session: Session, account: Account, inviter: Principal, opened: list[tuple[int, EmployerProfile]]
) -> None:
    """Tell an existing user, once the invitation commits, which structures it opened to them (they log in
    as usual)."""
    query = select(Company.id, Company.name).where(Company.id.in_([c for c, _ in opened]))
    names: dict[int, str] = {company_id: name for company_id, name in session.execute(query)}
    lines = "\n".join(f"- {names.get(c, '')} : profil {PROFILE_LABELS[p]}" for c, p in opened)
    send_after_commit(
        session,
        to=account.email or account.login,
        subject="Nouvel accès à votre Espace Employeur OCSO",
        text=(
            f"Bonjour,\n\n{inviter.display_name} vous a donné accès, dans votre Espace Employeur OCSO, "
            f"à :\n\n{lines}\n\nConnectez-vous comme d'habitude, avec votre adresse e-mail et votre "
            "mot de passe. "
            "Si vous ne connaissez pas cette entreprise, écrivez-nous à support@ocso.fr : nous retirerons "
            "cet accès."
        ),
    )


def list_structures(session: Session, *, account_id: int) -> list[StructureAccess]:
    """The structures the user may reach, with their profile, by name."""
    rows = session.execute(
        select(EmployerGrant, Company)
        .join(Company, Company.id == EmployerGrant.company_id)
        .where(EmployerGrant.account_id == account_id)
        .order_by(Company.name, Company.id)
    ).all()
    return [
        StructureAccess(
            company_id=company.id,
            name=company.name,
            siren=company.siren,
            profile=str(grant.profile),
            profile_label=profile_label(grant.profile),
            is_principal=grant.is_principal,
        )
        for grant, company in rows
    ]


def administered_structures(session: Session, *, account_id: int) -> list[StructureAccess]:
    """The structures where the user is principal (Administrateur): those they may give access to."""
    return [
        s
        for s in list_structures(session, account_id=account_id)
        if s.is_principal and s.profile == EmployerProfile.ADMIN
    ]
