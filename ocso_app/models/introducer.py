"""Business introducers (apporteurs d'affaires) and the companies of their portfolio."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ocso_app.models.base import Base, Created, intpk


class BusinessIntroducer(Base):
    """A broker or adviser who brings client companies to OCSO."""

    __tablename__ = "business_introducers"

    id: Mapped[intpk]
    identifier: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str]
    orias_number: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str]
    phone: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[Created]


class PortfolioEntry(Base):
    """A company in an introducer's portfolio, with the commission rate agreed."""

    __tablename__ = "portfolio_entries"
    __table_args__ = (UniqueConstraint("introducer_id", "company_id"),)

    id: Mapped[intpk]
    introducer_id: Mapped[int] = mapped_column(ForeignKey("business_introducers.id"))
    # One portfolio per company: the database holds it against two administrators adding it at once.
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True, unique=True)
    since: Mapped[date]
    commission_percent: Mapped[Decimal]
