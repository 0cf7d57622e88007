"""The employer's second factor: a 6-digit code by e-mail or SMS, or an authenticator app (TOTP, ``pyotp``).

Codes are single-use, expire after 10 minutes, burn after five wrong tries and pass only the login session
they were sent for (``one_time``). The TOTP secret
is stored encrypted. Every wrong code of an account, whatever its kind (e-mail, SMS, app, enrolment) and
however many new codes were asked for, is counted by ``throttle.SECOND_FACTOR``: a growing delay after 5,
then the account is locked (and its sessions end) at 10, until a password reset. The codes sent are counted
too (``throttle.CODE_SENDING``, e-mail, SMS and enrolment codes together): past its quota nothing leaves.
"""

from __future__ import annotations

import hmac
import io
from collections.abc import Callable

import pyotp
import segno
from sqlalchemy import or_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ocso_app.models import Account, Interface, OneTimeSecretPurpose
from ocso_app.models.base import utcnow
from ocso_app.services import audit, login, one_time, sms, throttle
from ocso_app.services.crypto import decrypt_field, encrypt_field
from ocso_app.services.errors import CountedRefusal, OcsoError
from ocso_app.services.mail import send_mail

EVENT_TYPE = "Double authentification"
ISSUER = "OCSO"
METHODS = {"email": OneTimeSecretPurpose.EMAIL_CODE, "sms": OneTimeSecretPurpose.SMS_CODE}
TOTP_FAILURE = "Échec du code (application d'authentification)"
TOO_MANY_TRIES = "Code refusé (trop d'essais : délai d'attente ou compte verrouillé)"
NO_EMAIL = "Aucune adresse e-mail n'est connue pour ce compte : écrivez à support@ocso.fr."
NO_PHONE = "Aucun numéro de téléphone n'est connu pour ce compte : choisissez le code par e-mail."
WRONG_CODE = "Ce code est incorrect ou a expiré."
TOO_MANY_CODES = "Trop de codes demandés : attendez une heure avant d'en demander un nouveau."


def mask_phone(phone: str | None) -> str:
    """ "06 ** ** ** 78": enough for the user to recognise the number, not enough to learn it."""
    digits = "".join(c for c in (phone or "") if c.isdigit())
    if len(digits) < 4:
        return "**"
    return f"{digits[:2]} ** ** ** {digits[-2:]}"


def mask_email(email: str | None) -> str:
    """ "m***@exemple.fr"."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if local and domain else "***"


def _record(session: Session, account: Account, action: str, interface: Interface) -> None:
    audit.record(session, event_type=EVENT_TYPE, action=action, account_id=account.id, interface=interface)


def _count_sending(session: Session, account: Account, interface: Interface) -> None:
    """Count one code to send to ``account``; past the quota, ``CountedRefusal`` (audited) and none leaves."""
    if throttle.attempt(session, throttle.CODE_SENDING, str(account.id)):
        return
    _record(session, account, TOO_MANY_CODES, interface)
    raise CountedRefusal(TOO_MANY_CODES)


def send_email_code(
    session: Session, account: Account, *, login_session_id: int, interface: Interface = Interface.WEB
) -> str:
    """E-mail a fresh code for the login session ``login_session_id``; returns the masked address it went
    to."""
    if not account.email:
        raise OcsoError(NO_EMAIL)
    _count_sending(session, account, interface)
    code = one_time.issue(
        session,
        account_id=account.id,
        purpose=OneTimeSecretPurpose.EMAIL_CODE,
        short_code=True,
        login_session_id=login_session_id,
    )
    send_mail(
        to=account.email,
        subject="Votre code de vérification OCSO",
        text=(
            f"Bonjour,\n\nVotre code de vérification : {code}\n\nIl est valable 10 minutes et ne sert "
            "qu'une fois. Si vous n'êtes pas à l'origine de cette connexion, changez votre mot de passe."
        ),
    )
    _record(session, account, "Envoi d'un code par e-mail", interface)
    return mask_email(account.email)


def send_sms_code(
    session: Session, account: Account, *, login_session_id: int, interface: Interface = Interface.WEB
) -> str:
    """Text a fresh code to the account's phone for the login session ``login_session_id``; returns the
    masked number."""
    if not account.phone:
        raise OcsoError(NO_PHONE)
    _count_sending(session, account, interface)
    code = one_time.issue(
        session,
        account_id=account.id,
        purpose=OneTimeSecretPurpose.SMS_CODE,
        short_code=True,
        login_session_id=login_session_id,
    )
    sms.gateway().send(account.phone, f"OCSO : votre code de vérification est {code} (valable 10 minutes).")
    _record(session, account, "Envoi d'un code par SMS", interface)
    return mask_phone(account.phone)


def _throttled(session: Session, account_id: int, interface: Interface, attempt: Callable[[], bool]) -> bool:
    """Run one code check under the account's second-factor count: refused without checking while the
    account must wait or is locked; a failure counts (and may lock the account), a success clears."""
    subject = str(account_id)
    if not throttle.check(session, throttle.SECOND_FACTOR, subject).allowed:
        ok = False
        audit.record(
            session, event_type=EVENT_TYPE, action=TOO_MANY_TRIES, account_id=account_id, interface=interface
        )
    else:
        ok = attempt()
    if ok:
        throttle.clear(session, throttle.SECOND_FACTOR, subject)
        return True
    account = session.get(Account, account_id)
    if account is not None and account.locked_at is None:
        failures = throttle.count(session, throttle.SECOND_FACTOR, subject)
        if throttle.reached_lock(throttle.SECOND_FACTOR, failures):
            login.lock_account(session, account)
    return False


def verify_code(
    session: Session,
    account_id: int,
    method: str,
    code: str,
    *,
    login_session_id: int,
    interface: Interface = Interface.WEB,
) -> bool:
    """Check an e-mailed (``method="email"``) or SMS (``"sms"``) code in the login session
    ``login_session_id``; each code works once, and only in the session it was sent for."""
    purpose = METHODS.get(method)
    if purpose is None:
        return False

    def attempt() -> bool:
        assert purpose is not None
        return one_time.consume_code(
            session,
            account_id=account_id,
            code=code or "",
            purpose=purpose,
            login_session_id=login_session_id,
        )

    ok = _throttled(session, account_id, interface, attempt)
    label = "e-mail" if method == "email" else "SMS"
    audit.record(
        session,
        event_type=EVENT_TYPE,
        action=f"Code {label} accepté" if ok else f"Échec du code {label}",
        account_id=account_id,
        interface=interface,
    )
    return ok


def new_totp_secret() -> str:
    """A random base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_email: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account_email, issuer_name=ISSUER)


