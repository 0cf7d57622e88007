"""Every URL of the portal, in one place: the pages, and the HTTP routes of ``ocso_app/api`` (which mounts
exactly the ``Endpoint``s below). Links, redirects, forms and tests use these names, never a literal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class Endpoint:
    """One HTTP route of ``ocso_app/api``: its Starlette path (``{name}`` or ``{name:int}`` parameters)."""

    path: str
    methods: tuple[str, ...] = ("GET",)

    def path_parameters(self) -> list[str]:
        """The names of the path's parameters, in order."""
        return [m.group(1) for m in _PARAMETER.finditer(self.path)]

    def url(self, query: dict[str, str] | None = None, **parameters: object) -> str:
        """The address of this route with ``parameters`` filled in (each quoted) and an optional query."""
        path = _PARAMETER.sub(lambda m: quote(str(parameters[m.group(1)]), safe=""), self.path)
        return f"{path}?{urlencode(query)}" if query else path


HOME = "/"
LEGAL_NOTICE = "/mentions-legales"
PRIVACY = "/protection-des-donnees"
NOT_FOUND = "404"  # Reflex's slug of the page shown for any unknown address

MEMBER_LOGIN = "/assure/connexion"
MEMBER_REGISTER = "/assure/inscription"
MEMBER_FORGOTTEN_PASSWORD = "/assure/mot-de-passe-oublie"
MEMBER_HOME = "/assure"
MEMBER_REIMBURSEMENTS = "/assure/remboursements"
MEMBER_REQUESTS = "/assure/demarches"
# ?rubrique=<section> opens one démarche of the page (state/member/requests.py's KINDS)
REQUEST_SECTION = "rubrique"
MEMBER_INFORMATION = "/assure/informations"
MEMBER_DOCUMENTS = "/assure/documents"
MEMBER_HISTORY = "/assure/historique"
MEMBER_NEWS = "/assure/actualites"
MEMBER_HELP = "/assure/aide"
MEMBER_CARD = "/assure/carte-tiers-payant"
MEMBER_SIMULATION = "/assure/remboursements/simulation"
# Public: opened from the link e-mailed to the member's new address (Mes informations).
MEMBER_EMAIL_CONFIRMATION = "/assure/confirmer-adresse-email"

EMPLOYER_LOGIN = "/employeur/connexion"
EMPLOYER_REGISTER = "/employeur/creer-un-compte"
EMPLOYER_FORGOTTEN_PASSWORD = "/employeur/mot-de-passe-oublie"
EMPLOYER_HOME = "/employeur"
EMPLOYER_COMPANY = "/employeur/entreprise"
EMPLOYER_EMPLOYEES = "/employeur/assures"
EMPLOYER_ALLOWANCES = "/employeur/indemnites-journalieres"
EMPLOYER_DOCUMENTS = "/employeur/documents"
EMPLOYER_REQUESTS = "/employeur/demarches"
EMPLOYER_ADMINISTRATION = "/employeur/administration"
# Espace Entreprise, guide 003: Mes salarié(e)s, the fiche salarié(e), affiliation simple/complète/en masse.
EMPLOYER_STAFF = "/employeur/salaries"
EMPLOYER_STAFF_RECORD = "/employeur/salaries/fiche"
EMPLOYER_AFFILIATE = "/employeur/salaries/affilier"
EMPLOYER_COMPLETE_AFFILIATION = "/employeur/salaries/affiliation-complete"
EMPLOYER_MASS_AFFILIATION = "/employeur/salaries/import"

# The employee's own affiliation page (public: opened by the invitation's link, or its letter's code).
AFFILIATION = "/affiliation"

INTRODUCER_LOGIN = "/apporteur/connexion"
INTRODUCER_HOME = "/apporteur"

