"""Companies (structures), their contracts (santé, prévoyance), options and guarantee tables."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ocso_app.models.base import Base, Created, intpk, str_enum
from ocso_app.models.search import fold, name_of_insert


class ContractKind(enum.StrEnum):
    SANTE = "sante"
    PREVOYANCE = "prevoyance"


class Company(Base):
    """A client company or one of its structures (an establishment with its own SIRET)."""

    __tablename__ = "companies"

    id: Mapped[intpk]
    client_number: Mapped[str] = mapped_column(String(12), unique=True)
    siren: Mapped[str] = mapped_column(String(9), index=True)
    name: Mapped[str]
    security_code_hash: Mapped[str]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    address_line: Mapped[str]
    postal_code: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None]
    # the staff account OCSO names as the company's dedicated contact (guide 003); none until an agent does
    account_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", use_alter=True)  # accounts → members → … → companies: a cycle
    )
    # the name folded, for the staff's search (models.search); follows the name
    search_name: Mapped[str] = mapped_column(String(255), default=name_of_insert, server_default="")
    created_at: Mapped[Created]

    contracts: Mapped[list[Contract]] = relationship(back_populates="company")

    @validates("name")
    def _follow_name(self, _key: str, value: str) -> str:
        self.search_name = fold(value)
        return value

    @property
    def postal_address(self) -> str:
        """« 12 rue Neuve, 64100 BAYONNE », on one line."""
        return f"{self.address_line}, {self.postal_code} {self.city}"


class Contract(Base):
    """A collective contract; only contracts whose signed copy came back (``signed_on``) are shown."""

    __tablename__ = "contracts"

    id: Mapped[intpk]
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    kind: Mapped[ContractKind] = mapped_column(str_enum(ContractKind))
    number: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str]
    insurer: Mapped[str]
    personnel_category: Mapped[str] = mapped_column(String(80))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    signed_on: Mapped[date | None]
    employer_share_percent: Mapped[Decimal]
    created_at: Mapped[Created]

    company: Mapped[Company] = relationship(back_populates="contracts")
    options: Mapped[list[ContractOption]] = relationship(back_populates="contract")


class ContractOption(Base):
    """The base plan or an optional upgrade of a contract, with its monthly contribution."""

    __tablename__ = "contract_options"

    id: Mapped[intpk]
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    label: Mapped[str]
    is_base: Mapped[bool] = mapped_column(default=False)
    monthly_contribution: Mapped[Decimal]

    contract: Mapped[Contract] = relationship(back_populates="options")
    guarantees: Mapped[list[Guarantee]] = relationship(back_populates="option")


class Guarantee(Base):
    """One line of a guarantee table: a care category and its rule ("200 % BR", "forfait 150 €/an")."""

    __tablename__ = "guarantees"

    id: Mapped[intpk]
    option_id: Mapped[int] = mapped_column(ForeignKey("contract_options.id"), index=True)
    care_category: Mapped[str] = mapped_column(String(8))
    label: Mapped[str]
    rule: Mapped[str]
    rate_percent: Mapped[Decimal | None]
    flat_amount: Mapped[Decimal | None]
    notes: Mapped[str | None] = mapped_column(Text)

    option: Mapped[ContractOption] = relationship(back_populates="guarantees")


class ContractDocument(Base):
    """A descriptif de garanties or notice d'information attached to a contract."""

    __tablename__ = "contract_documents"

    id: Mapped[intpk]
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    title: Mapped[str]
    storage_key: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]
