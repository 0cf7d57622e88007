"""The editorial content of the demo: news items and the help centre's questions and answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PHISHING_WARNING = (
    "Attention ! OCSO ne vous demandera jamais de communiquer ou de confirmer vos données bancaires par "
    "téléphone ! Méfiez-vous du démarchage téléphonique. Au moindre doute n'hésitez pas à prendre contact "
    "avec nous au 05.56.34.36.66"
)


@dataclass(frozen=True)
class NewsSpec:
    """A news item; dates are days relative to the load day (``expires_in`` ``None``: never expires)."""

    audience: str
    title: str
    body: str
    is_alert: bool
    published_ago: int
    expires_in: int | None = None

    def dates(self, today: date) -> tuple[date, date | None]:
        """(published_on, expires_on) for a load made on ``today``."""
        expires = None if self.expires_in is None else today + timedelta(days=self.expires_in)
        return today - timedelta(days=self.published_ago), expires


NEWS: tuple[NewsSpec, ...] = (
    NewsSpec("member", "Démarchage téléphonique frauduleux", PHISHING_WARNING, True, 20),
    NewsSpec(
        "member",
        "100 % Santé : lunettes, prothèses dentaires et aides auditives sans reste à charge",
        "Les équipements du panier 100 % Santé sont intégralement remboursés par la Sécurité sociale et "
        "votre contrat OCSO. Demandez à votre opticien, dentiste ou audioprothésiste un devis comprenant "
        "au moins une offre 100 % Santé, puis envoyez-le depuis MES DÉMARCHES > ENVOI DE DOCUMENTS pour "
        "recevoir une simulation de remboursement.",
        False,
        45,
    ),
    NewsSpec(
        "member",
        "Votre carte de tiers payant sur l'application OCSO SANTÉ",
        "Téléchargez l'application OCSO SANTÉ sur l'App Store ou Google Play : avec vos identifiants "
        "habituels, vous affichez votre carte de tiers payant, suivez vos remboursements et envoyez vos "
        "documents en photo.",
        False,
        90,
    ),
    NewsSpec(
        "member",
        "Consultation chez le médecin généraliste : 30 €",
        "Le tarif de la consultation chez le médecin généraliste est passé à 30 €. La Sécurité sociale "
        "rembourse 70 % de ce tarif, moins la participation forfaitaire de 2 € ; votre contrat OCSO prend "
        "en charge le ticket modérateur.",
        False,
        300,
    ),
    NewsSpec(
        "member",
        "Fermeture exceptionnelle de nos bureaux",
        "Nos bureaux de Mérignac et de Bayonne étaient exceptionnellement fermés le jour de l'inventaire.",
        False,
        120,
        expires_in=-100,
    ),
    NewsSpec(
        "employer",
        "Affiliez vos salarié(e)s en ligne",
        "Depuis la rubrique Mes salarié(e)s, pré-affiliez un(e) salarié(e) en 4 étapes : il ou elle "
        "reçoit un lien pour compléter son affiliation. Sans action de sa part après 8 jours, son statut "
        "passe à « à relancer » et vous pouvez lui envoyer une relance.",
        False,
        30,
    ),
    NewsSpec(
        "employer",
        "Bordereaux de cotisations du trimestre",
        "Vos bordereaux de cotisations du dernier trimestre sont disponibles. Transmettez vos bordereaux "
        "échus ou de régularisation depuis Démarches > Règlement des cotisations.",
        False,
        10,
    ),
    NewsSpec(
        "introducer",
        "Nouveaux descriptifs de garanties",
        "Les descriptifs de garanties des formules Essentielle et Confort ont été mis à jour pour l'année "
        "en cours ; retrouvez-les sur la fiche de chaque entreprise de votre portefeuille.",
        False,
        15,
    ),
)


@dataclass(frozen=True)
class HelpSpec:
    """A question of the help centre (« J'ai besoin d'aide ») and its answer."""

    audience: str
    topic: str
    question: str
    answer: str


HELP_ARTICLES: tuple[HelpSpec, ...] = (
    HelpSpec(
        "member",
        "Remboursements",
        "Où consulter les remboursements reçus ?",
        "Ouvrez la rubrique MES REMBOURSEMENTS. Choisissez les dates des soins (Soins du… Au…), un "
        "bénéficiaire ou une nature d'acte, puis cliquez sur « Rechercher » : les totaux portent sur ces "
        "soins, et la liste montre les paiements qui les comprennent. Chaque ligne indique la date du "
        "paiement, son destinataire (vous-même, ou VIAMEDIS lorsque le professionnel de santé a été payé "
        "en tiers payant) et le montant versé ; la flèche ▼ affiche le détail de chaque acte : dépense, "
        "base de remboursement, part Sécurité sociale, part OCSO et reste à charge. Vous pouvez "
        "télécharger les décomptes en PDF. Vos derniers remboursements figurent aussi sur la page "
        "ACCUEIL.",
    ),
    HelpSpec(
        "member",
        "Carte de tiers payant",
        "Comment obtenir ma carte de tiers payant ?",
        "Sur la page ACCUEIL, cliquez sur « Télécharger carte de tiers payant » : la carte s'ouvre au "
        "format PDF. Elle est aussi disponible dans MES DOCUMENTS > CARTE DE TIERS PAYANT et dans "
        "l'application mobile OCSO SANTÉ, d'où vous pouvez l'envoyer par e-mail à un professionnel de "
        "santé. Présentez-la avec votre carte Vitale pour ne pas avancer la part prise en charge par "
        "votre contrat.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "Comment créer mon compte ?",
        "Sur la page de connexion, cliquez sur « Créer un compte ». Saisissez votre numéro d'adhérent (6 "
        "chiffres, indiqué sur votre courrier de bienvenue et sur votre carte de tiers payant), votre "
        "date de naissance et votre numéro de sécurité sociale (15 chiffres, sur votre carte Vitale). "
        "Si vous indiquez une adresse e-mail, vous y recevez un mot de passe temporaire ; sans adresse "
        "e-mail, contactez support@ocso.fr pour l'obtenir. Par sécurité, OCSO vous confirme "
        "l'ouverture du compte par courrier si vous ne lui aviez pas encore donné d'adresse e-mail. "
        "À la première connexion, choisissez votre mot de passe : 8 caractères minimum, dont 1 majuscule "
        "et 1 chiffre.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "J'ai oublié mon mot de passe",
        "Cliquez sur « Mot de passe oublié » sous le formulaire de connexion et saisissez votre numéro "
        "d'adhérent. Un lien de réinitialisation, valable 24 heures et utilisable une seule fois, est "
        "envoyé à l'adresse e-mail de votre compte. Si aucune adresse e-mail n'est enregistrée, appelez "
        "le 05 56 34 36 66 ou écrivez à support@ocso.fr. Après plusieurs essais erronés, la connexion est "
        "temporairement bloquée pour protéger votre compte.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment envoyer un document ?",
        "Dans MES DÉMARCHES, ouvrez ENVOI DE DOCUMENTS, choisissez le type de document (acte de naissance, "
        "attestation de Sécurité sociale, certificat de scolarité, devis, facture, décompte…), joignez le "
        "fichier (PDF, JPEG ou PNG) et validez. Il est transmis directement au service Prestations. Votre "
        "envoi apparaît aussitôt dans « Mes dernières démarches » et dans MON HISTORIQUE. Depuis "
        "l'application mobile, vous pouvez aussi photographier le document.",
    ),
    HelpSpec(
        "member",
        "Coordonnées",
        "Comment modifier mes coordonnées bancaires ?",
        "Dans MES INFORMATIONS, cliquez sur « Modifier mes coordonnées bancaires » (ou passez par MES "
        "DÉMARCHES > MODIFICATION DES COORDONNÉES BANCAIRES). Par sécurité, votre mot de passe vous est "
        "redemandé. Saisissez le nouvel IBAN et le BIC et joignez un RIB à votre nom : vos remboursements "
        "seront versés sur ce compte dès sa vérification par nos services. OCSO ne vous demandera jamais "
        "vos coordonnées bancaires par téléphone.",
    ),
    HelpSpec(
        "member",
        "Coordonnées",
        "J'ai changé de banque, d'adresse postale,… où indiquer ces nouvelles informations ?",
        "Votre adresse, votre téléphone et votre e-mail se modifient dans MES INFORMATIONS. Pour une "
        "nouvelle banque, utilisez « Modifier mes coordonnées bancaires » dans MES INFORMATIONS. Pensez "
        "aussi à prévenir votre caisse d'Assurance Maladie (ameli.fr) pour la part Sécurité sociale.",
    ),
    HelpSpec(
        "member",
        "Remboursements",
        "Comment connaître le montant pris en charge par ma mutuelle ?",
        "Votre tableau de garanties est dans MES DOCUMENTS > DESCRIPTIFS DES GARANTIES. Les garanties "
        "s'expriment en pourcentage de la base de remboursement de la Sécurité sociale (par exemple "
        "« 200 % BR », Sécurité sociale incluse) ou en forfait (par exemple « forfait 150 €/an » en "
        "optique). Pour une dépense importante (optique, dentaire, audition, hospitalisation), envoyez le "
        "devis depuis MES DÉMARCHES > ENVOI DE DOCUMENTS : une simulation de remboursement vous sera "
        "déposée dans MES DOCUMENTS.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment ajouter ou retirer un bénéficiaire ?",
        "Dans MES DÉMARCHES, ouvrez MODIFICATION DES BÉNÉFICIAIRES. Pour ajouter un enfant, joignez son "
        "acte de naissance ou la copie du livret de famille ; pour un conjoint, un justificatif (acte de "
        "mariage, PACS ou attestation de vie commune) et son attestation de Sécurité sociale. Les "
        "bénéficiaires enregistrés figurent dans MES INFORMATIONS > Mes bénéficiaires.",
    ),
    HelpSpec(
        "member",
        "Démarches",
        "Comment demander une prise en charge pour une hospitalisation ?",
        "Dans MES DÉMARCHES, choisissez DEMANDE DE PRISE EN CHARGE POUR UNE HOSPITALISATION et indiquez "
        "l'établissement, la date d'entrée et le service. Nous adressons directement l'accord de prise en "
        "charge à l'établissement, pour que vous n'avanciez pas les frais couverts par votre contrat.",
    ),
    HelpSpec(
        "member",
        "Mon compte",
        "Que contient la rubrique MON HISTORIQUE ?",
        "MON HISTORIQUE retrace les actions faites sur votre Espace Santé Assuré et sur l'application "
        "OCSO SANTÉ : connexions, déconnexions, envois de documents, modifications. Filtrez par période ou "
        "par type d'action. Si vous y voyez une connexion que vous ne reconnaissez pas, changez votre mot "
        "de passe et contactez-nous au 05 56 34 36 66.",
    ),
    HelpSpec(
        "member",
        "Application mobile",
        "Découvrir l'application mobile OCSO SANTÉ",
        "L'application OCSO SANTÉ (App Store et Google Play) reprend votre Espace Santé Assuré avec les "
        "mêmes identifiants : remboursements, carte de tiers payant (à télécharger ou à envoyer par e-mail "
        "à un professionnel de santé), démarches avec photo des justificatifs et documents.",
    ),
    HelpSpec(
        "employer",
        "Mon compte",
        "Comment créer le compte employeur de ma société ?",
        "Cliquez sur « Créer un compte » et renseignez le numéro client OCSO de votre société, son numéro "
        "SIREN et le code de sécurité transmis par courrier lors de la mise en place de vos premiers "
        "contrats, puis les nom, prénom, téléphone, fonction et adresse e-mail de l'utilisateur. Le premier "
        "utilisateur devient l'utilisateur principal de la structure. Sans ces éléments, écrivez à "
        "support@ocso.fr.",
    ),
    HelpSpec(
        "employer",
        "Entreprise",
        "Pourquoi un de mes contrats n'apparaît-il pas ?",
        "Seuls les régimes pour lesquels vous nous avez retourné le contrat signé apparaissent dans la "
        "rubrique Entreprise. Transmettez l'exemplaire signé depuis Démarches : le contrat s'affichera dès "
        "son enregistrement.",
    ),
    HelpSpec(
        "employer",
        "Assurés",
        "Quand relancer un salarié ?",
        "Un salarié pré-affilié reste « en cours d'affiliation » 8 jours au plus. Sans action de sa part "
        "après 8 jours, il passe « à relancer » : ouvrez sa fiche depuis Mes salarié(e)s (filtre « À "
        "relancer ») ou depuis l'Accueil pour lui renvoyer le lien d'affiliation par e-mail, ou forcez son "
        "affiliation au régime de base de votre entreprise.",
    ),
    HelpSpec(
        "employer",
        "Assurés",
        "Comment reprendre une affiliation que j'ai commencée ?",
        "Un salarié enregistré par « Saisir l'affiliation complète » sans que vous l'ayez terminée, ou dont "
        "l'invitation n'est jamais partie, figure sur la page Accueil, dans « Affiliations à relancer ou à "
        "reprendre ». Cliquez sur « Ouvrir la fiche pour reprendre » : sa fiche propose de saisir "
        "l'affiliation complète ou de lui envoyer son lien d'affiliation par e-mail.",
    ),
    HelpSpec(
        "employer",
        "Assurés",
        "Que se passe-t-il quand je radie un salarié ?",
        "Depuis Assurés ou sa fiche, « Radier » demande la date de départ et le motif. Si le motif ouvre "
        "droit à la portabilité (licenciement, rupture conventionnelle, fin de CDD…) et que le salarié est "
        "indemnisé par France Travail, ses garanties sont maintenues sans cotisation pour une durée égale à "
        "son dernier contrat, dans la limite de 12 mois (article L911-8 du Code de la Sécurité sociale) ; "
        "le salarié en est informé par e-mail et la portabilité apparaît sur votre page Accueil jusqu'à sa "
        "fin.",
    ),
    HelpSpec(
        "employer",
        "Indemnités journalières",
        "Où trouver les décomptes d'indemnités journalières ?",
        "Dans INDEMNITÉS JOURNALIÈRES (contrats Prévoyance incapacité), chaque arrêt de travail indique les "
        "indemnités versées ; téléchargez le décompte de chaque règlement en PDF. Cette rubrique est "
        "ouverte aux profils Administrateur, Consultation et Arrêts de travail.",
    ),
    HelpSpec(
        "employer",
        "Documents",
        "Comment obtenir un bulletin individuel d'adhésion ?",
        "Dans DOCUMENTS, composez le bulletin individuel d'adhésion (BIA) : choisissez le contrat, les "
        "options proposées et le mode de prélèvement de leur cotisation, puis téléchargez le PDF à remettre "
        "au salarié. Les documents que nous publions pour votre structure y sont marqués « Nouveau » tant "
        "qu'aucun utilisateur de la structure ne les a ouverts.",
    ),
    HelpSpec(
        "employer",
        "Administration",
        "Comment donner accès à un collègue ?",
        "L'utilisateur principal de la structure ouvre ADMINISTRATION, ajoute l'utilisateur (adresse "
        "e-mail, téléphone, nom, prénom, fonction) et lui donne un profil par structure : Administrateur, "
        "Gestion des salariés, Consultation, Arrêts de travail ou Cotisations. Un nouveau collègue reçoit "
        "par e-mail un mot de passe temporaire à changer à la première connexion ; un collègue qui a déjà "
        "un compte est prévenu de ses nouveaux accès. Pour ajouter une structure, il faut son numéro "
        "client, son SIREN et son code de sécurité.",
    ),
    HelpSpec(
        "introducer",
        "Portefeuille",
        "Quelles entreprises vois-je dans mon espace ?",
        "Votre espace apporteur d'affaires présente les entreprises de votre portefeuille, leurs contrats "
        "signés et leurs effectifs. Pour rattacher une nouvelle entreprise, contactez votre interlocuteur "
        "OCSO.",
    ),
    HelpSpec(
        "introducer",
        "Portefeuille",
        "Que montre le détail d'une entreprise ?",
        "« Voir le détail » affiche, pour l'entreprise choisie, ses contrats signés en cours, ses effectifs "
        "par statut d'affiliation (affiliés, en cours, dispensés, en portabilité…), ses derniers bordereaux "
        "de cotisations et ses démarches en cours auprès d'OCSO. Vous n'y voyez jamais les remboursements "
        "ni les données de santé des salariés.",
    ),
)
