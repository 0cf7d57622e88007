"""The forms of Mes démarches and of the Espace Employeur's Démarches as typed values: what the browser
sent, each field a bounded string, before any rule is checked (``drafts`` checks them). ``form_for`` is the
one place a raw mapping becomes a form."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from ocso_app.services.requests.labels import (
    BANK_DETAILS,
    BENEFICIARIES,
    COMPANY_DETAILS,
    COMPANY_QUESTION,
    CONTRIBUTIONS,
    EMPLOYEES,
    HOSPITAL,
    QUESTION,
    SEND_DOCUMENTS,
    SICK_LEAVE,
)

MAX_FIELD = 2100  # a message (2,000 characters) and some margin: longer values are cut, then refused


@dataclass(frozen=True)
class DemarcheForm:
    """Every form has a kind (the démarche it sends) and an optional message."""

    kind: ClassVar[str]
    message: str = ""

    def fields(self) -> dict[str, str]:
        """The fields as sent, the password left out (for the submission key)."""
        return {k: v for k, v in sorted(dataclasses.asdict(self).items()) if k != "password"}


@dataclass(frozen=True)
class DocumentsForm(DemarcheForm):
    kind: ClassVar[str] = SEND_DOCUMENTS
    document_type: str = ""
    beneficiary: str = ""


@dataclass(frozen=True)
class HospitalForm(DemarcheForm):
    kind: ClassVar[str] = HOSPITAL
    beneficiary: str = ""
    establishment: str = ""
    finess: str = ""
    fax: str = ""
    establishment_email: str = ""
    admission_date: str = ""
    stay_type: str = ""
    dmt: str = ""


@dataclass(frozen=True)
class BankDetailsForm(DemarcheForm):
    kind: ClassVar[str] = BANK_DETAILS
    iban: str = ""
    bic: str = ""
    password: str = dataclasses.field(default="", repr=False)


@dataclass(frozen=True)
class BeneficiariesForm(DemarcheForm):
    kind: ClassVar[str] = BENEFICIARIES
    action: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_date: str = ""
    rank: str = ""
    quality: str = ""
    nir: str = ""
    beneficiary: str = ""


@dataclass(frozen=True)
class QuestionForm(DemarcheForm):
    kind: ClassVar[str] = QUESTION
    topic: str = ""


@dataclass(frozen=True)
class CompanyForm(DemarcheForm):
    """A démarche of the Espace Employeur: the structure it concerns (chosen when the caller has several),
    its object (``labels.COMPANY_TOPICS``) and the employee concerned where the object names one: picked
    among the structure's employees (``employee_id``), or named by hand when not found (``employee``)."""

    structure: str = ""
    topic: str = ""
    employee: str = ""
    employee_id: str = ""


@dataclass(frozen=True)
class EmployeesForm(CompanyForm):
    kind: ClassVar[str] = EMPLOYEES


@dataclass(frozen=True)
class CompanyDetailsForm(CompanyForm):
    kind: ClassVar[str] = COMPANY_DETAILS


@dataclass(frozen=True)
class SickLeaveForm(CompanyForm):
    kind: ClassVar[str] = SICK_LEAVE


@dataclass(frozen=True)
class ContributionsForm(CompanyForm):
    kind: ClassVar[str] = CONTRIBUTIONS


@dataclass(frozen=True)
class CompanyQuestionForm(CompanyForm):
    kind: ClassVar[str] = COMPANY_QUESTION


MEMBER_FORMS = (DocumentsForm, HospitalForm, BankDetailsForm, BeneficiariesForm, QuestionForm)
COMPANY_FORMS = (EmployeesForm, CompanyDetailsForm, SickLeaveForm, ContributionsForm, CompanyQuestionForm)
FORMS: dict[str, type[DemarcheForm]] = {form.kind: form for form in (*MEMBER_FORMS, *COMPANY_FORMS)}


def form_for(kind: str, raw: Mapping[str, object]) -> DemarcheForm:
    """The typed form of démarche ``kind`` from what the browser sent: known fields only, as strings."""
    form = FORMS[kind]
    names = [f.name for f in dataclasses.fields(form)]
    return form(**{name: str(raw.get(name) or "")[:MAX_FIELD] for name in names})


def company_form(kind: str, raw: Mapping[str, object]) -> CompanyForm:
    """``form_for`` of one of the Espace Employeur's kinds (``KeyError`` for any other kind)."""
    form = form_for(kind, raw)
    if not isinstance(form, CompanyForm):
        raise KeyError(kind)
    return form
