"""Logins and what they open: business introducers, accounts (member, employer, introducer, staff) and
employer accounts' rights on companies."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

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
    created_at: datetime | None = None,
) -> int:
    """An active account whose password is not temporary, created at ``created_at`` (the load by default);
    with ``totp_secret_enc`` (OCSO staff), its authenticator app enrolled, else without a second factor
    yet."""
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
            "created_at": created_at or ctx.now,
        },
    )
    return account_id


def add_past_login(ctx: Context, buf: RowBuffer, *, account_id: int, at: datetime) -> None:
    """A login of the account at ``at``, ended by « Se déconnecter » 25 minutes later: what the staff's
    file reads as « Dernière connexion ». Its token was never known to anybody (only a hash of random bytes
    is stored, as for a real session), and it is revoked: it opens nothing."""
    buf.add(
        T["login_sessions"],
        {
            "id": ctx.ids.take(T["login_sessions"]),
            "account_id": account_id,
            "token_hash": hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            "created_at": at,
            "last_seen_at": at + timedelta(minutes=20),
            "expires_at": at + timedelta(minutes=50),
            "revoked_at": at + timedelta(minutes=25),
            "second_factor_done": True,
            "must_change_password": False,
            "interface": "Web",
            "user_agent": None,
        },
    )


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
