"""An employer user's choice to be e-mailed when OCSO deposits indemnités journalières, bordereaux or
documents for their structures (``Account.deposit_emails``, on until they turn it off): changed by the user in
Administration des structures › Mon compte, or turned off by the one-click link each such e-mail carries in
its footer and its ``List-Unsubscribe`` header (RFC 8058), a signed token bound to the account and to this
purpose (``signed_links``). Every change is audited with who made it. Security and account e-mails
(password, second factor, invitations) never depend on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Account, AccountKind
from ocso_app.services import audit, signed_links
from ocso_app.services.errors import AccessDenied, OcsoError

PREFERENCE_LABEL = (
    "Recevoir un e-mail quand OCSO dépose des indemnités journalières, des bordereaux ou des documents pour "
    "mes structures"
)
WHERE = "Espace Employeur › Administration des structures › Mon compte"
EVENT_TYPE = "Compte"
PURPOSE = "deposit-emails-off"  # a token of any other purpose is refused here
LINK_LIFETIME = timedelta(days=180)
TOKEN_PARAMETER = "jeton"
UNKNOWN_ACCOUNT = "Compte introuvable."
BAD_LINK = (
    "Ce lien n'est pas valable ou a expiré : rien n'a été modifié. Pour ne plus recevoir ces e-mails, "
    f"décochez la case dans votre {WHERE}."
)
TURNED_ON = "Vous recevrez un e-mail à chaque dépôt d'OCSO pour vos structures."
TURNED_OFF = (
    "C'est noté : vous ne recevrez plus d'e-mail quand OCSO dépose des indemnités journalières, des "
    "bordereaux ou des documents pour vos structures. Vous pouvez les recevoir de nouveau depuis votre "
    f"{WHERE}."
)


@dataclass(frozen=True)
class Recipient:
    """An employer user to tell of a deposit: their account (for the link) and address."""

    account_id: int
    email: str


def _employer(session: Session, account_id: int | None) -> Account:
    account = session.get(Account, account_id) if account_id is not None else None
    if account is None or account.kind != AccountKind.EMPLOYER:
        raise AccessDenied(UNKNOWN_ACCOUNT)
    return account


def enabled(session: Session, *, account_id: int) -> bool:
    """Whether the employer user wants the deposits' e-mails."""
    return _employer(session, account_id).deposit_emails


def set_enabled(session: Session, actor: audit.Actor, *, enabled: bool, by_link: bool = False) -> None:
    """The caller's own choice (``actor.account_id``, from the guard or a checked link): saved, audited with
    the actor when it changes; the same choice again writes nothing."""
    account = _employer(session, actor.account_id)
    if account.deposit_emails == enabled:
        return
    account.deposit_emails = enabled
    action = f"E-mails des dépôts d'OCSO {'activés' if enabled else 'désactivés'}"
    if by_link:
        action += " (lien de l'e-mail)"
    audit.record_by(session, actor, event_type=EVENT_TYPE, action=action)


@dataclass(frozen=True)
class StopNotice:
    """What a deposit's e-mail to one account carries so that it can be stopped: the footer's text and the
    ``List-Unsubscribe`` headers (RFC 2369 and RFC 8058), both with the account's own one-click link."""

    footer: str
    headers: dict[str, str]


def unsubscribe_url(account_id: int) -> str:
    """The one-click link that turns the e-mails off for ``account_id``."""
    query = {TOKEN_PARAMETER: signed_links.sign(PURPOSE, account_id)}
    return f"{settings().public_url}{routes.API_DEPOSIT_EMAILS_OFF.url(query)}"


def stop_notice(account_id: int, *, names_structures: bool = True) -> StopNotice:
    """The footer and headers of a deposit's e-mail to ``account_id`` (``names_structures``: the e-mail
    names the structures it is about; a guide for every employer names none)."""
    link = unsubscribe_url(account_id)
    page = f"{settings().public_url}{routes.EMPLOYER_ADMINISTRATION}"
    of_structures = "pour la ou les structures citées " if names_structures else ""
    footer = (
        f"Vous recevez cet e-mail car vous êtes utilisateur de l'Espace Employeur OCSO {of_structures}"
        "et n'avez pas désactivé les e-mails des dépôts d'OCSO. Pour ne plus les "
        f"recevoir : décochez « {PREFERENCE_LABEL} » dans votre {WHERE} ({page}), ou ouvrez ce lien : {link}"
    )
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return StopNotice(footer, headers)


def account_of_link(session: Session, token: str) -> int:
    """The employer account a genuine, unexpired link of this purpose names; ``OcsoError`` otherwise."""
    account_id = signed_links.read(token, purpose=PURPOSE, max_age=LINK_LIFETIME)
    try:
        return _employer(session, account_id).id
    except AccessDenied:
        raise OcsoError(BAD_LINK) from None


def turn_off_by_link(session: Session, *, token: str, actor: audit.Actor) -> None:
    """The one-click link: the e-mails off for the account it names (``actor`` says from where, its account
    is the link's), audited; again, nothing more. ``OcsoError`` with nothing written for a bad link."""
    account_id = account_of_link(session, token)
    holder = audit.Actor(account_id, interface=actor.interface, ip_address=actor.ip_address)
    set_enabled(session, holder, enabled=False, by_link=True)
