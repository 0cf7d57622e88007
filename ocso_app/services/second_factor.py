"""The second-factor step of a login (employers and OCSO staff), as the verification page and its route use
it: what the account can use, sending a code, enrolling an authenticator app, and checking a code.

Everything takes the session's ``Principal`` (from the guard) and loads the account itself, so neither the
page's state nor the route touches the ORM. OCSO staff use the authenticator app only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ocso_app.models import Account, AccountKind, Interface, OneTimeSecretPurpose
from ocso_app.services import audit, one_time, sessions, spaces, trusted_devices, two_factor
from ocso_app.services.errors import CountedRefusal, OcsoError
from ocso_app.services.sessions import Principal

KINDS = frozenset({AccountKind.EMPLOYER, AccountKind.STAFF})
TRUSTED_DEVICE = "Navigateur enregistré comme appareil de confiance"
CODE_NOT_SENT = "Le code d'activation n'a pas pu être envoyé : choisissez une autre méthode."
# The verification page's ``?erreur=`` after a refused hand-off (expired, used…), and what it then says.
HANDOFF_REFUSED = "activation"
HANDOFF_EXPIRED = (
    "Votre application d'authentification est activée, mais cette étape a expiré : choisissez « Application "
    "d'authentification » et saisissez le code qu'elle affiche."
)


@dataclass(frozen=True)
class Options:
    """What the verification page offers this account."""

    has_totp: bool
    has_phone: bool
    totp_only: bool
    may_trust: bool


@dataclass(frozen=True)
class Enrolment:
    """A new authenticator secret being enrolled: the QR code, the key for manual entry, where the e-mailed
    activation code went. ``secret`` stays on the server (backend-only state)."""

    secret: str
    qr_data_uri: str
    manual_key: str
    sent_to: str


@dataclass(frozen=True)
class Verified:
    """A second factor passed: where to go, the session's new token (``sessions.renew_session``) and the
    trusted-device token if one was asked, each for its HttpOnly cookie."""

    destination: str
    session_token: str
    device_token: str | None


def pending(principal: Principal | None) -> bool:
    """Whether ``principal`` is a session that still owes its second factor."""
    return principal is not None and principal.kind in KINDS and not principal.second_factor_done


def _account(session: Session, principal: Principal) -> Account:
    account = session.get(Account, principal.account_id)
    if account is None:  # the guard resolved it in this very request: only a deletion races here
        raise OcsoError(two_factor.WRONG_CODE)
    return account


def options(session: Session, *, principal: Principal) -> Options:
    account = _account(session, principal)
    return Options(
        has_totp=two_factor.has_totp(account),
        has_phone=bool(account.phone),
        totp_only=principal.kind == AccountKind.STAFF,
        may_trust=_may_trust(principal),
    )


def _may_trust(principal: Principal) -> bool:
    """Whether this session may make its browser a trusted device. Employers only: OCSO staff pass the
    authenticator app at every login, so a trusted browser would never be read. And not while the session
    must still replace its temporary password: that very next step forgets every trusted browser of the
    account (``login.end_what_the_password_opened``), so the box would be ticked for nothing and a code
    asked at the next login all the same. The first login with the chosen password offers it."""
    return principal.kind == AccountKind.EMPLOYER and not principal.must_change_password


def send_code(session: Session, *, principal: Principal, method: str, interface: Interface) -> str:
    """E-mail or text a code (employers only); returns the masked address it went to."""
    if principal.kind != AccountKind.EMPLOYER:
        raise OcsoError(two_factor.WRONG_CODE)
    account = _account(session, principal)
    send = two_factor.send_sms_code if method == "sms" else two_factor.send_email_code
    return send(session, account, login_session_id=principal.session_id, interface=interface)


def start_enrolment(session: Session, *, principal: Principal, interface: Interface) -> Enrolment | None:
    """A new secret's QR code, and a code e-mailed now: knowing the password is not enough to attach one's
    own app to somebody else's account. ``None`` when the account already has an app."""
    account = _account(session, principal)
    if two_factor.has_totp(account):
        return None
    secret = two_factor.new_totp_secret()
    try:
        sent_to = two_factor.send_email_code(
            session, account, login_session_id=principal.session_id, interface=interface
        )
    except CountedRefusal:
        raise
    except (OcsoError, OSError) as error:
        raise OcsoError(CODE_NOT_SENT) from error
    return Enrolment(
        secret=secret,
        qr_data_uri=two_factor.provisioning_qr_svg(secret, account.email or account.login),
        # The QR code already carries the secret to this browser: showing it as text adds no exposure.
        manual_key=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        sent_to=sent_to,
    )


