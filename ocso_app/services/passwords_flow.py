"""Password life cycle: temporary passwords, forced change, change, forgotten password and reset link."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Account, AccountKind, Interface, OneTimeSecretPurpose
from ocso_app.models.base import utcnow
from ocso_app.services import audit, one_time, throttle
from ocso_app.services.errors import OcsoError
from ocso_app.services.login import (
    end_what_the_password_opened,
    find_account,
    normalize_login,
    recheck_password,
    unlock,
)
from ocso_app.services.mail import send_after_commit
from ocso_app.services.passwords import (
    employer_password_problem,
    hash_password,
    member_password_problem,
    temporary_password,
    verify_password,
)
from ocso_app.services.sessions import Principal, end_session, renew_session

TEMPORARY_PASSWORD_LIFETIME = timedelta(hours=24)
WRONG_CURRENT_PASSWORD = "Le mot de passe actuel est incorrect."
PASSWORD_CHANGED = "Votre mot de passe est modifié. Vos autres sessions ont été fermées."
PASSWORDS_DIFFER = "Les deux mots de passe ne sont pas identiques."
SAME_AS_BEFORE = "Choisissez un mot de passe différent de l'actuel."
NOTHING_TO_CHOOSE = "Aucun changement de mot de passe n'est attendu."
PASSWORD_HANDOFF_LIFETIME = one_time.LIFETIMES[OneTimeSecretPurpose.PASSWORD_HANDOFF]
# The login page's ``?erreur=`` after a refused « Continuer » of the first real password, and what it says.
PASSWORD_HANDOFF_REFUSED = "mot-de-passe"
PASSWORD_STEP_EXPIRED = (
    "Cette étape a expiré : connectez-vous à nouveau, avec le mot de passe que vous venez de choisir s'il a "
    "été enregistré."
)
RESET_LINK_INVALID = "Ce lien n'est plus valable : demandez-en un nouveau."
RESET_SENT = (
    "Si un compte correspond à ces informations, un e-mail vient de vous être envoyé avec un lien "
    "valable une heure."
)
RESET_ROUTES = {
    AccountKind.MEMBER: routes.MEMBER_RESET_PASSWORD,
    AccountKind.EMPLOYER: routes.EMPLOYER_RESET_PASSWORD,
    AccountKind.INTRODUCER: routes.INTRODUCER_RESET_PASSWORD,
}
SPACE_NAMES = {
    AccountKind.MEMBER: "Espace Santé Assuré",
    AccountKind.EMPLOYER: "Espace Employeur",
    AccountKind.INTRODUCER: "Espace Apporteurs d'affaires",
    AccountKind.STAFF: "Espace OCSO",
}


def password_problem(kind: AccountKind, password: str) -> str | None:
    """The rule a new password breaks, for that kind of account."""
    return (
        member_password_problem(password)
        if kind == AccountKind.MEMBER
        else employer_password_problem(password)
    )


def give_temporary_password(account: Account) -> str:
    """Set a fresh temporary password (24 h, must be changed at first login) and return it for the e-mail."""
    password = temporary_password()
    account.password_hash = hash_password(password)
    account.password_is_temporary = True
    account.password_expires_at = utcnow() + TEMPORARY_PASSWORD_LIFETIME
    return password


FIRST_LOGIN_NOTES = {
    AccountKind.STAFF: (
        "\n\nÀ cette première connexion, vous enregistrerez aussi votre application d'authentification "
        "(Google Authenticator, Microsoft Authenticator…) : l'Espace OCSO vous en demandera un code à chaque "
        "connexion."
    ),
}


def temporary_password_message(account: Account, password: str) -> tuple[str, str]:
    """The guide's e-mail (subject, text): the temporary password, to change at the first login."""
    space = SPACE_NAMES[account.kind]
    return (
        f"Votre mot de passe temporaire - {space} OCSO",
        f"Bonjour,\n\nAfin de vous connecter à votre {space} OCSO pour la première fois, "
        f"veuillez utiliser ce mot de passe temporaire (valable 24 heures) :\n\n{password}\n\n"
        f"Votre identifiant : {account.login}\n\n"
        "Il vous sera alors demandé de le modifier par un mot de passe de votre choix."
        f"{FIRST_LOGIN_NOTES.get(account.kind, '')}\n\n"
        "Si vous n'êtes pas à l'origine de l'ouverture de ce compte, ne l'utilisez pas et prévenez-nous "
        "à support@ocso.fr.",
    )


def mail_temporary_password_after_commit(session: Session, account: Account, password: str) -> None:
    """Send the temporary password's e-mail once ``session`` commits (nothing if it rolls back)."""
    subject, text = temporary_password_message(account, password)
    send_after_commit(session, to=account.email or "", subject=subject, text=text)


def _set_password(account: Account, new_password: str, confirmation: str) -> None:
    if new_password != confirmation:
        raise OcsoError(PASSWORDS_DIFFER)
    problem = password_problem(account.kind, new_password)
    if problem:
        raise OcsoError(problem)
    if account.password_hash and verify_password(new_password, account.password_hash):
        raise OcsoError(SAME_AS_BEFORE)
    account.password_hash = hash_password(new_password)
    account.password_is_temporary = False
    account.password_expires_at = None
    account.password_changed_at = utcnow()


def _audit_change(session: Session, account: Account, action: str, interface: Interface) -> None:
    audit.record(
        session,
        event_type="Mot de passe",
        action=action,
        account_id=account.id,
        member_id=account.member_id,
        interface=interface,
    )


