"""The coordinates an employer reads on its Entreprise page: those of the caller's structures only, by name,
formatted (SIREN in groups of three, the telephone spaced)."""

from __future__ import annotations

from ocso_app.services.company_details import structure_details
from tests.builders import make_company


def test_only_the_callers_structures_formatted(db):
    head = make_company(db, name="ZETA SIEGE")
    branch = make_company(db, name="ÉTABLISSEMENT ZETA", parent=head)
    make_company(db, name="AUTRE SA")
    head.phone, branch.phone = "0556343666", None
    db.flush()
    shown = structure_details(db, structure_ids=[head.id, branch.id])
    assert [s.name for s in shown] == ["ÉTABLISSEMENT ZETA", "ZETA SIEGE"]  # folded order
    siege = shown[1]
    assert siege.phone == "05 56 34 36 66" and shown[0].phone == "non renseigné"
    assert siege.siren == f"{head.siren[:3]} {head.siren[3:6]} {head.siren[6:]}"
    assert siege.address == f"{head.address_line}, {head.postal_code} {head.city}"
    assert siege.client_number == head.client_number
