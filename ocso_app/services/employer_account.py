"""An Espace Employeur user's own account, in Administration des structures: the password (changed by
``passwords_flow.change_password``: the current one asked again, the other sessions ended) and the mobile
number the second factor's SMS goes to.

Changing the number asks for the password again and tells the account's e-mail address: a session left
open on a shared computer must not be enough to move the second factor to another phone unnoticed. The
account comes from the guard, never from the browser; a wrong password or number writes nothing."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface
from ocso_app.services import audit
from ocso_app.services.employer_accounts import BAD_PHONE, normalize_phone
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_phone
from ocso_app.services.login import recheck_password
from ocso_app.services.mail import send_after_commit
from ocso_app.services.passwords_flow import WRONG_CURRENT_PASSWORD
from ocso_app.services.sessions import Principal

PHONE_CHANGED = "Votre numéro de téléphone est enregistré : les codes de connexion par SMS y seront envoyés."


def change_phone(
    session: Session, *, principal: Principal, current_password: str, phone: str, interface: Interface
) -> str:
    """Set the caller's mobile number after checking their password; returns it as displayed."""
    account = session.get(Account, principal.account_id)
    if account is None or account.kind != AccountKind.EMPLOYER:
        raise OcsoError(WRONG_CURRENT_PASSWORD)
    recheck_password(session, account, current_password, wrong=WRONG_CURRENT_PASSWORD)
    normalized = normalize_phone(phone)
    if normalized is None:
        raise OcsoError(BAD_PHONE)
    account.phone = normalized
    audit.record(
        session,
        event_type="Compte",
        action="Modification du numéro de téléphone (codes de connexion par SMS)",
        account_id=account.id,
        interface=interface,
    )
    shown = format_phone(normalized)
    send_after_commit(
        session,
        to=account.email or account.login,
        subject="Le numéro de téléphone de votre Espace Employeur OCSO a été modifié",
        text=(
            "Bonjour,\n\nLe numéro de téléphone de votre compte de l'Espace Employeur OCSO est désormais le "
            f"{shown[:2]} ** ** ** {shown[-2:]} : vos codes de connexion par SMS y seront envoyés.\n\n"
            "Si vous n'êtes pas à l'origine de ce changement, changez votre mot de passe et écrivez-nous "
            "à support@ocso.fr."
        ),
    )
    return shown