def provisioning_qr_svg(secret: str, account_email: str) -> str:
    """The QR code of :func:`provisioning_uri`, as an SVG ``data:`` URI (allowed by our CSP's img-src)."""
    return segno.make(provisioning_uri(secret, account_email), error="m").svg_data_uri(scale=4)


def provisioning_qr_text(secret: str, account_email: str) -> str:
    """The same QR code drawn with block characters, for a terminal (the demo data's staff logins)."""
    out = io.StringIO()
    segno.make(provisioning_uri(secret, account_email), error="m").terminal(out=out, compact=True)
    return out.getvalue()


def has_totp(account: Account) -> bool:
    return bool(account.totp_secret_enc)


def _matching_step(secret: str, code: str) -> int | None:
    """The 30-second time step (now, or one either side) whose code is ``code``, if any."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp, now = pyotp.TOTP(secret), utcnow()
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_totp(
    session: Session, account: Account, secret: str, code: str, *, interface: Interface = Interface.WEB
) -> bool:
    """Enrolment: the first code from the app proves it holds ``secret``, which is then stored encrypted."""
    step = _matching_step(secret, code) if secret else None
    if step is None:
        _record(session, account, "Échec de l'activation de l'application d'authentification", interface)
        _throttled(session, account.id, interface, lambda: False)
        return False
    account.totp_secret_enc = encrypt_field(secret)
    account.totp_last_step = step
    account.preferred_second_factor = "totp"
    _record(session, account, "Activation de l'application d'authentification", interface)
    return True


def _advance_step(session: Session, account: Account, step: int) -> bool:
    """Record ``step`` as the last one accepted, if it comes after it: a code serves once, and a step at or
    before the last one is a replay. One conditional UPDATE, so that two requests bringing the same code at
    the same instant (each having read the old step) pass once."""
    later = or_(Account.totp_last_step.is_(None), Account.totp_last_step < step)
    result = session.execute(
        update(Account)
        .where(Account.id == account.id, later)
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        session.expire(account, ["totp_last_step"])
        return False
    set_committed_value(account, "totp_last_step", step)
    return True


def verify_totp(
    session: Session, account: Account, code: str, *, interface: Interface = Interface.WEB
) -> bool:
    """Check a code of the account's authenticator app (counted with every other second-factor code)."""
    secret_enc = account.totp_secret_enc
    if not secret_enc:
        return False

    def attempt() -> bool:
        step = _matching_step(decrypt_field(secret_enc), code)
        return step is not None and _advance_step(session, account, step)

    ok = _throttled(session, account.id, interface, attempt)
    _record(session, account, "Code d'application accepté" if ok else TOTP_FAILURE, interface)
    return ok