STAFF_LOGIN = "/ocso/connexion"
STAFF_HOME = "/ocso"
STAFF_QUEUE = "/ocso/demarches"
STAFF_REQUEST = "/ocso/demarche"  # ?n=<request id>
STAFF_FILES = "/ocso/dossiers"
STAFF_MEMBER_FILE = "/ocso/dossier-assure"  # ?n=<member id>
STAFF_COMPANY_FILE = "/ocso/dossier-entreprise"  # ?n=<company id>
STAFF_PUBLISH = "/ocso/documents"
STAFF_IMPORT = "/ocso/decomptes"
STAFF_IMPORT_ALLOWANCES = "/ocso/indemnites-journalieres"
STAFF_IMPORT_CONTRIBUTIONS = "/ocso/bordereaux"
STAFF_NEWS = "/ocso/actualites"
STAFF_HELP = "/ocso/aide"
STAFF_ACCOUNTS = "/ocso/comptes"
STAFF_INTRODUCERS = "/ocso/apporteurs"
STAFF_NEW_COMPANY = "/ocso/nouvelle-entreprise"

MEMBER_NEW_PASSWORD = "/assure/nouveau-mot-de-passe"
MEMBER_RESET_PASSWORD = "/assure/reinitialiser-mot-de-passe"
EMPLOYER_NEW_PASSWORD = "/employeur/nouveau-mot-de-passe"
EMPLOYER_RESET_PASSWORD = "/employeur/reinitialiser-mot-de-passe"
EMPLOYER_VERIFY = "/employeur/verification"
INTRODUCER_NEW_PASSWORD = "/apporteur/nouveau-mot-de-passe"
INTRODUCER_FORGOTTEN_PASSWORD = "/apporteur/mot-de-passe-oublie"
INTRODUCER_RESET_PASSWORD = "/apporteur/reinitialiser-mot-de-passe"
INTRODUCER_IDENTIFIER = "/apporteur/identifiant"
STAFF_VERIFY = "/ocso/verification"
STAFF_NEW_PASSWORD = "/ocso/nouveau-mot-de-passe"

