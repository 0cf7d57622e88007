"""Démarches of the Espace Employeur: each kind needs its action on the structure it concerns, one row per
submission routed to the right OCSO service, refusals write nothing, the history and its attachments stay
within the caller's structures and the kinds its profile allows there. « Salarié concerné » is picked among
the employees of the démarche's structure only, checked again on submission, and OCSO reads who it is."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from ocso_app.config import settings
from ocso_app.models import (
    AffiliationStatus,
    AuditEvent,
    Company,
    Employee,
    EmployerProfile,
    Member,
    Request,
    RequestMessage,
    RequestStatus,
    StaffRole,
)
from ocso_app.services import audit, employer_access, requests, uploads
from ocso_app.services.requests import RequestRefused, detail
from ocso_app.services.uploads import IncomingFile, UploadRejected
from tests.builders import (
    make_company,
    make_employee,
    make_employer,
    make_image,
    make_member_account,
    make_pdf,
    make_staff,
    new_email,
    staff_caller,
)
from tests.support.mailbox import body_text


@dataclass
class Structures:
    """An administrateur of ``head`` and ``branch``; a cotisations user of ``branch``; another company."""

    head: Company
    branch: Company
    other: Company
    admin: audit.Actor
    accountant: audit.Actor


@pytest.fixture
def org(db) -> Structures:
    head = make_company(db, name="TRANSPORTS DU TEST")
    branch = make_company(db, parent=head, name="TRANSPORTS DU TEST BAYONNE")
    other = make_company(db, name="AUTRE SOCIÉTÉ")
    admin = make_employer(db, principal_of=(head, branch))
    accountant = make_employer(db, grants={branch: EmployerProfile.CONTRIBUTIONS})
    make_employer(db, principal_of=(other,))
    return Structures(
        head, branch, other, audit.Actor(account_id=admin.id), audit.Actor(account_id=accountant.id)
    )


def _send(db, actor, kind, fields, files, structure_ids, nonce="visite-1"):
    return requests.submit_for_company(
        db,
        actor=actor,
        structure_ids=structure_ids,
        nonce=nonce,
        form=requests.company_form(kind, fields),
        files=list(files),
    )


def _grants(db, actor):
    return employer_access.granted_structures(db, account_id=actor.account_id)


def _pdf(name="piece.pdf"):
    return [IncomingFile(name, make_pdf())]


def _stored_files() -> set[str]:
    folder = settings().storage_dir
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _company_rows(db, company_id) -> int:
    return db.scalar(select(func.count(Request.id)).where(Request.company_id == company_id))


def _cleanup(db, request_id):
    uploads.delete_stored([a.storage_key for a in db.get(Request, request_id).attachments])


KINDS = [
    (requests.EMPLOYEES, "Bulletin d'adhésion", "Camille Rousseau", 1, "adhesions"),
    (requests.EMPLOYEES, "Sortie des effectifs", "Paul Martin", 0, "adhesions"),
    (requests.COMPANY_DETAILS, "KBIS", "", 1, "relation_entreprises"),
    (requests.COMPANY_DETAILS, "Téléphone", "", 0, "relation_entreprises"),
    (requests.SICK_LEAVE, "Prolongation", "Léa Durand", 1, "prevoyance"),
    (requests.CONTRIBUTIONS, "Bordereau de régularisation", "", 1, "cotisations"),
    (requests.COMPANY_QUESTION, "Les cotisations", "", 0, "relation_entreprises"),
]


@pytest.mark.parametrize(("kind", "topic", "employee", "files", "service"), KINDS)
def test_each_kind_stores_one_request_of_the_structure_routed_to_its_service(
    db, org, kind, topic, employee, files, service
):
    fields = {"structure": str(org.branch.id), "topic": topic, "employee": employee, "message": "Merci."}
    submitted = _send(db, org.admin, kind, fields, _pdf() * files, structure_ids=(org.head.id, org.branch.id))
    request = db.get(Request, submitted.request_id)
    assert submitted.created and submitted.for_company
    assert (request.company_id, request.member_id, request.author_account_id) == (
        org.branch.id,
        None,
        org.admin.account_id,
    )
    assert request.request_type == kind and request.routed_service == service
    assert request.payload["topic"] == topic and request.payload["message"] == "Merci."
    assert len(request.attachments) == files
    if employee:
        assert request.subject.endswith(f" : {employee}") and request.payload["employee"] == employee
    event = db.scalar(select(AuditEvent).where(AuditEvent.company_id == org.branch.id))
    assert (event.account_id, event.event_type, event.action) == (
        org.admin.account_id,
        requests.AUDIT_TYPES[kind],
        request.subject,
    )
    _cleanup(db, request.id)


def test_the_only_structure_of_the_scope_needs_no_choice(db, org):
    fields = {"topic": "Bordereau échu", "message": "Bordereau de septembre."}
    submitted = _send(
        db, org.accountant, requests.CONTRIBUTIONS, fields, _pdf(), structure_ids=(org.branch.id,)
    )
    assert db.get(Request, submitted.request_id).company_id == org.branch.id
    _cleanup(db, submitted.request_id)


def _refused(db, org, actor, kind, fields, files, structure_ids):
    before = (_stored_files(), _company_rows(db, org.branch.id), db.scalar(select(func.count(AuditEvent.id))))
    with pytest.raises((RequestRefused, UploadRejected)) as refused:
        _send(db, actor, kind, fields, files, structure_ids=structure_ids)
    after = (_stored_files(), _company_rows(db, org.branch.id), db.scalar(select(func.count(AuditEvent.id))))
    assert after == before, "a refused démarche writes nothing"
    return refused.value.message


GOOD = {"topic": "Bulletin d'adhésion", "employee": "Camille Rousseau", "message": "Nouvelle embauchée."}


@pytest.mark.parametrize(
    ("changes", "files", "message"),
    [
        ({"topic": "Prime de Noël"}, 1, requests.BAD_COMPANY_TOPIC),
        ({"employee": "   "}, 1, requests.MISSING_EMPLOYEE),
        ({"message": "  \n "}, 1, requests.MISSING_NOTE),
        ({"message": "x" * 2001}, 1, requests.MESSAGE_TOO_LONG),
        ({}, 0, uploads.NO_FILE),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(db, org, changes, files, message):
    fields = {"structure": str(org.branch.id), **GOOD, **changes}
    scope = (org.head.id, org.branch.id)
    assert _refused(db, org, org.admin, requests.EMPLOYEES, fields, _pdf() * files, scope) == message


def test_a_bad_file_is_refused_and_nothing_is_stored(db, org):
    fields, scope = {"structure": str(org.branch.id), **GOOD}, (org.branch.id,)
    disguised = [IncomingFile("bulletin.pdf", b"<html>pas un PDF</html>")]
    refused = _refused(db, org, org.admin, requests.EMPLOYEES, fields, disguised, scope)
    assert refused == uploads.refusal("bulletin.pdf", uploads.BAD_TYPE)
    good_then_bad = [IncomingFile("a.png", make_image()), IncomingFile("b.pdf", b"%PDF-1.4 broken")]
    refused = _refused(db, org, org.admin, requests.EMPLOYEES, fields, good_then_bad, scope)
    assert refused == uploads.refusal("b.pdf", uploads.CORRUPT_PDF)
    too_many = _pdf() * (uploads.MAX_FILES + 1)
    assert _refused(db, org, org.admin, requests.EMPLOYEES, fields, too_many, scope) == uploads.TOO_MANY_FILES


def test_an_empty_question_asks_for_the_question(db, org):
    fields = {"structure": str(org.head.id), "topic": "Mon contrat", "message": ""}
    message = _refused(db, org, org.admin, requests.COMPANY_QUESTION, fields, (), (org.head.id,))
    assert message == requests.MISSING_MESSAGE


def test_a_cotisations_profile_cannot_send_a_salaries_demarche_even_with_the_structure_in_scope(db, org):
    fields = {"structure": str(org.branch.id), **GOOD}
    message = _refused(db, org, org.accountant, requests.EMPLOYEES, fields, _pdf(), (org.branch.id,))
    assert message == requests.KIND_NOT_ALLOWED
    assert (
        _refused(db, org, org.accountant, requests.EMPLOYEES, GOOD, _pdf(), ()) == requests.KIND_NOT_ALLOWED
    )


def test_another_companys_structure_is_refused(db, org):
    fields = {"structure": str(org.other.id), **GOOD}
    scope = (org.head.id, org.branch.id)
    assert (
        _refused(db, org, org.admin, requests.EMPLOYEES, fields, _pdf(), scope) == requests.KIND_NOT_ALLOWED
    )
    # even when the browser's structure is passed as the scope, the grant on it is checked again
    forged = (org.other.id,)
    assert (
        _refused(db, org, org.admin, requests.EMPLOYEES, fields, _pdf(), forged) == requests.KIND_NOT_ALLOWED
    )
    assert _company_rows(db, org.other.id) == 0


@pytest.mark.parametrize("structure", ["", "abc", "-1", "1e3"])
def test_a_structure_must_be_chosen_among_several(db, org, structure):
    fields = {**GOOD, "structure": structure}
    scope = (org.head.id, org.branch.id)
    assert _refused(db, org, org.admin, requests.EMPLOYEES, fields, _pdf(), scope) == requests.BAD_STRUCTURE


def test_a_replayed_submission_finds_the_first_request(db, org):
    fields = {"structure": str(org.head.id), "topic": "Mon contrat", "message": "Quelle date d'échéance ?"}
    scope = (org.head.id, org.branch.id)
    first = _send(db, org.admin, requests.COMPANY_QUESTION, fields, (), scope)
    again = _send(db, org.admin, requests.COMPANY_QUESTION, fields, (), scope)
    assert first.created and not again.created and again.request_id == first.request_id
    assert _company_rows(db, org.head.id) == 1
    assert _send(db, org.admin, requests.COMPANY_QUESTION, fields, (), scope, nonce="visite-2").created


def test_the_kinds_offered_follow_the_profile_on_each_structure_of_the_scope(db, org):
    admin = requests.structures_by_kind(
        _grants(db, org.admin), structure_ids=(org.head.id, org.branch.id, org.other.id)
    )
    assert [c.label for c in admin[requests.EMPLOYEES]] == [org.head.name, org.branch.name]
    assert [c.value for c in admin[requests.COMPANY_DETAILS]] == [str(org.head.id), str(org.branch.id)]
    narrowed = requests.structures_by_kind(_grants(db, org.admin), structure_ids=(org.branch.id,))
    assert [c.value for c in narrowed[requests.SICK_LEAVE]] == [str(org.branch.id)]
    accountant = requests.structures_by_kind(
        _grants(db, org.accountant), structure_ids=(org.head.id, org.branch.id)
    )
    offered = {kind for kind, structures in accountant.items() if structures}
    assert offered == {requests.CONTRIBUTIONS, requests.COMPANY_QUESTION}


def test_history_shows_the_structures_demarches_with_answers_and_only_the_kinds_the_profile_allows(db, org):
    scope = (org.head.id, org.branch.id)
    salaries = _send(
        db, org.admin, requests.EMPLOYEES, {"structure": str(org.branch.id), **GOOD}, _pdf("bia.pdf"), scope
    )
    bordereau = {"structure": str(org.branch.id), "topic": "Bordereau échu", "message": "Septembre."}
    contributions = _send(db, org.accountant, requests.CONTRIBUTIONS, bordereau, _pdf(), (org.branch.id,))
    elsewhere = make_employer(db, principal_of=(org.other,))
    _send(
        db,
        audit.Actor(account_id=elsewhere.id),
        requests.COMPANY_QUESTION,
        {"structure": str(org.other.id), "topic": "Mon contrat", "message": "?"},
        (),
        (org.other.id,),
    )
    request = db.get(Request, contributions.request_id)
    request.status = RequestStatus.DONE
    db.add(RequestMessage(request_id=request.id, from_ocso=True, body="Règlement bien reçu."))
    db.flush()
    db.expire_all()

    admin_view = requests.company_requests(db, grants=_grants(db, org.admin), structure_ids=scope)
    assert [v.id for v in admin_view] == [contributions.request_id, salaries.request_id]
    answered = admin_view[0]
    assert (answered.type_label, answered.status_label, [m.body for m in answered.thread]) == (
        "Règlement des cotisations",
        "traitée",
        ["Règlement bien reçu."],
    )
    assert answered.thread[0].author == "Réponse d'OCSO" and not answered.can_reply  # closed
    assert answered.structure == org.branch.name and answered.date_label[-4:].isdigit()
    assert admin_view[1].attachments[0].url == requests.company_attachment_url(
        salaries.request_id, admin_view[1].attachments[0].id
    )
    accountant_view = requests.company_requests(
        db, grants=_grants(db, org.accountant), structure_ids=(org.branch.id,)
    )
    assert [v.id for v in accountant_view] == [contributions.request_id]
    assert requests.company_requests(db, grants=_grants(db, org.admin), structure_ids=(org.head.id,)) == []
    # Accueil's « démarches en cours » counts what the history shows that is not answered yet
    open_for = requests.employer.open_company_requests
    assert open_for(db, grants=_grants(db, org.admin), structure_ids=scope) == 1
    assert open_for(db, grants=_grants(db, org.accountant), structure_ids=(org.branch.id,)) == 0
    # a structure the caller holds no grant on lists nothing, whatever the ids say
    assert requests.company_requests(db, grants=_grants(db, org.admin), structure_ids=(org.other.id,)) == []
    for request_id in (salaries.request_id, contributions.request_id):
        _cleanup(db, request_id)


def _downloads(db, account_id) -> list[str]:
    query = select(AuditEvent.action).where(
        AuditEvent.account_id == account_id, AuditEvent.event_type == "Téléchargement"
    )
    return list(db.scalars(query))


def test_an_attachment_downloads_only_within_the_scope_and_the_profile_and_is_audited(db, org):
    scope = (org.head.id, org.branch.id)
    fields = {"structure": str(org.branch.id), **GOOD}
    submitted = _send(db, org.admin, requests.EMPLOYEES, fields, _pdf("bulletin.pdf"), scope)
    attachment_id = db.get(Request, submitted.request_id).attachments[0].id
    ids = {"request_id": submitted.request_id, "attachment_id": attachment_id}

    stored = requests.company_attachment(db, actor=org.admin, structure_ids=scope, **ids)
    assert stored is not None and stored.filename == "bulletin.pdf"
    assert _downloads(db, org.admin.account_id) == ["Téléchargement de la pièce « bulletin.pdf »"]
    event = db.scalar(
        select(AuditEvent).where(AuditEvent.account_id == org.admin.account_id).order_by(AuditEvent.id.desc())
    )
    assert event.company_id == org.branch.id

    assert requests.company_attachment(db, actor=org.admin, structure_ids=(org.head.id,), **ids) is None
    assert (
        requests.company_attachment(db, actor=org.accountant, structure_ids=(org.branch.id,), **ids) is None
    )
    assert (
        requests.company_attachment(
            db,
            actor=org.admin,
            structure_ids=scope,
            request_id=submitted.request_id,
            attachment_id=attachment_id + 10_000,
        )
        is None
    )
    assert _downloads(db, org.accountant.account_id) == []
    assert len(_downloads(db, org.admin.account_id)) == 1
    _cleanup(db, submitted.request_id)


def test_the_confirmation_points_to_the_espace_employeur(db, mailbox):
    address = new_email()
    requests.send_confirmation(
        db, requests.Submitted(7, "Envoi d'un bordereau échu", created=True, email=address, for_company=True)
    )
    db.commit()  # the confirmation leaves from the outbox
    [message] = mailbox.wait_for(address)
    text = body_text(message)
    assert "Espace Employeur" in text and "Mes derniers envois" in text and "Santé" not in text


# --- « Salarié concerné »: picked among the structure's employees


@dataclass
class Staff:
    """Employees named alike on the branch (homonyms), on the head office and in another company."""

    camille: Employee
    homonym: Employee
    at_head: Employee
    elsewhere: Employee


@pytest.fixture
def staff(db, org) -> Staff:
    camille = make_employee(db, company=org.branch, last_name="Rousseau", first_name="Camille")
    homonym = make_employee(
        db, company=org.branch, last_name="Rousseau", first_name="Camille", status=AffiliationStatus.RADIATED
    )
    homonym.birth_date = date(1992, 3, 4)
    at_head = make_employee(db, company=org.head, last_name="Rousseau", first_name="Camille")
    elsewhere = make_employee(db, company=org.other, last_name="Rousseau", first_name="Camille")
    db.flush()
    return Staff(camille, homonym, at_head, elsewhere)


def _find(db, actor, structure, typed, kind=requests.EMPLOYEES, scope=None):
    return requests.find_concerned(
        db,
        account_id=actor.account_id,
        structure_ids=scope or (),
        kind=kind,
        structure=str(structure),
        typed=typed,
        today=date(2026, 12, 8),
    )


def test_the_picker_finds_the_chosen_structures_employees_as_one_types_and_tells_homonyms_apart(
    db, org, staff
):
    scope = (org.head.id, org.branch.id)
    found = _find(db, org.admin, org.branch.id, "rouss cam", scope=scope)
    assert [e.id for e in found] == [staff.camille.id, staff.homonym.id]  # by name, then fiche
    shown = {e.id: (e.name, e.hint) for e in found}
    assert shown[staff.camille.id] == ("ROUSSEAU Camille", "né(e) en 1985 · Affilié(e)")
    assert shown[staff.homonym.id] == ("ROUSSEAU Camille", "né(e) en 1992 · Radié(e)")
    assert [e.id for e in _find(db, org.admin, org.head.id, "ROUSSEAU", scope=scope)] == [staff.at_head.id]
    assert _find(db, org.admin, org.branch.id, "  ", scope=scope) == []


def test_an_arrets_de_travail_profile_names_employees_without_their_affiliation_status(db, org, staff):
    """It may declare an arrêt de travail for any employee of the structure, but not read the Assurés."""
    declarer = audit.Actor(account_id=make_employer(db, grants={org.branch: EmployerProfile.SICK_LEAVE}).id)
    found = _find(db, declarer, org.branch.id, "rousseau", kind=requests.SICK_LEAVE, scope=(org.branch.id,))
    assert [e.hint for e in found] == ["né(e) en 1985", "né(e) en 1992"]
    with pytest.raises(RequestRefused):  # nor may it send a « Salariés » démarche
        _find(db, declarer, org.branch.id, "rousseau", scope=(org.branch.id,))


def test_the_picker_shows_at_most_eight_employees(db, org):
    for _ in range(requests.MAX_MATCHES + 3):
        make_employee(db, company=org.branch, last_name="Martin")
    assert len(_find(db, org.admin, org.branch.id, "mart", scope=(org.branch.id,))) == requests.MAX_MATCHES


@pytest.mark.parametrize(
    ("who", "structure", "scope", "kind"),
    [
        ("admin", "other", ("head", "branch"), requests.EMPLOYEES),  # another company's structure
        ("admin", "other", ("other",), requests.EMPLOYEES),  # even passed as the scope
        ("accountant", "branch", ("branch",), requests.EMPLOYEES),  # a profile that may not send it
        ("accountant", "branch", ("branch",), requests.SICK_LEAVE),
    ],
)
def test_the_picker_never_searches_a_structure_outside_the_kinds_grants(
    db, org, staff, who, structure, scope, kind
):
    actor = getattr(org, who)
    ids = tuple(getattr(org, s).id for s in scope)
    with pytest.raises(RequestRefused) as refused:
        _find(db, actor, getattr(org, structure).id, "rousseau", kind=kind, scope=ids)
    assert refused.value.message == requests.KIND_NOT_ALLOWED


def test_among_several_structures_the_picker_asks_which_one_first(db, org, staff):
    with pytest.raises(RequestRefused) as refused:
        _find(db, org.admin, "", "rousseau", scope=(org.head.id, org.branch.id))
    assert refused.value.message == requests.BAD_STRUCTURE


def test_a_picked_employee_is_kept_with_their_id_and_their_name_told_from_a_namesakes(db, org, staff):
    """OCSO reads the name in its queue: a namesake in the structure adds the year of birth to it."""
    fields = {"structure": str(org.branch.id), **GOOD, "employee": "", "employee_id": str(staff.homonym.id)}
    submitted = _send(db, org.admin, requests.EMPLOYEES, fields, _pdf(), structure_ids=(org.branch.id,))
    request = db.get(Request, submitted.request_id)
    assert request.payload["employee_id"] == staff.homonym.id
    assert request.payload["employee"] == "ROUSSEAU Camille (né(e) en 1992)"
    assert request.subject == "Envoi d'un bulletin d'adhésion : ROUSSEAU Camille (né(e) en 1992)"
    _cleanup(db, request.id)
    alone = {"structure": str(org.head.id), **GOOD, "employee": "", "employee_id": str(staff.at_head.id)}
    submitted = _send(db, org.admin, requests.EMPLOYEES, alone, _pdf(), (org.head.id,), nonce="visite-2")
    request = db.get(Request, submitted.request_id)
    assert request.subject == "Envoi d'un bulletin d'adhésion : ROUSSEAU Camille"  # nobody to tell apart
    _cleanup(db, request.id)


def test_a_name_typed_by_hand_is_kept_without_an_id_when_the_employee_is_not_found(db, org, staff):
    fields = {"structure": str(org.branch.id), **GOOD, "employee": " Nouvelle   Recrue ", "employee_id": ""}
    submitted = _send(db, org.admin, requests.EMPLOYEES, fields, _pdf(), structure_ids=(org.branch.id,))
    request = db.get(Request, submitted.request_id)
    assert request.payload["employee"] == "Nouvelle Recrue" and "employee_id" not in request.payload
    _cleanup(db, request.id)


@pytest.mark.parametrize("employee", ["at_head", "elsewhere", "abc", "-1", "99999999"])
def test_an_employee_of_another_structure_or_company_or_a_forged_id_is_refused_and_writes_nothing(
    db, org, staff, employee
):
    employee_id = str(getattr(staff, employee).id) if hasattr(staff, employee) else employee
    fields = {"structure": str(org.branch.id), **GOOD, "employee_id": employee_id}
    scope = (org.head.id, org.branch.id)
    assert _refused(db, org, org.admin, requests.EMPLOYEES, fields, _pdf(), scope) == requests.BAD_EMPLOYEE
    assert _company_rows(db, org.head.id) == _company_rows(db, org.other.id) == 0


def test_nothing_picked_and_no_name_typed_is_refused(db, org, staff):
    fields = {"structure": str(org.branch.id), **GOOD, "employee": "", "employee_id": ""}
    message = _refused(
        db, org, org.admin, requests.SICK_LEAVE, fields | {"topic": "Reprise"}, (), (org.branch.id,)
    )
    assert message == requests.MISSING_EMPLOYEE


def _staff_detail(db, request_id):
    agent = staff_caller(make_staff(db, role=StaffRole.ENTREPRISES))
    file = detail.open_request(db, caller=agent, request_id=request_id, now=datetime.now(UTC))
    return {line.label: line.value for line in file.details}


def test_ocso_sees_the_picked_employee_identified_and_a_typed_name_as_not_identified(db, org, staff):
    member = make_member_account(db)
    staff.camille.member_id = member.member_id
    db.flush()
    number = db.get(Member, member.member_id).member_number
    picked = {"structure": str(org.branch.id), **GOOD, "employee_id": str(staff.camille.id)}
    sent = _send(db, org.admin, requests.EMPLOYEES, picked, _pdf(), structure_ids=(org.branch.id,))
    lines = _staff_detail(db, sent.request_id)
    assert lines["Salarié concerné"] == "ROUSSEAU Camille (né(e) en 1985)"  # a namesake is on the branch
    assert lines["Salarié identifié"] == (
        f"fiche salarié n° {staff.camille.id} · adhérent n° {number} · né(e) le 12/06/1985"
    )
    assert lines["Objet"] == "Bulletin d'adhésion"  # the démarche's other labels stay
    _cleanup(db, sent.request_id)

    # a démarche sent before the picker (free text, no id) still reads as it was sent
    old = _send(
        db, org.admin, requests.EMPLOYEES, {"structure": str(org.branch.id), **GOOD}, _pdf(), (org.branch.id,)
    )
    lines = _staff_detail(db, old.request_id)
    assert lines["Salarié concerné"] == "Camille Rousseau"
    assert lines["Salarié identifié"] == detail.NOT_IDENTIFIED
    _cleanup(db, old.request_id)
