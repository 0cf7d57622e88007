"""All tables of the portal; importing this package registers every model on ``Base.metadata``."""

from ocso_app.models.account import (
    Account,
    AccountKind,
    LoginSession,
    OneTimeSecret,
    OneTimeSecretPurpose,
    StaffRole,
    TrustedDevice,
)
from ocso_app.models.affiliation import (
    AffiliationInvitation,
    DispenseDecision,
    DispenseRequest,
    EmployeeStatusChange,
    InvitationChannel,
    SepaMandate,
)
from ocso_app.models.audit import AuditEvent, Interface
from ocso_app.models.base import Base
from ocso_app.models.company import (
    Company,
    Contract,
    ContractDocument,
    ContractKind,
    ContractOption,
    Guarantee,
)
from ocso_app.models.content import Audience, HelpArticle, NewsItem
from ocso_app.models.document import Document, DocumentCategory, EmployerGuide, GuideKind, PostalLetter
from ocso_app.models.employer import (
    AffiliationStatus,
    ContributionStatement,
    DailyAllowance,
    Employee,
    EmployeeContract,
    EmployerGrant,
    EmployerProfile,
    SickLeave,
)
from ocso_app.models.introducer import BusinessIntroducer, PortfolioEntry
from ocso_app.models.mass_affiliation import EmployeeImport, EmployeeImportRow
from ocso_app.models.member import Beneficiary, BeneficiaryQuality, Member, Teletransmission
from ocso_app.models.notice import SentNotice
from ocso_app.models.outbox import OutboxMessage
from ocso_app.models.portability import PortabilityProof
from ocso_app.models.radiation import RadiationClosedRow, RadiationRecord
from ocso_app.models.request import Request, RequestAttachment, RequestMessage, RequestStatus
from ocso_app.models.statement import CareLine, PayeeKind, Statement
from ocso_app.models.throttle import AttemptCounter

__all__ = [
    "Account",
    "AccountKind",
    "AffiliationInvitation",
    "AffiliationStatus",
    "AttemptCounter",
    "Audience",
    "AuditEvent",
    "Base",
    "Beneficiary",
    "BeneficiaryQuality",
    "BusinessIntroducer",
    "CareLine",
    "Company",
    "Contract",
    "ContractDocument",
    "ContractKind",
    "ContractOption",
    "ContributionStatement",
    "DailyAllowance",
    "DispenseDecision",
    "DispenseRequest",
    "Document",
    "DocumentCategory",
    "Employee",
    "EmployeeContract",
    "EmployeeImport",
    "EmployeeImportRow",
    "EmployeeStatusChange",
    "EmployerGrant",
    "EmployerGuide",
    "EmployerProfile",
    "Guarantee",
    "GuideKind",
    "HelpArticle",
    "Interface",
    "InvitationChannel",
    "LoginSession",
    "Member",
    "NewsItem",
    "OneTimeSecret",
    "OneTimeSecretPurpose",
    "OutboxMessage",
    "PayeeKind",
    "PortabilityProof",
    "PortfolioEntry",
    "PostalLetter",
    "RadiationClosedRow",
    "RadiationRecord",
    "Request",
    "RequestAttachment",
    "RequestMessage",
    "RequestStatus",
    "SentNotice",
    "SepaMandate",
    "SickLeave",
    "StaffRole",
    "Statement",
    "Teletransmission",
    "TrustedDevice",
]
