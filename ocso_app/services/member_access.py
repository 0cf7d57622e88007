"""A member's access to the Espace Santé Assuré, as OCSO's staff see it on the member's file, and the letter
that gives it back to a member who cannot use « Mot de passe oublié » (no e-mail address on file, or none
they can read) or whose account locked after too many wrong passwords.

The file says whether the member has an account, its login, whether it is active, locked (since when) or
waiting on a temporary password, and when they last logged in. The letter is posted to the member's address:
a new temporary password (unambiguous characters, valid 15 days for the post, to change at the first
login), which replaces the current password, unlocks the account and ends its sessions. It is for a role
that may change a member's file (``APPLY_MEMBER_CHANGES``); the download is audited on the member's history
(never the password), and a member with an e-mail address is told at once, so that a letter they did not ask
for does not go unnoticed.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Account, AccountKind, LoginSession, Member
from ocso_app.services import audit, login
from ocso_app.services.errors import OcsoError
from ocso_app.services.formats import format_long_date, format_paris_minute, format_short_date, paris_date
from ocso_app.services.mail import send_after_commit
from ocso_app.services.passwords import hash_password, member_password_problem
from ocso_app.services.pdf_drawing import Letter, facts_table, letter_head, paragraph_styles, render_pdf
from ocso_app.services.sessions import _as_aware

EVENT_TYPE = "Compte"
LETTER_LIFETIME = timedelta(days=15)  # the post takes days: longer than the e-mailed one's 24 hours
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no 0/O, 1/l/I: typed from paper
NO_ACCOUNT = (
    "Cet(te) assuré(e) n'a pas encore de compte : il/elle le crée avec « Créer un compte » sur la page de "
    "connexion (numéro d'adhérent, date de naissance et numéro de sécurité sociale)."
)
NO_MEMBER = "Ce dossier n'existe pas."


@dataclass(frozen=True)
class MemberAccess:
    """What the file shows of the member's account (``has_account`` false: the other fields are empty)."""

    has_account: bool
    status: str
    login: str = ""
    email: str = ""
    last_login: str = ""
    created_on: str = ""


def _account(session: Session, member_id: int) -> Account | None:
    return session.scalar(
        select(Account).where(Account.kind == AccountKind.MEMBER, Account.member_id == member_id)
    )


def _status(account: Account, now: datetime) -> str:
    if not account.is_active:
        return "Désactivé"
    if account.locked_at is not None:
        return (
            f"Verrouillé depuis le {format_paris_minute(account.locked_at)} (trop d'essais du mot de passe)"
        )
    if account.password_is_temporary and account.password_expires_at is not None:
        ends = _as_aware(account.password_expires_at)
        if now >= ends:
            return f"Mot de passe provisoire expiré le {format_paris_minute(ends)}"
        return f"Mot de passe provisoire, valable jusqu'au {format_paris_minute(ends)}"
    return "Actif"


def member_access(session: Session, *, member_id: int, now: datetime) -> MemberAccess:
    """The member's account as the file shows it (nothing is written)."""
    account = _account(session, member_id)
    if account is None:
        return MemberAccess(has_account=False, status=NO_ACCOUNT)
    last = session.scalar(
        select(func.max(LoginSession.created_at)).where(LoginSession.account_id == account.id)
    )
    return MemberAccess(
        has_account=True,
        status=_status(account, now),
        login=account.login,
        email=account.email or "Aucune (« Mot de passe oublié » ne peut rien lui envoyer)",
        last_login=format_paris_minute(last) if last else "Jamais",
        created_on=format_short_date(paris_date(account.created_at)),
    )


def letter_password() -> str:
    """``Kp7m-Rt4x-Wz9a``: three groups of four a person types from paper without doubt, meeting the
    members' rule (an upper-case letter and a digit in at least eight characters)."""
    while True:
        chars = "".join(secrets.choice(ALPHABET) for _ in range(12))
        password = "-".join(chars[i : i + 4] for i in range(0, 12, 4))
        if member_password_problem(password) is None:
            return password


def new_password_letter(
    session: Session, *, member_id: int, actor: audit.Actor, now: datetime
) -> Letter | None:
    """A new temporary password for the member's account (the current one replaced, the account unlocked,
    its sessions ended), in the letter to post; ``None`` for no member, ``OcsoError`` for no account."""
    member = session.get(Member, member_id)
    if member is None:
        return None
    account = _account(session, member_id)
    if account is None or not account.is_active:
        raise OcsoError(NO_ACCOUNT if account is None else "Ce compte est désactivé.")
    password = letter_password()
    account.password_hash = hash_password(password)
    account.password_is_temporary = True
    account.password_expires_at = now + LETTER_LIFETIME
    login.unlock(session, account)
    login.end_what_the_password_opened(session, account_id=account.id, now=now)
    audit.record_by(
        session,
        dataclasses.replace(actor, member_id=member.id),
        event_type=EVENT_TYPE,
        action="Mot de passe provisoire envoyé par courrier par OCSO (à changer à la première connexion)",
    )
    if member.email or account.email:
        send_after_commit(
            session,
            to=member.email or account.email or "",
            subject="Un mot de passe provisoire vous est envoyé par courrier - OCSO",
            text=(
                "Bonjour,\n\nÀ votre demande, OCSO vous envoie par courrier un mot de passe provisoire pour "
                "votre Espace Santé Assuré : votre mot de passe actuel ne fonctionne plus. Si vous n'êtes "
                "pas à l'origine de cette demande, appelez-nous au 05 56 34 36 66."
            ),
        )
    return Letter(_pdf(member, account, password, now), f"mot-de-passe-{member.member_number}.pdf")


def _pdf(member: Member, account: Account, password: str, now: datetime) -> bytes:
    s = paragraph_styles()
    name = f"{member.civility} {member.first_name} {member.last_name.upper()}"
    recipient = (name, member.address_line, f"{member.postal_code} {member.city}")
    story = [
        *letter_head(recipient, paris_date(now), s),
        Paragraph("Votre mot de passe provisoire pour l'Espace Santé Assuré", s["heading"]),
        Paragraph(
            f"{'Madame' if member.civility == 'Mme' else 'Monsieur'}, comme convenu, voici de quoi vous "
            "connecter à votre Espace Santé Assuré. "
            "Ce mot de passe remplace l'ancien, qui ne fonctionne plus. À la première connexion, vous "
            "choisirez votre propre mot de passe.",
            s["normal"],
        ),
        Spacer(1, 4 * mm),
        facts_table(
            [
                ("Espace Santé Assuré", f"{settings().public_url}{routes.MEMBER_LOGIN}"),
                ("Identifiant", account.login),
                ("Mot de passe provisoire", password),
                ("Valable jusqu'au", format_long_date(paris_date(now + LETTER_LIFETIME))),
            ],
            widths=(50 * mm, 105 * mm),
            align="LEFT",
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            "Respectez les majuscules et les minuscules et tapez les tirets. Passé ce délai, demandez-nous "
            "un nouveau courrier : 05 56 34 36 66 ou support@ocso.fr. Ne communiquez jamais votre mot de "
            "passe, même à OCSO.",
            s["muted"],
        ),
    ]
    return render_pdf(story, title="Votre mot de passe provisoire OCSO")
