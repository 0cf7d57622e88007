"""Radiation (guide 003): the portabilité opened by the motif, rights frozen at the right day on the
member's file and card, the e-mail to the employee, the certificat de travail wording, and refusals that
write nothing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    Beneficiary,
    BeneficiaryQuality,
    EmployeeStatusChange,
)
from ocso_app.services import audit, tiers_payant
from ocso_app.services.employee_status import StatusAuthor, hr_author
from ocso_app.services.radiation import ALREADY_RADIATED, TOO_FAR_AHEAD, RadiationRefused, radiate
from ocso_app.services.tiers_payant import RightsEnded
from tests.builders import make_company, make_employee, make_employer, make_member, new_email
from tests.support.mailbox import body_text

TODAY = date(2026, 4, 20)
HR = StatusAuthor(None, "Claire RH (RH)")


def _affiliated(db, *, email=None, hired_on=date(2026, 1, 5)):
    company = make_company(db)
    member = make_member(db, email=email)
    db.add(
        Beneficiary(
            member_id=member.id,
            rank="01",
            quality=BeneficiaryQuality.CHILD,
            first_name="LOU",
            last_name=member.last_name,
            birth_date=date(2015, 5, 5),
            adhesion_date=member.adhesion_date,
        )
    )
    employee = make_employee(db, company=company, member_id=member.id, email=email, hired_on=hired_on)
    return company, member, employee


def _radiate(db, employee, company, left_on, reason):
    actor = audit.Actor(account_id=None, company_id=company.id)
    return radiate(db, employee, left_on=left_on, reason=reason, by=HR, actor=actor, today=TODAY)


def test_a_licenciement_opens_portability_and_the_card_runs_to_its_end(db, mailbox):
    email = new_email()
    company, member, employee = _affiliated(db, email=email)
    radiation = _radiate(db, employee, company, date(2026, 4, 14), "licenciement")
    db.commit()
    assert radiation.portability is not None and radiation.portability.months == 4
    assert employee.status == AffiliationStatus.PORTABILITY
    assert (employee.radiated_on, employee.portability_end_on) == (date(2026, 4, 14), date(2026, 8, 14))
    assert member.radiation_date == date(2026, 8, 14)
    card = tiers_payant.card_for(db, member_id=member.id, today=TODAY)
    assert card.valid_to == date(2026, 8, 14)
    assert sorted(b.rank for b in card.beneficiaries) == ["01", "AS"]  # the child is covered too
    assert "portabilité jusqu'au 14/08/2026" in card.rights_note
    text = body_text(mailbox.wait_for(email)[-1])
    assert "du 15/04/2026 au 14/08/2026" in text and "France Travail" in text
    assert "du 15/04/2026 au 14/08/2026 (4 mois)" in radiation.certificate_wording
    change = db.scalar(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id))
    assert change is not None and change.by_label == HR.label and "Licenciement" in (change.note or "")


def test_a_demission_freezes_rights_at_the_date_and_the_card_is_refused_after(db, mailbox):
    email = new_email()
    company, member, employee = _affiliated(db, email=email)
    radiation = _radiate(db, employee, company, date(2026, 4, 30), "demission")
    db.commit()
    assert radiation.portability is None and employee.status == AffiliationStatus.RADIATED
    assert member.radiation_date == date(2026, 4, 30)
    assert tiers_payant.card_for(db, member_id=member.id, today=date(2026, 4, 30)).valid_to == date(
        2026, 4, 30
    )
    with pytest.raises(RightsEnded, match="ont pris fin le 30/04/2026"):
        tiers_payant.card_for(db, member_id=member.id, today=date(2026, 5, 1))
    assert "ne permet pas la portabilité" in body_text(mailbox.wait_for(email)[-1])
    assert "ne bénéficie pas du maintien" in radiation.certificate_wording


def test_an_employee_never_covered_gets_no_portability(db):
    company = make_company(db)
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING)
    radiation = _radiate(db, employee, company, date(2026, 4, 14), "licenciement")
    assert radiation.portability is None and employee.status == AffiliationStatus.RADIATED
    # the certificat de travail gives the reason: no cover, not the motif (« licenciement » opens one)
    assert radiation.certificate_wording == (  # the builder's employee is a Mme
        "La salariée n'étant couverte par aucun contrat collectif de l'entreprise à la fin de son contrat de "
        "travail, elle ne bénéficie pas de la portabilité des garanties (article L911-8 du Code de la "
        "sécurité sociale)."
    )


@pytest.mark.parametrize(
    ("left_on", "reason", "message"),
    [
        (date(2026, 9, 1), "licenciement", TOO_FAR_AHEAD),
        (date(2025, 12, 31), "licenciement", "précéder la date d'embauche"),
        (date(2026, 4, 14), "vacances", "motif de départ"),
    ],
)
def test_a_radiation_that_cannot_be_recorded_writes_nothing(db, left_on, reason, message):
    company, member, employee = _affiliated(db)
    audits = db.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(RadiationRefused, match=re.escape(message)):
        _radiate(db, employee, company, left_on, reason)
    assert employee.status == AffiliationStatus.AFFILIATED and member.radiation_date is None
    assert db.scalar(select(func.count(AuditEvent.id))) == audits
    assert not db.scalar(select(EmployeeStatusChange).where(EmployeeStatusChange.employee_id == employee.id))


def test_radiating_twice_is_refused(db):
    company, _member, employee = _affiliated(db)
    _radiate(db, employee, company, date(2026, 4, 14), "licenciement")
    with pytest.raises(RadiationRefused, match=re.escape(ALREADY_RADIATED)):
        _radiate(db, employee, company, date(2026, 4, 15), "demission")


def test_hr_is_named_in_the_history_the_same_way_for_a_radiation_as_for_any_other_change(db):
    """The radiation dialog named HR by the session's display name (« Thérèse ROLLAND (RH) ») while the
    fiche's other actions used the account's names: one table showed both. Every HR change uses these."""
    account = make_employer(db, principal_of=(make_company(db),))
    account.first_name, account.last_name = "Thérèse", "Rolland"
    assert hr_author(db, account.id) == StatusAuthor(account.id, "Thérèse Rolland (RH)")
    assert hr_author(db, 987654321) == StatusAuthor(None, "RH")


def test_the_fiche_reads_back_the_portability_months_the_radiation_gave(db, mailbox):
    from ocso_app.services.radiation import radiation_of

    company, _member, employee = _affiliated(db, hired_on=date(2026, 1, 1))
    radiation = _radiate(db, employee, company, date(2026, 1, 30), "licenciement")
    assert radiation.portability is not None and radiation.portability.months == 1
    assert radiation.portability.ends_on == date(2026, 2, 28)
    read_back = radiation_of(db, employee)
    assert read_back is not None and read_back.certificate_wording == radiation.certificate_wording
    assert "(1 mois)" in read_back.certificate_wording


def test_a_departure_before_the_cover_started_opens_no_portability(db, mailbox):
    email = new_email()
    company, member, employee = _affiliated(db, email=email, hired_on=date(2026, 4, 1))
    employee.cover_start_on = employee.affiliated_on = date(2026, 5, 1)  # affiliated, covered from 1 May
    radiation = _radiate(db, employee, company, date(2026, 4, 15), "fin_periode_essai_employeur")
    db.commit()
    assert radiation.portability is None and employee.status == AffiliationStatus.RADIATED
    assert employee.portability_end_on is None
    assert member.radiation_date == date(2026, 4, 15)
    text = body_text(mailbox.wait_for(email)[-1])
    assert "motif" not in text and "n'étiez pas couvert(e)" in text


def test_an_employee_never_affiliated_is_not_told_the_motif_refuses_a_portability(db, mailbox):
    email = new_email()
    company = make_company(db)
    employee = make_employee(db, company=company, status=AffiliationStatus.PENDING, email=email)
    radiation = _radiate(db, employee, company, date(2026, 4, 14), "licenciement")
    db.commit()
    assert radiation.portability is None
    text = body_text(mailbox.wait_for(email)[-1])
    assert "Le motif de départ ne permet pas" not in text and "carte de tiers payant" not in text
    assert "n'étiez pas couvert(e)" in text


@pytest.mark.parametrize("typed", ["14/04/26", "14/4/0026", "2026/04/14"])
def test_a_departure_date_without_its_four_digit_year_is_refused_as_not_a_date(typed):
    from ocso_app.services.radiation import BAD_DATE, read_departure_date

    # « 14/04/26 » was read as the year 26, then refused as « plus d'un an » in the past
    with pytest.raises(RadiationRefused) as refused:
        read_departure_date(typed)
    assert refused.value.message == BAD_DATE


def test_the_plan_does_not_promise_rights_to_an_employee_never_covered(db):
    from ocso_app.services.radiation import plan_radiations

    company = make_company(db)
    pending = make_employee(db, company=company, status=AffiliationStatus.PENDING, last_name="ATTENTE")
    _c, _m, covered = _affiliated(db)
    covered.company_id = company.id
    db.flush()
    planned = plan_radiations(
        db,
        structure_ids=(company.id,),
        employee_ids=[pending.id, covered.id],
        left_on=date(2026, 4, 30),
        reason="demission",
        today=TODAY,
    )
    outcomes = {p.employee_id: p.outcome for p in planned}
    assert outcomes[pending.id] == "Pas de portabilité : non couvert(e) à cette date"
    assert outcomes[covered.id] == "Pas de portabilité : droits jusqu'au 30/04/2026"


def test_the_radiation_s_audit_row_names_the_employee_by_number_like_the_other_employee_rows(db):
    """« Radiation de X au … » named nobody the structure's log could tell apart from a namesake, while its
    cancellation and every other employee row add « (salarié(e) n° …) »."""
    company, _member, employee = _affiliated(db)
    _radiate(db, employee, company, date(2026, 4, 14), "licenciement")
    [action] = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == company.id, AuditEvent.action.startswith("Radiation de ")
        )
    ).all()
    name = f"{employee.first_name} {employee.last_name}"
    assert action.startswith(f"Radiation de {name} (salarié(e) n° {employee.id}) au 14/04/2026 (")


def test_the_plan_says_who_the_e_mail_reaches_and_who_has_no_address(db):
    """The dialog said « Chaque salarié(e) est informé(e) par e-mail » while an employee without any
    address (neither on the record nor on their member account) was told nothing: each row says it now,
    without showing HR the private address of the employee's Espace Santé account."""
    from ocso_app.services.radiation import (
        NOT_TOLD,
        NOT_TOLD_DEATH,
        TOLD_AT_MEMBER_ACCOUNT,
        TOLD_BY_EMAIL,
        plan_radiations,
    )

    company = make_company(db)
    by_record = make_employee(db, company=company, email="paul@example.org", last_name="AVEC")
    _c, _m, silent = _affiliated(db)
    member_email = new_email()
    _c2, _m2, by_account = _affiliated(db)
    _m2.email = member_email
    for employee in (silent, by_account):
        employee.company_id = company.id
    db.flush()
    ids = [by_record.id, silent.id, by_account.id]

    def told(reason: str) -> dict[int, str]:
        planned = plan_radiations(
            db,
            structure_ids=(company.id,),
            employee_ids=ids,
            left_on=date(2026, 4, 30),
            reason=reason,
            today=TODAY,
        )
        return {p.employee_id: p.told for p in planned}

    assert told("demission") == {
        by_record.id: TOLD_BY_EMAIL.format(address="paul@example.org"),
        silent.id: NOT_TOLD,
        by_account.id: TOLD_AT_MEMBER_ACCOUNT,
    }
    # the address of the employee's own Espace Santé account is private: HR is told it exists, not what it is
    assert member_email not in told("demission")[by_account.id]
    assert set(told("deces").values()) == {NOT_TOLD_DEATH}


