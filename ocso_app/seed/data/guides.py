"""The guides the demo publishes to every employer (Documents › Guides et tutoriels), drawn from guide 003 and
the rules of the Code de la sécurité sociale the portal encodes: a guide RH for the employer's HR, and a guide
salarié(e) to hand to the employees. Each is short: headings, paragraphs and one table."""

from __future__ import annotations

from dataclasses import dataclass

from ocso_app.models import GuideKind
from ocso_app.seed.writers.documents import Block, Heading, PdfTable

PHONE = "05\u00a056\u00a034\u00a036\u00a066"  # never cut at a line's end
CONTACT = (
    "Une question ? Votre interlocuteur dédié est indiqué sur l'Accueil de votre espace ; OCSO vous répond "
    f"aussi au {PHONE} et à support@ocso.fr."
)


@dataclass(frozen=True)
class GuideSpec:
    """A guide: its kind, its title (as listed and as the PDF's title), the lines under it and its body."""

    kind: GuideKind
    title: str
    subtitle: tuple[str, ...]
    blocks: tuple[Block, ...]


HR_GUIDE = GuideSpec(
    GuideKind.HR_GUIDE,
    "Guide RH – Votre Espace Entreprise OCSO",
    (
        "Affilier, suivre, dispenser, radier : l'essentiel pour gérer la complémentaire santé et la "
        "prévoyance de vos salarié(e)s.",
    ),
    (
        Heading("1. Vous connecter"),
        "Créez votre accès avec le numéro client que nos services vous ont adressé, puis connectez-vous avec "
        "votre adresse e-mail et votre mot de passe. Une double authentification (code reçu par e-mail ou "
        "par SMS) vous est demandée à la première connexion et à chaque nouveau navigateur ou appareil.",
        Heading("2. Affilier vos salarié(e)s"),
        "Affiliation simple : renseignez les 4 étapes de pré-affiliation et l'adresse e-mail sur laquelle "
        "vous souhaitez recevoir les demandes de dispense. Votre salarié(e) reçoit un lien par e-mail (à "
        "défaut un courrier postal) pour finaliser son affiliation : options, bénéficiaires, RIB et mandat "
        "SEPA. Vous pouvez demander à être notifié(e) par e-mail lorsqu'il ou elle a terminé.",
        "Affiliation en masse : importez depuis Mes salarié(e)s un fichier listant les salarié(e)s à "
        "affilier (le modèle se télécharge sur la page). Chacun(e) reçoit ensuite son lien.",
        "Affiliation complète : vous saisissez vous-même l'ensemble des informations (choix des options, "
        "bénéficiaires, RIB, mandat SEPA).",
        Heading("3. Suivre les statuts dans Mes salarié(e)s"),
        PdfTable(
            ("Statut", "Ce qu'il signifie", "Ce que vous pouvez faire"),
            (
                (
                    "En cours d'affiliation",
                    "Le lien est envoyé ; le salarié n'a encore rien fait (8 jours au plus).",
                    "Attendre : au-delà de 8 jours, il passe « à relancer ».",
                ),
                (
                    "À relancer",
                    "Aucune action du salarié 8 jours après l'envoi.",
                    "Le relancer par e-mail depuis sa fiche ou « Relancer tous », ou forcer son affiliation "
                    "au régime de base de l'entreprise.",
                ),
                (
                    "Affilié(e)",
                    "Le salarié est couvert.",
                    "Rien : il suit ses remboursements dans son Espace Santé Assuré.",
                ),
                (
                    "Dispensé(e)",
                    "Sa demande de dispense est acceptée.",
                    "Conserver le justificatif et surveiller sa date de fin.",
                ),
                ("Radié(e)", "Le salarié a quitté l'entreprise.", "Rien : ses droits sont fermés."),
                (
                    "En portabilité",
                    "L'ancien salarié reste couvert gratuitement.",
                    "La mentionner sur son certificat de travail.",
                ),
            ),
            (38, 66, 82),
        ),
        "Vous pouvez rechercher un(e) salarié(e), filtrer la liste par statut et l'exporter en entier.",
        Heading("4. Les dispenses d'affiliation"),
        "Toujours possibles (art. D911-2 du Code de la sécurité sociale) : couverture individuelle jusqu'à "
        "son échéance ; CDD ou contrat de mission couvert moins de 3 mois ; bénéficiaire de la "
        "complémentaire santé solidaire ; salarié déjà couvert par un régime collectif obligatoire, y "
        "compris comme ayant droit (contrat du conjoint, par exemple).",
        "La demande est écrite par le salarié : le cas de dispense, l'organisme qui le couvre et la date "
        "de fin de cette couverture, avec un justificatif. Gardez-le : une dispense non justifiée expose "
        "l'entreprise à un redressement URSSAF. Le registre des dispenses et leurs justificatifs se "
        "téléchargent d'un clic depuis Mes salarié(e)s.",
        Heading("5. Radier un(e) salarié(e) et la portabilité"),
        "Indiquez la date de sortie et le motif de départ : la portabilité est activée selon ce motif, "
        "et un e-mail informe le salarié de sa radiation et, le cas échéant, de ses droits à portabilité. "
        "Les droits sont gelés à partir de la date indiquée.",
        "Portabilité (art. L911-8) : gratuite pour l'ancien salarié lorsque la fin du contrat ouvre droit à "
        "l'assurance chômage (licenciement sauf faute lourde, rupture conventionnelle, fin de CDD, démission "
        "légitime) ; pas après une démission ordinaire ni un départ à la retraite. Sa durée est celle du "
        "dernier contrat, arrondie au mois supérieur, dans la limite de 12 mois. L'ancien salarié justifie "
        "de ses allocations chômage ; vous mentionnez la portabilité sur son certificat de travail.",
        Heading("6. Documents et demandes"),
        "Documents : composez le bulletin individuel d'adhésion, téléchargez les notices et descriptifs de "
        "garanties de vos contrats, les documents publiés pour vos structures et ces guides.",
        "Démarches : santé, prévoyance, affiliation, arrêts de travail, cotisations… envoyez vos demandes "
        "et suivez leurs réponses directement sur l'espace. Les indemnités journalières versées pour vos "
        "salarié(e)s en arrêt de travail se suivent dans Indemnités journalières.",
        CONTACT,
    ),
)

