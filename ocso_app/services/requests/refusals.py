"""Why a démarche is refused: the error and its French messages (tests assert on these constants), and the
IBAN check the démarche and the affiliation share (``iban_refusal``)."""

from __future__ import annotations

from stdnum import iban as stdnum_iban

from ocso_app.services.errors import OcsoError
from ocso_app.services.identifiers import is_sepa_iban
from ocso_app.services.requests.labels import MAX_MESSAGE

BAD_DOCUMENT_TYPE = "Choisissez le type de document."
BAD_BENEFICIARY = "Choisissez un bénéficiaire de votre contrat."
MESSAGE_TOO_LONG = f"Le message est limité à {MAX_MESSAGE} caractères."
MISSING_ESTABLISHMENT = "Indiquez le nom de l'établissement."
BAD_FINESS = "Le numéro FINESS compte 9 chiffres."
MISSING_CONTACT = "Indiquez le fax ou l'e-mail de l'établissement pour recevoir la prise en charge."
BAD_FAX = "Le numéro de fax doit compter 10 chiffres."
BAD_EMAIL = "L'adresse e-mail de l'établissement n'est pas valide."
BAD_ADMISSION_DATE = "Indiquez une date d'admission valide (au plus tôt il y a 30 jours)."
BAD_STAY_TYPE = "Choisissez le type de séjour."
BAD_DMT = "Le code discipline (DMT) compte 3 chiffres."
BAD_IBAN = "L'IBAN n'est pas valide : vérifiez-le sur votre RIB."
NOT_SEPA_IBAN = (
    "Cet IBAN n'est pas celui d'un compte de la zone SEPA : OCSO ne peut pas y verser vos remboursements. "
    "Indiquez un compte ouvert dans un pays de la zone SEPA (Union européenne, Islande, Liechtenstein, "
    "Norvège, Suisse, Royaume-Uni, Monaco, Andorre…)."
)
BAD_BIC = "Le BIC n'est pas valide : vérifiez-le sur votre RIB."
BAD_PASSWORD = "Mot de passe actuel incorrect."
BAD_ACTION = "Choisissez d'ajouter ou de retirer un bénéficiaire."
MISSING_NAME = "Indiquez le prénom et le nom du bénéficiaire."
BAD_BIRTH_DATE = "Indiquez une date de naissance valide."
BAD_RANK = "Le rang compte 2 caractères (par exemple EA pour le premier enfant)."
RANK_USED = (
    "Le rang {rank} est déjà celui de {name} sur votre contrat : indiquez un autre rang, ou laissez le "
    "champ vide et OCSO attribuera le suivant."
)
NO_FREE_RANK = (
    "Aucun rang n'est libre pour cette qualité sur votre contrat : indiquez le rang du nouveau bénéficiaire "
    "ou posez votre question dans Mes démarches."
)
BAD_QUALITY = "Choisissez la qualité du bénéficiaire (conjoint, enfant, autre)."
BAD_NIR = "Le numéro de Sécurité sociale n'est pas valide (15 chiffres, clé comprise)."
CANNOT_REMOVE_MEMBER = "L'assuré principal ne peut pas être retiré : choisissez un autre bénéficiaire."
BAD_TOPIC = "Choisissez le sujet de votre question."
MISSING_MESSAGE = "Écrivez votre question."
BAD_STRUCTURE = "Choisissez la structure concernée."
KIND_NOT_ALLOWED = "Votre profil ne permet pas cette démarche sur cette structure."
BAD_COMPANY_TOPIC = "Choisissez l'objet de votre envoi."
MISSING_EMPLOYEE = "Choisissez le salarié concerné dans la liste, ou saisissez son nom s'il n'y figure pas."
BAD_EMPLOYEE = (
    "Ce salarié n'est pas enregistré sur la structure concernée : choisissez-le dans la liste, ou saisissez "
    "son nom s'il n'y figure pas."
)
MISSING_NOTE = "Écrivez un message pour l'équipe OCSO concernée."
NOT_BANK_REQUEST = "Cette demande n'est pas une modification des coordonnées bancaires en attente."


class RequestRefused(OcsoError):
    """A démarche could not be accepted as sent; nothing was stored."""


def iban_refusal(iban: str) -> str | None:
    """Why an IBAN (compact) typed for OCSO's payments cannot be used: not a valid IBAN (python-stdnum), or
    of an account outside the SEPA zone; ``None`` when it can."""
    if not stdnum_iban.is_valid(iban):
        return BAD_IBAN
    if not is_sepa_iban(iban):
        return NOT_SEPA_IBAN
    return None
