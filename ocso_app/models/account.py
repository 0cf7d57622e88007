"""Accounts of every space, their login sessions, one-time secrets and trusted devices.

Only hashes of secrets are stored: password hashes (bcrypt), session tokens, reset links and one-time codes
(SHA-256 of a random value of at least 128 bits, or HMAC for short codes).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk, str_enum


class AccountKind(enum.StrEnum):
    MEMBER = "member"
    EMPLOYER = "employer"
    INTRODUCER = "introducer"
    STAFF = "staff"


class StaffRole(enum.StrEnum):
    """An OCSO collaborator's role; what each may do is ``services.staff_access.PERMISSIONS``."""

    PRESTATIONS = "prestations"  # members' démarches, documents, décomptes
    ENTREPRISES = "entreprises"  # employers' démarches, affiliations, dispenses
    ADMIN = "administrateur"  # everything, plus staff accounts and news


class Account(Base):
    """A login. ``login`` is the numéro d'adhérent (members), the e-mail (employers, staff) or the identifier
    (business introducers); it is unique within a kind. ``deposit_emails``: an employer user's choice to be
    e-mailed when OCSO deposits indemnités journalières, bordereaux or documents for their structures (on
    unless they turn it off; security and account e-mails never depend on it)."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("kind", "login"),)

    id: Mapped[intpk]
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind))
    login: Mapped[str] = mapped_column(String(254))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    job_title: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(100))
    password_is_temporary: Mapped[bool] = mapped_column(default=False)
    password_expires_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    locked_at: Mapped[datetime | None]
    totp_secret_enc: Mapped[str | None] = mapped_column(Text)
    totp_last_step: Mapped[int | None]
    preferred_second_factor: Mapped[str | None] = mapped_column(String(10))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    introducer_id: Mapped[int | None] = mapped_column(ForeignKey("business_introducers.id"), index=True)
    staff_role: Mapped[StaffRole | None] = mapped_column(str_enum(StaffRole))
    is_active: Mapped[bool] = mapped_column(default=True)
    deposit_emails: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Raised whenever the account's access changes (an employer's structures or profiles): a Reflex tab filled
    # before holds what the account may no longer see, and is emptied at its next event (``state.base``).
    rights_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[Created]


class LoginSession(Base):
    """A browser's login: the cookie holds the token, the table its SHA-256."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_account_revoked", "account_id", "revoked_at"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[Created]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    second_factor_done: Mapped[bool] = mapped_column(default=False)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    interface: Mapped[str] = mapped_column(String(10), default="Web")
    user_agent: Mapped[str | None] = mapped_column(String(300))


class OneTimeSecretPurpose(enum.StrEnum):
    PASSWORD_RESET = "password_reset"
    SET_PASSWORD = "set_password"
    EMAIL_CODE = "email_code"
    SMS_CODE = "sms_code"
    LOGIN_HANDOFF = "login_handoff"  # an authenticator app activated at the second factor: « Continuer »
    PASSWORD_HANDOFF = "password_handoff"  # the first real password chosen: « Continuer »
    TRUST_DEVICE = "trust_device"
    EMAIL_CHANGE = "email_change"


class OneTimeSecret(Base):
    """A reset link, an e-mailed/SMS code, a login hand-off or an e-mail change's confirmation link: single
    use, expiring, stored hashed. ``new_email`` is the address an e-mail change's link confirms."""

    __tablename__ = "one_time_secrets"
    __table_args__ = (Index("ix_one_time_secrets_account_purpose", "account_id", "purpose"),)

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    purpose: Mapped[OneTimeSecretPurpose] = mapped_column(str_enum(OneTimeSecretPurpose))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[Created]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    new_email: Mapped[str | None] = mapped_column(String(254))


class TrustedDevice(Base):
    """A browser that passed the employer's second factor; the cookie holds the token, the table its hash."""

    __tablename__ = "trusted_devices"

    id: Mapped[intpk]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[Created]
    expires_at: Mapped[datetime]
