"""Décomptes de prestations and their care lines, with every field of a French décompte."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ocso_app.models.base import Base, Created, intpk, str_enum


class PayeeKind(enum.StrEnum):
    MEMBER = "member"
    OPERATOR = "operator"
    PRACTITIONER = "practitioner"


class Statement(Base):
    """One payment (décompte): paid to the member, or to a tiers-payant operator such as VIAMEDIS."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_member_paid", "member_id", "paid_on"),)

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    number: Mapped[str] = mapped_column(String(20), unique=True)
    paid_on: Mapped[date]
    payee_kind: Mapped[PayeeKind] = mapped_column(str_enum(PayeeKind))
    payee_name: Mapped[str] = mapped_column(String(80))
    total_paid: Mapped[Decimal]
    created_at: Mapped[Created]

    lines: Mapped[list[CareLine]] = relationship(back_populates="statement", order_by="CareLine.care_date")


class CareLine(Base):
    """One act of care on a décompte; ``member_id`` is repeated so a member's lines are one index away."""

    __tablename__ = "care_lines"
    __table_args__ = (
        # Covers the Mes remboursements aggregates (GROUP BY beneficiary, category) with an index-only scan.
        Index(
            "ix_care_lines_member_date_cover",
            "member_id",
            "care_date",
            "beneficiary_id",
            "care_category",
            "statement_id",
            "amount_spent",
            "ss_reimbursed",
            "complementary_reimbursed",
            "remaining_charge",
        ),
        Index("ix_care_lines_member_beneficiary_date", "member_id", "beneficiary_id", "care_date"),
        Index("ix_care_lines_member_category_date", "member_id", "care_category", "care_date"),
    )

    id: Mapped[intpk]
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    care_date: Mapped[date]
    care_category: Mapped[str] = mapped_column(String(8))
    act_code: Mapped[str] = mapped_column(String(8))
    act_label: Mapped[str] = mapped_column(String(120))
    practitioner: Mapped[str | None] = mapped_column(String(120))
    quantity: Mapped[int] = mapped_column(default=1)
    amount_spent: Mapped[Decimal]
    ss_base: Mapped[Decimal]
    ss_rate: Mapped[int]
    ss_reimbursed: Mapped[Decimal]
    complementary_reimbursed: Mapped[Decimal]
    remaining_charge: Mapped[Decimal]

    statement: Mapped[Statement] = relationship(back_populates="lines")
