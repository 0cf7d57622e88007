"""What each kind of account may reach: its login page, its home, its second-factor rule."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.models import Account, AccountKind
from ocso_app.services.sessions import Principal

PUBLIC_HOME = routes.HOME
LOGIN = {
    AccountKind.MEMBER: routes.MEMBER_LOGIN,
    AccountKind.EMPLOYER: routes.EMPLOYER_LOGIN,
    AccountKind.INTRODUCER: routes.INTRODUCER_LOGIN,
    AccountKind.STAFF: routes.STAFF_LOGIN,
}
HOME = {
    AccountKind.MEMBER: routes.MEMBER_HOME,
    AccountKind.EMPLOYER: routes.EMPLOYER_HOME,
    AccountKind.INTRODUCER: routes.INTRODUCER_HOME,
    AccountKind.STAFF: routes.STAFF_HOME,
}
NEW_PASSWORD = {
    AccountKind.MEMBER: routes.MEMBER_NEW_PASSWORD,
    AccountKind.EMPLOYER: routes.EMPLOYER_NEW_PASSWORD,
    AccountKind.INTRODUCER: routes.INTRODUCER_NEW_PASSWORD,
    AccountKind.STAFF: routes.STAFF_NEW_PASSWORD,
}
VERIFY = {AccountKind.EMPLOYER: routes.EMPLOYER_VERIFY, AccountKind.STAFF: routes.STAFF_VERIFY}
SPACE_PREFIX = {
    AccountKind.MEMBER: "/assure",
    AccountKind.EMPLOYER: "/employeur",
    AccountKind.INTRODUCER: "/apporteur",
    AccountKind.STAFF: "/ocso",
}


def login_route(kind: AccountKind) -> str:
    """The login page of a kind of account."""
    return LOGIN[kind]


def safe_next(path: str | None, default: str) -> str:
    """A local path to go back to after login (never another site: no scheme, no ``//``)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default


def active_account(session: Session, account_id: int | None) -> Account | None:
    """The account if it exists and is active."""
    account = session.get(Account, account_id) if account_id is not None else None
    return account if account is not None and account.is_active else None


def needs_second_factor(kind: AccountKind, trusted_device: bool) -> bool:
    """Employers on a new browser, and OCSO staff at every login."""
    return kind == AccountKind.STAFF or (kind == AccountKind.EMPLOYER and not trusted_device)


def after_login(principal: Principal | None, wanted: str) -> str:
    """Where a fresh session goes: second factor, then new password, then the page wanted or home."""
    if principal is None:
        return PUBLIC_HOME
    if not principal.second_factor_done:
        return VERIFY[principal.kind]
    if principal.must_change_password:
        return NEW_PASSWORD[principal.kind]
    if wanted.startswith(SPACE_PREFIX[principal.kind] + "/") or wanted == SPACE_PREFIX[principal.kind]:
        return wanted
    return HOME[principal.kind]
