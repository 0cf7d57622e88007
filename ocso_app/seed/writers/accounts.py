"""Logins and what they open: business introducers, accounts (member, employer, introducer, staff) and
employer accounts' rights on companies."""

from __future__ import annotations

from ocso_app.models import AccountKind, EmployerProfile, StaffRole
from ocso_app.seed.context import Context
from ocso_app.seed.rows import RowBuffer, T


def add_introducer(
    ctx: Context, buf: RowBuffer, *, identifier: str, name: str, orias_number: str, email: str, phone: str
) -> int:
    """A business introducer (apporteur d'affaires)."""
    introducer_id = ctx.ids.take(T["business_introducers"])
    buf.add(
        T["business_introducers"],
        {
            "id": introducer_id,
            "identifier": identifier,
            "name": name,
            "orias_number": orias_number,
            "email": email,
            "phone": phone,
            "created_at": ctx.now,
        },
    )
    return introducer_id


def add_account(
    ctx: Context,
    buf: RowBuffer,
    *,
    kind: AccountKind,
    login: str,
    password_hash: str,
    first_name: str,
    last_name: str,
    email: str | None,
    phone: str,
    job_title: str | None,
    member_id: int | None,
    introducer_id: int | None,
    staff_role: StaffRole | None,
    totp_secret_enc: str | None = None,
) -> int:
    """An active account whose password is not temporary; with ``totp_secret_enc`` (OCSO staff), its
    authenticator app enrolled, else without a second factor yet."""
    account_id = ctx.ids.take(T["accounts"])
    buf.add(
        T["accounts"],
        {
            "id": account_id,
            "kind": kind,
            "login": login,
            "email": email,
            "phone": phone,
            "first_name": first_name,
            "last_name": last_name,
            "job_title": job_title,
            "password_hash": password_hash,
            "password_is_temporary": False,
            "password_expires_at": None,
            "password_changed_at": ctx.now,
            "locked_at": None,
            "totp_secret_enc": totp_secret_enc,
            "preferred_second_factor": "totp" if totp_secret_enc else None,
            "member_id": member_id,
            "introducer_id": introducer_id,
            "staff_role": staff_role,
            "is_active": True,
            "created_at": ctx.now,
        },
    )
    return account_id


def add_grant(
    ctx: Context,
    buf: RowBuffer,
    *,
    account_id: int,
    company_id: int,
    profile: EmployerProfile,
    is_principal: bool,
    granted_by: int | None,
) -> None:
    """An employer account's right on a company."""
    buf.add(
        T["employer_grants"],
        {
            "id": ctx.ids.take(T["employer_grants"]),
            "account_id": account_id,
            "company_id": company_id,
            "profile": profile,
            "is_principal": is_principal,
            "granted_by_account_id": granted_by,
            "created_at": ctx.now,
        },
    )
