"""The affiliation form both the employee (public affiliation page) and HR (affiliation complète) fill, as a
state mixin: its display vars and the steps' logic — the option (and the employee's NIR when HR did not
give it), the beneficiaries, the bank details and SEPA mandate, the summary, the confirmation.

It holds no public handler: each page's state writes its own thin handlers under its own guard (the
invitation, or HR's right on the employee's structure) and calls these helpers with the employee the guard
accepted. Every step is checked by ``services.enrolment`` and the last one checks everything again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ocso_app.models import Employee
from ocso_app.services import enrolment, enrolment_choice, members
from ocso_app.services.audit import Actor
from ocso_app.services.employee_status import StatusAuthor
from ocso_app.services.errors import OcsoError
from ocso_app.services.ids import parse_id, parse_whole
from ocso_app.state.refusals import Refusals

OPTION, BENEFICIARIES, BANK, SUMMARY, DONE = "option", "beneficiaires", "banque", "recapitulatif", "termine"
STEPS = (OPTION, BENEFICIARIES, BANK, SUMMARY)
QUALITY_LABELS = {"conjoint": "Conjoint(e)", "enfant": "Enfant"}
BENEFICIARY_FIELDS = ("quality", "civility", "last_name", "first_name", "birth_date", "nir")
MAX_TYPED = 120


def _typed(form: dict[str, Any], name: str) -> str:
    return str(form.get(name, "") or "")[:MAX_TYPED]


def ticked(value: object) -> bool:
    """Whether a checkbox was ticked (a form sends « on », Reflex's ref of an input with an id ``true``)."""
    return str(value or "").strip().lower() in ("on", "true", "1")


def _shown(typed: dict[str, str]) -> dict[str, str]:
    """A beneficiary as the page lists it (the NIR masked)."""
    return {
        "quality": QUALITY_LABELS.get(typed["quality"], ""),
        "name": f"{typed['first_name'].strip()} {typed['last_name'].strip().upper()}",
        "birth_date": typed["birth_date"].strip(),
        "nir": members.mask_nir(typed["nir"]) if typed["nir"].strip() else "",
    }


class EnrolmentForm(Refusals, mixin=True):
    """The vars the affiliation form components read (``components.affiliation_form``)."""

    step: str = OPTION
    company_name: str = ""
    contract_label: str = ""
    options: list[dict[str, str]] = []
    needs_nir: bool = False
    option_id: str = ""
    option_label: str = ""
    monthly_label: str = ""
    beneficiaries: list[dict[str, str]] = []
    iban_masked: str = ""
    bic: str = ""
    errors: dict[str, str] = {}
    form_error: str = ""
    member_number: str = ""
    register_url: str = ""
    # What was typed and is sent back to the service only (never to the browser again).
    _nir: str = ""
    _typed_beneficiaries: list[dict[str, str]] = []
    _iban: str = ""
    _mandate_accepted: bool = False

    def _clear_form(self) -> None:
        for name in ("company_name", "contract_label", "option_id", "option_label", "monthly_label"):
            setattr(self, name, "")
        self.options, self.beneficiaries, self.errors = [], [], {}
        self.needs_nir, self.step, self.form_error = False, OPTION, ""
        self.iban_masked = self.bic = self.member_number = self.register_url = ""
        self._nir, self._typed_beneficiaries, self._iban, self._mandate_accepted = "", [], "", False

    def _start_form(self, session: Session, employee: Employee, today: date) -> None:
        """The form opened afresh for ``employee``: the options of their santé contract."""
        self._clear_form()
        try:
            offer = enrolment_choice.offer(session, employee, today=today)
        except OcsoError as error:
            self.form_error = error.message
            return
        self.company_name, self.contract_label, self.needs_nir = (
            offer.company_name,
            offer.contract_label,
            offer.needs_nir,
        )
        self.options = [
            {
                "id": str(option.id),
                "label": option.label,
                "monthly": option.employee_label,
                "total": option.monthly_label,
                "base": "Régime de base" if option.is_base else "Renforts en plus du régime de base",
            }
            for option in offer.options
        ]

    def _choice(self, extra: dict[str, str] | None = None) -> enrolment_choice.EnrolmentChoice:
        typed = [*self._typed_beneficiaries, *([extra] if extra else [])]
        return enrolment_choice.EnrolmentChoice(
            option_id=parse_id(self.option_id),
            iban=self._iban,
            bic=self.bic,
            mandate_accepted=self._mandate_accepted,
            beneficiaries=tuple(enrolment_choice.BeneficiaryInput(**b) for b in typed),
            nir=self._nir,
        )

    def _errors_of(
        self,
        session: Session,
        employee: Employee,
        today: date,
        prefixes: tuple[str, ...],
        extra: dict[str, str] | None = None,
    ) -> dict[str, str] | None:
        """The errors of the fields named by ``prefixes``; ``None`` when the form cannot go on at all."""
        self.form_error = ""
        try:
            enrolment_choice.check_choice(session, employee, self._choice(extra), today=today)
        except enrolment_choice.EnrolmentRefused as refused:
            errors = {k: v for k, v in refused.errors.items() if k.startswith(prefixes)}
            if errors:
                self._refused()
            return errors
        except OcsoError as error:
            self.form_error = error.message
            self._refused()
            return None
        return {}

    def _submit_option(self, session: Session, employee: Employee, form: dict[str, Any], today: date) -> None:
        self.option_id, self._nir = _typed(form, "option"), _typed(form, "nir")
        errors = self._errors_of(session, employee, today, ("option", "nir"))
        self.errors = errors or {}
        if errors == {}:
            chosen = next(o for o in self.options if o["id"] == self.option_id)
            self.option_label, self.monthly_label = chosen["label"], chosen["monthly"]
            self.step = BENEFICIARIES

    def _add_beneficiary(
        self, session: Session, employee: Employee, form: dict[str, Any], today: date
    ) -> None:
        typed = {name: _typed(form, name) for name in BENEFICIARY_FIELDS}
        index = len(self._typed_beneficiaries)
        errors = self._errors_of(session, employee, today, (f"beneficiary.{index}.", "beneficiaries"), typed)
        if errors is None:
            return
        self.errors = {key.removeprefix(f"beneficiary.{index}."): value for key, value in errors.items()}
        if not errors:
            self._typed_beneficiaries = [*self._typed_beneficiaries, typed]
            self.beneficiaries = [_shown(b) for b in self._typed_beneficiaries]

    def _remove_beneficiary(self, typed_index: object) -> None:
        index = parse_whole(str(typed_index), low=0, high=len(self._typed_beneficiaries) - 1)
        if index is not None:
            self._typed_beneficiaries = [b for i, b in enumerate(self._typed_beneficiaries) if i != index]
            self.beneficiaries = [_shown(b) for b in self._typed_beneficiaries]

    def _to_bank(self) -> None:
        if self.step == BENEFICIARIES:
            self.step, self.errors = BANK, {}

    def _submit_bank(self, session: Session, employee: Employee, form: dict[str, Any], today: date) -> None:
        self._iban, self.bic = _typed(form, "iban"), _typed(form, "bic").strip().upper()
        self._mandate_accepted = ticked(form.get("mandate"))
        errors = self._errors_of(session, employee, today, ("iban", "bic", "mandate"))
        self.errors = errors or {}
        if errors == {}:
            self.iban_masked = members.mask_iban(self._iban)
            self.step = SUMMARY

    def _go_to(self, step: str) -> None:
        """Back to an earlier step (the summary is reached by checking the bank details only)."""
        if step in STEPS and STEPS.index(step) < STEPS.index(self.step if self.step in STEPS else OPTION):
            self.step, self.errors = step, {}

    def _confirm(
        self, session: Session, employee: Employee, *, by: StatusAuthor, actor: Actor, now: datetime
    ) -> bool:
        """Affiliate; on success the form keeps only the numéro d'adhérent and the registration link."""
        try:
            enrolled = enrolment.complete_affiliation(
                session, employee, self._choice(), by=by, actor=actor, now=now
            )
        except enrolment_choice.EnrolmentRefused as refused:
            self.errors = refused.errors
            self.form_error = refused.message
            self._refused()
            first = next(iter(refused.errors), "option")
            self.step = (
                OPTION
                if first in ("option", "nir")
                else BANK
                if first in ("iban", "bic", "mandate")
                else BENEFICIARIES
            )
            return False
        except OcsoError as error:
            self.form_error = error.message
            self._refused()
            return False
        self._clear_form()
        self.member_number, self.register_url, self.step = enrolled.member_number, enrolled.register_url, DONE
        return True