def test_the_certificat_mention_speaks_of_the_employee_as_she_or_he_is():
    """« le salarié ne bénéficie pas… » was written for Mme Christine ALBERT too: the mention HR copies onto
    the certificat de travail agrees with the employee's civility."""
    from ocso_app.services.portability import DepartureReason, Portability
    from ocso_app.services.radiation import Radiation

    period = Portability(months=4, starts_on=date(2026, 4, 15), ends_on=date(2026, 8, 14))
    kept = Radiation(1, date(2026, 4, 14), DepartureReason.DISMISSAL, period, civility="Mme")
    assert kept.certificate_wording.startswith("La salariée bénéficie du maintien")
    ended = Radiation(1, date(2026, 4, 30), DepartureReason("demission"), None, civility="Mme")
    assert "», la salariée ne bénéficie pas du maintien" in ended.certificate_wording
    never = Radiation(1, date(2026, 4, 30), DepartureReason.DISMISSAL, None, health=False, civility="Mme")
    assert never.certificate_wording.startswith("La salariée n'étant couverte par aucun contrat collectif")
    assert ", elle ne bénéficie pas de la portabilité" in never.certificate_wording
    him = Radiation(1, date(2026, 4, 14), DepartureReason.DISMISSAL, period, civility="M.")
    assert him.certificate_wording.startswith("Le salarié bénéficie du maintien")