# The HTTP routes of ocso_app/api (see api/app.py, which mounts every one of them).
API_HEALTH = Endpoint("/api/health")
API_LOGIN = Endpoint("/api/login/{space}", ("POST",))
API_LOGOUT = Endpoint("/api/session/end", ("POST",))
API_SECOND_FACTOR = Endpoint("/api/verification", ("POST",))
# The « Continuer » form after an authenticator app's activation at the verification page (its hand-off).
API_SECOND_FACTOR_HANDOFF = Endpoint("/api/verification/application", ("POST",))
# The « Continuer » form after the first real password is chosen in place of a temporary one (its hand-off).
API_NEW_PASSWORD_HANDOFF = Endpoint("/api/nouveau-mot-de-passe", ("POST",))
API_MEMBER_SELECTION_PDF = Endpoint("/api/assure/decomptes.pdf")
API_MEMBER_STATEMENT_PDF = Endpoint("/api/assure/decomptes/{statement_id:int}.pdf")
API_MEMBER_CARD_PDF = Endpoint("/api/assure/carte-tiers-payant.pdf")
# The card as one static page, what a device keeps on the member's request (assets/sw.js names both).
API_MEMBER_CARD_OFFLINE = Endpoint("/api/assure/carte-tiers-payant/hors-ligne")
API_MEMBER_DOCUMENT = Endpoint("/api/assure/documents/{document_id}")
API_MEMBER_GUARANTEES = Endpoint("/api/assure/garanties/{document_id}")  # a document of the member's contract
API_MEMBER_ATTACHMENT = Endpoint("/api/assure/demarches/{request_id}/pieces/{attachment_id}")
API_EMPLOYER_ATTESTATION = Endpoint("/api/employeur/assures/{employee_id}/attestation.pdf")
API_EMPLOYER_ATTESTATIONS = Endpoint("/api/employeur/attestations.pdf")  # ?salaries=1,2,3
API_EMPLOYER_ALLOWANCE_PDF = Endpoint("/api/employeur/indemnites/{allowance_id}.pdf")
API_EMPLOYER_ATTACHMENT = Endpoint("/api/employeur/demarches/{request_id}/pieces/{attachment_id}")
API_EMPLOYER_CONTRACT_DOCUMENT = Endpoint("/api/employeur/contrats/documents/{document_id}")
API_EMPLOYER_DOCUMENT = Endpoint("/api/employeur/documents/{document_id}")
# A guide RH, guide salarié(e) or tutoriel OCSO published to every employer (services/employer_guides.py).
API_EMPLOYER_GUIDE = Endpoint("/api/employeur/guides/{guide_id}")
API_EMPLOYER_BIA_PDF = Endpoint("/api/employeur/bia.pdf")
# Each of these letters replaces a secret (a new code, a temporary password): POSTed by a confirmation
# dialog's form (components/confirm.py's confirmed_post), never fetched by a link (a GET is a 405).
API_EMPLOYER_AFFILIATION_LETTER = Endpoint(
    "/api/employeur/salaries/{employee_id}/courrier-affiliation.pdf", ("POST",)
)
API_EMPLOYER_RADIATION_LETTER = Endpoint("/api/employeur/salaries/{employee_id}/courrier-radiation.pdf")
API_EMPLOYER_DISPENSE_PROOF = Endpoint("/api/employeur/dispenses/{request_id}/justificatif")
# Mes salarié(e)s as a spreadsheet (format: xlsx or csv; ?structure=ID for the header's choice).
API_EMPLOYER_STAFF_EXPORT = Endpoint("/api/employeur/salaries/export.{format}")
# The register of dispenses with their proofs, one archive for an URSSAF audit (?structure=ID as above).
API_EMPLOYER_DISPENSE_REGISTER = Endpoint("/api/employeur/dispenses/registre.zip")
# Affiliation en masse: the file's template, and the report of one import (format: xlsx or csv).
API_EMPLOYER_IMPORT_TEMPLATE = Endpoint("/api/employeur/salaries/import/modele.{format}")
API_EMPLOYER_IMPORT_REPORT = Endpoint("/api/employeur/salaries/import/{import_id}/rapport.{format}")
# Public: the one-click link of a deposit's e-mail (?jeton=, signed): GET asks, POST turns the e-mails off.
API_DEPOSIT_EMAILS_OFF = Endpoint("/api/employeur/e-mails-depots/arret", ("GET", "POST"))
API_STAFF_ATTACHMENT = Endpoint("/api/ocso/demarches/{request_id}/pieces/{attachment_id}")
API_STAFF_IMPORT_EXAMPLE = Endpoint("/api/ocso/decomptes/modele.csv")
API_STAFF_ALLOWANCES_EXAMPLE = Endpoint("/api/ocso/indemnites-journalieres/modele.csv")
API_STAFF_CONTRIBUTIONS_EXAMPLE = Endpoint("/api/ocso/bordereaux/modele.csv")
# A member's décompte and documents from their file (Dossiers), each with ?motif= (the reason, audited).
API_STAFF_MEMBER_STATEMENT = Endpoint("/api/ocso/dossiers/assures/{member_id}/decomptes/{statement_id}.pdf")
API_STAFF_MEMBER_DOCUMENT = Endpoint("/api/ocso/dossiers/assures/{member_id}/documents/{document_id}")
# POSTed by a confirmation dialog's form, as the affiliation letter above: each replaces a secret.
API_STAFF_COMPANY_CODE_LETTER = Endpoint(
    "/api/ocso/dossiers/entreprises/{company_id}/code-securite.pdf", ("POST",)
)
API_STAFF_MEMBER_PASSWORD_LETTER = Endpoint(
    "/api/ocso/dossiers/assures/{member_id}/mot-de-passe.pdf", ("POST",)
)
# A proof of unemployment benefits OCSO recorded for a former employee en portabilité (company file).
API_STAFF_PORTABILITY_PROOF = Endpoint("/api/ocso/dossiers/entreprises/{company_id}/portabilite/{proof_id}")


def member_request_section(section: str) -> str:
    """Mes démarches with one démarche open (``bank``, ``beneficiaries``…)."""
    return f"{MEMBER_REQUESTS}?{urlencode({REQUEST_SECTION: section})}"


def endpoints() -> dict[str, Endpoint]:
    """Every ``API_*`` endpoint of this module, by name (``api/app.py`` mounts them all; tests walk them)."""
    return {name: value for name, value in globals().items() if isinstance(value, Endpoint)}