EMPLOYEE_GUIDE = GuideSpec(
    GuideKind.EMPLOYEE_GUIDE,
    "Guide salarié(e) – Votre complémentaire santé d'entreprise",
    ("À remettre à vos salarié(e)s : leur affiliation, leurs droits et leur Espace Santé Assuré.",),
    (
        Heading("Votre affiliation en quelques minutes"),
        "Votre employeur vous a inscrit(e) au contrat collectif de l'entreprise. Vous recevez un lien par "
        "e-mail (à défaut un courrier avec un code) : choisissez éventuellement une option, ajoutez vos "
        "bénéficiaires (conjoint, enfants), indiquez votre RIB et signez le mandat SEPA. Faites-le dans les "
        "8 jours : au-delà, votre employeur vous relance.",
        Heading("Vous êtes déjà couvert(e) ?"),
        "Vous pouvez demander une dispense, par exemple si vous êtes déjà couvert(e) par le contrat "
        "obligatoire de votre conjoint, si vous bénéficiez de la complémentaire santé solidaire, si vous "
        "avez une couverture individuelle jusqu'à son échéance ou un CDD de moins de 3 mois. Indiquez le "
        "cas, l'organisme et la date de fin de votre couverture, avec un justificatif : votre demande "
        "parvient à votre employeur. Sans dispense, l'affiliation est obligatoire.",
        Heading("Votre Espace Santé Assuré"),
        "Créez votre compte avec votre numéro d'adhérent (6 chiffres, sur votre courrier de bienvenue ou "
        "votre carte de tiers payant), votre date de naissance et votre numéro de sécurité sociale (carte "
        "Vitale). Votre mot de passe compte au moins 8 "
        "caractères, dont 1 majuscule et 1 chiffre. Vous y suivez vos remboursements, téléchargez votre "
        "carte de tiers payant, vos décomptes et documents, et envoyez vos démarches (devis, RIB, "
        "bénéficiaires, questions). L'application mobile OCSO donne accès au même compte.",
        Heading("Si vous quittez l'entreprise"),
        "Si la fin de votre contrat vous ouvre droit à l'assurance chômage, vous gardez gratuitement vos "
        "garanties santé et prévoyance (portabilité), pendant la durée de votre dernier contrat, dans la "
        "limite de 12 mois. Un e-mail vous en informe au moment de votre départ ; pensez à envoyer vos "
        "justificatifs d'allocations chômage.",
        "OCSO ne vous demandera jamais vos coordonnées bancaires par téléphone. Une question ? "
        f"{PHONE} ou support@ocso.fr.",
    ),
)

GUIDES: tuple[GuideSpec, ...] = (HR_GUIDE, EMPLOYEE_GUIDE)