def replace_temporary_password(
    session: Session,
    *,
    principal: Principal,
    new_password: str,
    confirmation: str,
    interface: Interface = Interface.WEB,
) -> str:
    """First login: the session that used the temporary password chooses the real one.

    This runs in a websocket event, which cannot give the session the new token this step takes (an
    HttpOnly cookie): the session is not marked here, else a session planted in the holder's browser at the
    temporary password step (session fixation) would be fully logged in for its planter once the holder
    chose their password. Returns instead a hand-off (``PASSWORD_HANDOFF``, stored hashed, salted with this
    login session's id) that only this session can spend, once, within ``PASSWORD_HANDOFF_LIFETIME``, by
    POSTing it to ``API_NEW_PASSWORD_HANDOFF`` (``complete_new_password``). Every other session of the
    account ends now, as before."""
    account = session.get(Account, principal.account_id)
    if account is None or not principal.must_change_password or not account.password_is_temporary:
        raise OcsoError(NOTHING_TO_CHOOSE)
    _set_password(account, new_password, confirmation)
    end_what_the_password_opened(session, account_id=account.id, keep_session_id=principal.session_id)
    _audit_change(session, account, "Mot de passe personnalisé (première connexion)", interface)
    return one_time.issue(
        session,
        account_id=account.id,
        purpose=OneTimeSecretPurpose.PASSWORD_HANDOFF,
        login_session_id=principal.session_id,
    )


def complete_new_password(session: Session, *, principal: Principal, handoff: str) -> str | None:
    """The route's half of ``replace_temporary_password``: spend the hand-off the page POSTed, if it was
    issued to this very login session of this account and is still usable, and give the session a new token
    with the temporary password's step done (``sessions.renew_session``; the login's 12 h still count).

    ``None`` otherwise (unknown, used, expired, another session's or account's): nothing passes, and this
    session at the temporary password step ends, since it can do nothing more (its password, if chosen, is
    not temporary any more); its holder logs in again."""
    row = one_time.consume_row(
        session,
        secret=handoff,
        purpose=OneTimeSecretPurpose.PASSWORD_HANDOFF,
        login_session_id=principal.session_id,
    )
    token = None
    if row is not None and row.account_id == principal.account_id:
        token = renew_session(session, session_id=principal.session_id, must_change_password=False)
    if token is None:
        end_session(session, session_id=principal.session_id)
    return token


def change_password(
    session: Session,
    *,
    principal: Principal,
    current_password: str,
    new_password: str,
    confirmation: str,
    interface: Interface = Interface.WEB,
) -> None:
    """ "Modifier mon mot de passe": the current one is asked again (``recheck_password``: its failures are
    counted); every other session ends."""
    account = recheck_password(
        session, session.get(Account, principal.account_id), current_password, wrong=WRONG_CURRENT_PASSWORD
    )
    _set_password(account, new_password, confirmation)
    end_what_the_password_opened(session, account_id=account.id, keep_session_id=principal.session_id)
    _audit_change(session, account, "Modification du mot de passe", interface)


def request_reset(session: Session, *, kind: AccountKind, login: str, ip_address: str | None = None) -> str:
    """ "Mot de passe oublié": e-mail a single-use link if the account exists and has an address.
    The answer is the same in every case, including when requests are bounded: at most 3 an hour for one
    login typed (whether or not it exists) and 20 an hour from one client (``throttle``). The link leaves
    after the commit, from a background thread, so the answer's timing does not say whether it exists."""
    if not _reset_allowed(session, kind=kind, login=login, ip_address=ip_address):
        return RESET_SENT
    account = find_account(session, kind, login)
    if account is not None and account.is_active and account.email and kind in RESET_ROUTES:
        secret = one_time.issue(session, account_id=account.id, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
        link = f"{settings().public_url}{RESET_ROUTES[kind]}?jeton={secret}"
        send_after_commit(
            session,
            to=account.email,
            subject="Réinitialisation de votre mot de passe OCSO",
            text=(
                "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, "
                f"une seule fois) :\n\n{link}\n\nSi vous n'êtes pas à l'origine de cette demande, "
                "ignorez ce message : votre mot de passe actuel reste valable."
            ),
        )
    return RESET_SENT


def _reset_allowed(session: Session, *, kind: AccountKind, login: str, ip_address: str | None) -> bool:
    """Count this request per client, then (unless the client is over its bound: no row for each junk
    login) per login typed; whether it is within both bounds."""
    if not throttle.attempt_from_client(session, throttle.RESET_CLIENT, ip_address):
        return False
    return throttle.attempt(session, throttle.RESET_LOGIN, f"{kind.value}:{normalize_login(kind, login)}")


def reset_link_is_valid(session: Session, *, secret: str) -> bool:
    """Whether a reset link can still be used (to show the form or the "expired" message)."""
    return one_time.peek(session, secret=secret, purpose=OneTimeSecretPurpose.PASSWORD_RESET) is not None


def reset_password(
    session: Session,
    *,
    secret: str,
    new_password: str,
    confirmation: str,
    interface: Interface = Interface.WEB,
) -> AccountKind:
    """Use a reset link once: new password, account unlocked, every session and e-mail change ended."""
    account_id = one_time.peek(session, secret=secret, purpose=OneTimeSecretPurpose.PASSWORD_RESET)
    account = session.get(Account, account_id) if account_id is not None else None
    if account is None:
        raise OcsoError(RESET_LINK_INVALID)
    _set_password(account, new_password, confirmation)
    if one_time.consume(session, secret=secret, purpose=OneTimeSecretPurpose.PASSWORD_RESET) is None:
        raise OcsoError(RESET_LINK_INVALID)  # used meanwhile by another request: this one writes nothing
    unlock(session, account)
    end_what_the_password_opened(session, account_id=account.id)
    _audit_change(session, account, "Réinitialisation du mot de passe", interface)
    return account.kind
