"""Members (assurés principaux, 6-digit numéro d'adhérent) and their beneficiaries."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ocso_app.models.base import Base, Created, intpk, str_enum
from ocso_app.models.search import person_name, person_name_of_insert


class BeneficiaryQuality(enum.StrEnum):
    MEMBER = "assure"
    SPOUSE = "conjoint"
    CHILD = "enfant"
    OTHER = "autre"


class Teletransmission(enum.StrEnum):
    """The NOEMIE link of a beneficiary with the Assurance Maladie: with it, the caisse sends the décomptes
    to OCSO itself and the member has nothing to post."""

    ACTIVE = "active"
    PENDING = "en_cours"
    INACTIVE = "inactive"


class Member(Base):
    """An insured member; one login per family. NIR and IBAN are stored encrypted (``*_enc``).
    ``payment_email`` is the member's choice to be told by e-mail of each new payment (off by default)."""

    __tablename__ = "members"

    id: Mapped[intpk]
    member_number: Mapped[str] = mapped_column(String(6), unique=True)
    civility: Mapped[str] = mapped_column(String(4))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date]
    nir_enc: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None]
    phone: Mapped[str | None] = mapped_column(String(20))
    address_line: Mapped[str]
    postal_code: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(80))
    iban_enc: Mapped[str | None] = mapped_column(Text)
    bic: Mapped[str | None] = mapped_column(String(11))
    adhesion_date: Mapped[date]
    radiation_date: Mapped[date | None]
    contract_option_id: Mapped[int | None] = mapped_column(ForeignKey("contract_options.id"), index=True)
    tiers_payant_operator: Mapped[str] = mapped_column(String(40), default="VIAMEDIS")
    # « nom prénom » folded, for the staff's search (models.search); follows the names
    search_name: Mapped[str] = mapped_column(String(170), default=person_name_of_insert, server_default="")
    payment_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[Created]

    beneficiaries: Mapped[list[Beneficiary]] = relationship(
        back_populates="member", order_by="Beneficiary.rank"
    )

    @validates("last_name", "first_name")
    def _follow_names(self, key: str, value: str) -> str:
        names = {"last_name": self.last_name, "first_name": self.first_name, key: value}
        self.search_name = person_name(names["last_name"], names["first_name"])
        return value


class Beneficiary(Base):
    """A person covered by a member's contract, the member included (quality ``assure``)."""

    __tablename__ = "beneficiaries"
    __table_args__ = (UniqueConstraint("member_id", "rank"),)

    id: Mapped[intpk]
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    rank: Mapped[str] = mapped_column(String(2))
    quality: Mapped[BeneficiaryQuality] = mapped_column(str_enum(BeneficiaryQuality))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date]
    nir_enc: Mapped[str | None] = mapped_column(Text)
    adhesion_date: Mapped[date]
    end_date: Mapped[date | None]
    teletransmission: Mapped[Teletransmission] = mapped_column(
        str_enum(Teletransmission),
        default=Teletransmission.ACTIVE,
        server_default=Teletransmission.ACTIVE.value,
    )
    created_at: Mapped[Created]

    member: Mapped[Member] = relationship(back_populates="beneficiaries")
