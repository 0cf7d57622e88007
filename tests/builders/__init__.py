"""The one place tests build data: keyword-only builders that take a ``Session`` (the rolled-back ``db``
fixture, or ``ocso_app.db.db_session()`` when the code under test opens its own session) and flush.

Names are Faker ``fr_FR``; numbers (numéro d'adhérent, numéro client, SIREN, décompte…) come from one
counter of the process and skip values already stored, so committed rows never collide with each other nor
with the demo data the browser tests load. Split by domain: ``members``, ``employers`` (companies, employer
users, introducers, staff), ``requests`` (démarches, a staff caller), ``care`` (contract, family and
décomptes), ``files`` (PDF and images).
"""

from tests.builders.care import STATEMENTS, CareLineSpec, CareMember, care_lines, make_care_member, total
from tests.builders.employers import (
    SECURITY_CODE,
    make_company,
    make_company_with_activity,
    make_employee,
    make_employer,
    make_introducer,
    make_staff,
)
from tests.builders.files import make_image, make_pdf
from tests.builders.members import PASSWORD, fake, make_member, make_member_account, new_email
from tests.builders.requests import make_request, send_bulletin, staff_caller

__all__ = [
    "PASSWORD",
    "SECURITY_CODE",
    "STATEMENTS",
    "CareLineSpec",
    "CareMember",
    "care_lines",
    "fake",
    "make_care_member",
    "make_company",
    "make_company_with_activity",
    "make_employee",
    "make_employer",
    "make_image",
    "make_introducer",
    "make_member",
    "make_member_account",
    "make_pdf",
    "make_request",
    "make_staff",
    "new_email",
    "send_bulletin",
    "staff_caller",
    "total",
]
