"""The guarantee rules to the cent, without a database: the Sécurité sociale's part and its participation
forfaitaire or franchise, "% BR" ceilings and dépassements, flat and yearly forfaits (a ceiling reached in
the middle of a line, a family forfait shared by two beneficiaries), 100 % Santé, and the sentences that
explain each euro."""

from datetime import date
from decimal import Decimal as D

from ocso_app.services.care_catalog import BASE_PLAN, OPTION_PLAN, ForfaitScope, act_by_label
from ocso_app.services.explanations import Care, explain
from ocso_app.services.pricing import ForfaitLedger, LineAmounts, price_care, price_line


def _flat(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _explained(amounts: LineAmounts, category: str, rule, used_before=None, sante=False) -> str:
    care = Care.of_amounts(category, amounts)
    return _flat(" | ".join(explain(care, rule, used_before=used_before, hundred_percent_sante=sante)))


def _amounts(a: LineAmounts) -> tuple[D, D, D, D]:
    return a.ss_reimbursed, a.complementary_reimbursed, a.remaining_charge, a.amount_spent


def test_specialist_within_150_percent_br_leaves_only_the_participation_forfaitaire():
    act, rule = act_by_label("Consultation médecin spécialiste"), BASE_PLAN.rule_for("MEDS")
    amounts = price_line(act, unit_base=D("30.00"), unit_spent=D("37.18"), quantity=1, rule=rule)
    assert _amounts(amounts) == (D("19.00"), D("16.18"), D("2.00"), D("37.18"))
    text = _explained(amounts, "MEDS", rule)
    assert "base de remboursement 30,00 € × 70 % = 21,00 €, moins 2,00 € de participation forfaitaire" in text
    assert "« 150 % BR » : jusqu'à 150 % × 30,00 € = 45,00 € Sécurité sociale comprise" in text
    assert "soit au plus 24,00 € pour OCSO" in text and "Part OCSO : 16,18 €." in text
    assert "Reste à charge : 2,00 € de participation forfaitaire" in text


def test_depassement_d_honoraires_beyond_150_percent_br_is_left_to_pay_and_said():
    act, rule = act_by_label("Consultation médecin spécialiste"), BASE_PLAN.rule_for("MEDS")
    amounts = price_line(act, unit_base=D("30.00"), unit_spent=D("60.00"), quantity=1, rule=rule)
    assert _amounts(amounts) == (D("19.00"), D("24.00"), D("17.00"), D("60.00"))
    text = _explained(amounts, "MEDS", rule)
    assert "Reste à charge : 17,00 €, soit 2,00 € de participation forfaitaire" in text
    assert "15,00 € de dépassement d'honoraires au-delà de votre garantie 150 % BR (45,00 €)" in text


def test_the_option_pays_the_same_dépassement_up_to_200_percent_br():
    act, rule = act_by_label("Consultation médecin spécialiste"), OPTION_PLAN.rule_for("MEDS")
    amounts = price_line(act, unit_base=D("30.00"), unit_spent=D("60.00"), quantity=1, rule=rule)
    assert _amounts(amounts) == (D("19.00"), D("39.00"), D("2.00"), D("60.00"))


def test_franchise_medicale_is_kept_per_box_and_per_session():
    pharmacy = price_line(
        act_by_label("Pharmacie remboursée à 65 %"),
        unit_base=D("24.26"),
        unit_spent=D("24.26"),
        quantity=1,
        rule=BASE_PLAN.rule_for("PHAR"),
    )
    assert _amounts(pharmacy) == (D("14.77"), D("8.49"), D("1.00"), D("24.26"))
    assert "moins 1,00 € de franchise médicale, soit 14,77 € versés" in _explained(
        pharmacy, "PHAR", BASE_PLAN.rule_for("PHAR")
    )
    physio = price_line(
        act_by_label("Séance de kinésithérapie"),
        unit_base=D("16.13"),
        unit_spent=D("16.13"),
        quantity=3,
        rule=BASE_PLAN.rule_for("KINE"),
    )
    # base 48,39 € × 60 % = 29,03 €, minus 3 × 1 € of franchise; OCSO up to 100 % BR: 48,39 - 29,03
    assert _amounts(physio) == (D("26.03"), D("19.36"), D("3.00"), D("48.39"))


def test_yearly_optique_forfait_reached_in_the_middle_of_a_line():
    rule = BASE_PLAN.rule_for("OPTI")  # forfait 150 €/an per beneficiary
    amounts = price_line(
        act_by_label("Monture"),
        unit_base=D("0.05"),
        unit_spent=D("180.00"),
        quantity=1,
        rule=rule,
        forfait_left=D("40.00"),
    )
    # base 0,05 € × 60 % = 0,03 €; 179,97 € left by the Sécurité sociale, of which the forfait pays 40 €
    assert _amounts(amounts) == (D("0.03"), D("40.00"), D("139.97"), D("180.00"))
    text = _explained(amounts, "OPTI", rule, used_before=D("110.00"))
    assert "« forfait 150 €/an » : forfait annuel compté par bénéficiaire" in text
    assert "110,00 € déjà utilisés cette année avant cet acte, il restait 40,00 €" in text
    assert (
        "139,97 € au-delà du forfait annuel, atteint sur cet acte (il n'en restait que 40,00 € sur 150,00 €)"
        in text
    )


def test_a_forfait_already_used_up_pays_nothing_and_says_so():
    rule = BASE_PLAN.rule_for("OPTI")
    amounts = price_line(
        act_by_label("Monture"),
        unit_base=D("0.05"),
        unit_spent=D("90.00"),
        quantity=1,
        rule=rule,
        forfait_left=D(0),
    )
    assert _amounts(amounts) == (D("0.03"), D("0.00"), D("89.97"), D("90.00"))
    assert "89,97 € non remboursés : le forfait de 150,00 € par an était déjà atteint" in _explained(
        amounts, "OPTI", rule, used_before=D("150.00")
    )


def test_two_beneficiaries_share_the_family_forfait_of_medecines_douces():
    rule = BASE_PLAN.rule_for("MEDD")  # forfait 100 €/an par famille
    assert rule.yearly_scope == ForfaitScope.FAMILY and rule.yearly_amount == D("100.00")
    act, ledger = act_by_label("Séance d'ostéopathie"), ForfaitLedger()

    def session(beneficiary: int, day: date, spent: str) -> LineAmounts:
        priced = price_line(act, unit_base=D(0), unit_spent=D(spent), quantity=1, rule=rule)
        return ledger.charge(rule, beneficiary_id=beneficiary, care_date=day, amounts=priced)

    mother = session(1, date(2025, 3, 2), "60.00")
    child = session(2, date(2025, 5, 9), "70.00")  # 40 € left for the family: reached within this line
    again = session(2, date(2025, 9, 1), "55.00")
    next_year = session(1, date(2026, 1, 5), "55.00")
    assert _amounts(mother) == (D("0.00"), D("60.00"), D("0.00"), D("60.00"))
    assert _amounts(child) == (D("0.00"), D("40.00"), D("30.00"), D("70.00"))
    assert _amounts(again) == (D("0.00"), D("0.00"), D("55.00"), D("55.00"))
    assert _amounts(next_year) == (D("0.00"), D("55.00"), D("0.00"), D("55.00"))
    text = _explained(child, "MEDD", rule, used_before=D("60.00"))
    assert "acte non remboursé" in text and "pour toute la famille : 60,00 € déjà utilisés" in text
    assert "30,00 € au-delà du forfait annuel, atteint sur cet acte" in text


def test_optique_forfaits_are_kept_per_beneficiary():
    rule, ledger = BASE_PLAN.rule_for("OPTI"), ForfaitLedger()
    priced = price_line(
        act_by_label("Monture"), unit_base=D("0.05"), unit_spent=D("120.00"), quantity=1, rule=rule
    )
    first = ledger.charge(rule, beneficiary_id=1, care_date=date(2025, 2, 1), amounts=priced)
    second = ledger.charge(rule, beneficiary_id=1, care_date=date(2025, 6, 1), amounts=priced)
    other = ledger.charge(rule, beneficiary_id=2, care_date=date(2025, 6, 1), amounts=priced)
    assert [a.complementary_reimbursed for a in (first, second, other)] == [
        D("119.97"),
        D("30.03"),
        D("119.97"),
    ]
    assert second.remaining_charge == D("89.94")


def test_hearing_aids_are_capped_per_ear_and_per_year():
    rule, ledger = BASE_PLAN.rule_for("AUDI"), ForfaitLedger()  # 400 € par oreille, 800 €/an
    act = act_by_label("Aide auditive (classe II)")
    priced = price_line(act, unit_base=D("400.00"), unit_spent=D("1500.00"), quantity=1, rule=rule)
    assert _amounts(priced) == (D("240.00"), D("400.00"), D("860.00"), D("1500.00"))
    assert "860,00 € au-delà du forfait de 400,00 € par acte" in _explained(priced, "AUDI", rule, D(0))
    ears = [
        ledger.charge(rule, beneficiary_id=1, care_date=date(2025, 4, 1), amounts=priced) for _ in range(3)
    ]
    assert [a.complementary_reimbursed for a in ears] == [D("400.00"), D("400.00"), D("0.00")]


def test_hundred_percent_sante_leaves_nothing_to_pay_and_keeps_the_forfait():
    rule = BASE_PLAN.rule_for("OPTI")
    amounts = price_care(
        "OPTI",
        ss_rate=60,
        base=D("10.00"),
        spent=D("250.00"),
        quantity=1,
        rule=rule,
        forfait_left=D(0),
        hundred_percent_sante=True,
    )
    assert _amounts(amounts) == (D("6.00"), D("244.00"), D("0.00"), D("250.00"))
    text = _explained(amounts, "OPTI", rule, sante=True)
    assert "Équipement 100 % Santé" in text and "sans utiliser votre forfait" in text
    assert "Reste à charge : 0,00 €, rien ne reste à votre charge." in text


def test_a_care_outside_any_guarantee_is_left_to_pay():
    amounts = LineAmounts(D("50.00"), D("0.00"), 0, D("0.00"), D("0.00"), D("50.00"))
    text = _explained(amounts, "MEDD", None)
    assert "Aucune garantie de votre contrat ne couvre cet acte." in text
    assert "Reste à charge : 50,00 € non couverts par votre contrat." in text
