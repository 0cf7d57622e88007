"""The demo's help answers for employers send them where the portal does what they say: a fiche salarié(e)
is reached from Mes salarié(e)s or Accueil (Assurés has no link to it), and the answers name Accueil's links
by the words those links show."""

from __future__ import annotations

from ocso_app.seed.data.content import HELP_ARTICLES
from ocso_app.services.hr_follow_up import ToRemindRow
from ocso_app.state.employer.home import to_remind_link

EMPLOYER_ANSWERS = {spec.question: spec.answer for spec in HELP_ARTICLES if spec.audience == "employer"}


def test_no_employer_answer_looks_for_a_fiche_in_assures():
    wrong = [question for question, answer in EMPLOYER_ANSWERS.items() if "fiche dans Assurés" in answer]
    assert wrong == []
    assert "Mes salarié(e)s" in EMPLOYER_ANSWERS["Quand relancer un salarié ?"]


def test_the_answer_on_taking_an_affiliation_up_names_accueils_link_as_it_reads():
    never_invited = ToRemindRow(employee_id=1, name="BRUN Léa", invited_on="", registered_on="02/12/2026")
    label = to_remind_link(never_invited, manages=True)["action"]
    assert f"« {label} »" in EMPLOYER_ANSWERS["Comment reprendre une affiliation que j'ai commencée ?"]