def finish_enrolment(
    session: Session,
    *,
    principal: Principal,
    secret: str,
    totp_code: str,
    email_code: str,
    interface: Interface,
) -> str | None:
    """Activate the app: its code must match ``secret`` and the e-mailed code must be right. Both together
    are this login's second factor, but this runs in a websocket event, which cannot give the session the
    new token that passing it takes (an HttpOnly cookie): the session is not marked here. Returns instead a
    60-second hand-off (``LOGIN_HANDOFF``, stored hashed) that only this login session can spend, once, by
    POSTing it to ``API_SECOND_FACTOR_HANDOFF`` (``complete_enrolment``); ``None`` when a code is wrong."""
    account = _account(session, principal)
    ok = two_factor.verify_code(
        session,
        principal.account_id,
        "email",
        email_code,
        login_session_id=principal.session_id,
        interface=interface,
    ) and two_factor.confirm_totp(session, account, secret, totp_code, interface=interface)
    if not ok:
        return None
    return one_time.issue(
        session,
        account_id=principal.account_id,
        purpose=OneTimeSecretPurpose.LOGIN_HANDOFF,
        login_session_id=principal.session_id,
    )


def complete_enrolment(
    session: Session, *, principal: Principal, handoff: str, interface: Interface
) -> Verified | None:
    """The route's half of ``finish_enrolment``: spend the hand-off the page POSTed, if it was issued to this
    very login session of this account and is still usable, and pass the session under a new token.
    ``None`` (nothing passed) otherwise: unknown, used, expired, another session's or another account's."""
    row = one_time.consume_row(
        session,
        secret=handoff,
        purpose=OneTimeSecretPurpose.LOGIN_HANDOFF,
        login_session_id=principal.session_id,
    )
    if row is None or row.account_id != principal.account_id:
        return None
    return _pass(session, principal=principal, trust_device=False, user_agent=None, interface=interface)


def verify(
    session: Session,
    *,
    principal: Principal,
    method: str,
    code: str,
    trust_device: bool,
    user_agent: str | None,
    interface: Interface,
) -> Verified | None:
    """Check the code the verification form POSTed; on success the session passes its second factor and,
    if asked, this browser becomes a trusted device where ``_may_trust`` allows it (the page offers the box
    only there; a form that asks all the same elsewhere is ignored). ``None`` when the code is wrong."""
    if method == "totp":
        ok = two_factor.verify_totp(session, _account(session, principal), code, interface=interface)
    elif principal.kind == AccountKind.STAFF:
        ok = False  # OCSO staff: authenticator app only
    else:
        ok = two_factor.verify_code(
            session,
            principal.account_id,
            method,
            code,
            login_session_id=principal.session_id,
            interface=interface,
        )
    if not ok:
        return None
    return _pass(
        session,
        principal=principal,
        trust_device=trust_device and _may_trust(principal),
        user_agent=user_agent,
        interface=interface,
    )


def _pass(
    session: Session,
    *,
    principal: Principal,
    trust_device: bool,
    user_agent: str | None,
    interface: Interface,
) -> Verified | None:
    """The session passes its second factor under a new token, and, if asked, this browser becomes a trusted
    device. ``None`` when the session ended meanwhile."""
    # A new token for the session that passed: the one given at the password step (which somebody else may
    # hold, or may have planted in this browser) opens nothing any more.
    session_token = sessions.renew_session(session, session_id=principal.session_id, second_factor_done=True)
    if session_token is None:  # the session ended meanwhile (logout, lock): nothing passes
        return None
    device_token = None
    if trust_device:
        device_token = trusted_devices.trust(session, account_id=principal.account_id, label=user_agent)
        audit.record(
            session,
            event_type=two_factor.EVENT_TYPE,
            action=TRUSTED_DEVICE,
            account_id=principal.account_id,
            interface=interface,
        )
    passed = sessions.resolve_principal(session, cookie_header=f"{sessions.SESSION_COOKIE}={session_token}")
    return Verified(
        destination=spaces.after_login(passed, ""), session_token=session_token, device_token=device_token
    )
