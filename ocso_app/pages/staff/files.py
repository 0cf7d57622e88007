"""Rechercher un dossier (Espace OCSO), and the member's and the company's files. A member's health data
shows only below a reason picked from a list (the view is audited with it); a company's file ends with the
proofs of portabilité OCSO recorded for its former employees (``components.portability_proofs``)."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.confirm import confirmed_post
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import fact
from ocso_app.components.forms import banner, field, link_button, select_field, submit_button
from ocso_app.components.new_contract import new_contract_form
from ocso_app.components.portability_proofs import portability_proofs_card
from ocso_app.components.tables import Column, data_table
from ocso_app.services import client_files
from ocso_app.state.staff.files import StaffCompanyFileState as C
from ocso_app.state.staff.files import StaffMemberFileState as M
from ocso_app.state.staff.files import StaffSearchState as S
from ocso_app.templates import staff_page

# What the confirmation of each letter says will happen (its download changes the account).
PASSWORD_LETTER_WARNING = (
    "Un mot de passe provisoire remplacera le mot de passe actuel de l'adhérent, qui ne pourra plus se "
    "connecter avec l'ancien ; un e-mail l'en avertit. Le compte est déverrouillé et ses sessions fermées. "
    "Postez le courrier téléchargé à son adresse."
)
CODE_LETTER_WARNING = (
    "Un nouveau code de sécurité sera créé : le code de sécurité actuel ne vaudra plus, ni celui d'un "
    "courrier déjà envoyé. Postez le courrier téléchargé à l'entreprise."
)


def _open(row: rx.Var) -> rx.Component:
    return rx.link(
        "Ouvrir", href=row["href"], font_weight="600", aria_label="Ouvrir le dossier " + row["number"]
    )


RESULT_COLUMNS = (
    Column("Numéro", "number", header=True, nowrap=True),
    Column("Nom", "name"),
    Column("Précisions", "detail", title_shown=False),
    Column("Dossier", "href", render=_open, title_shown=False),
)


def _search_form(kind: str, label: str, hint: str, handler) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(
                field(label, "recherche", id_=f"recherche-{kind}", hint=hint, autocomplete="off"), flex="1"
            ),
            rx.button("Rechercher", type="submit", size="3"),
            align="end",
            width="100%",
        ),
        on_submit=handler,
        width="100%",
    )


@staff_page(route=routes.STAFF_FILES, title="Dossiers", on_load=S.load)
def staff_files() -> rx.Component:
    """Rechercher un dossier (staff)."""
    return rx.vstack(
        rx.hstack(
            rx.heading("Rechercher un dossier", as_="h1", size="6", style=styles.SECTION_TITLE),
            rx.cond(S.may_create_company, link_button("Nouvelle entreprise", href=routes.STAFF_NEW_COMPANY)),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        rx.cond(
            S.for_members,
            rx.box(
                _search_form(
                    "assure", "Assuré", "Numéro d'adhérent (6 chiffres) ou nom et prénom", S.search_members
                ),
                style=styles.CARD,
                width="100%",
            ),
        ),
        rx.cond(
            S.for_companies,
            rx.box(
                _search_form(
                    "entreprise", "Entreprise", "Numéro client, SIREN ou raison sociale", S.search_companies
                ),
                style=styles.CARD,
                width="100%",
            ),
        ),
        banner(S.error, tone="info"),
        rx.cond(S.results.length() > 0, data_table(S.results, RESULT_COLUMNS, empty="")),
        width="100%",
        spacing="4",
    )


def _card(title: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, as_="h2", size="4", color=styles.NAVY),
        *children,
        style=styles.CARD,
        width="100%",
        spacing="2",
    )


PEOPLE = (
    Column("Rang", "rank", header=True),
    Column("Nom", "name"),
    Column("Qualité", "quality"),
    Column("Né(e) le", "birth_date", nowrap=True),
    Column("Couverture", "covered"),
)


def _request_link(row: rx.Var) -> rx.Component:
    return rx.link(row["subject"], href=row["href"])


REQUESTS = (
    Column("Envoyée le", "date", nowrap=True),
    Column("Objet", "subject", render=_request_link),
    Column("Statut", "status"),
)


def _statement_pdf(row: rx.Var) -> rx.Component:
    return download_link("PDF", href=row["href"], aria_label="Décompte n° " + row["number"] + " en PDF")


def _document_file(row: rx.Var) -> rx.Component:
    return download_link("Ouvrir", href=row["href"], aria_label="Ouvrir le document " + row["title"])


PAYMENTS = (
    Column("Décompte", "number", header=True, nowrap=True),
    Column("Payé le", "paid_on", nowrap=True),
    Column("À", "payee"),
    Column("Montant OCSO", "amount", nowrap=True),
    Column("PDF", "href", render=_statement_pdf, title_shown=False),
)
DOCUMENTS = (
    Column("Document", "title", header=True),
    Column("Catégorie", "category"),
    Column("Publié le", "published_on", nowrap=True),
    Column("Lecture", "read"),
    Column("Fichier", "href", render=_document_file, title_shown=False),
)


def _health() -> rx.Component:
    reasons = list(client_files.REASONS.items())
    return _card(
        "Remboursements et documents",
        rx.cond(
            M.health_shown,
            rx.vstack(
                rx.text(
                    "Motif de la consultation : ",
                    rx.text.strong(M.reason),
                    " (inscrit au journal, comme chaque décompte ou document ouvert ; un document "
                    "ouvert ici reste non lu pour l'assuré).",
                    color=styles.TEXT_MUTED,
                ),
                rx.heading("Derniers décomptes", as_="h3", size="3"),
                data_table(M.payments, PAYMENTS, empty="Aucun décompte."),
                rx.heading("Documents publiés", as_="h3", size="3"),
                data_table(M.documents, DOCUMENTS, empty="Aucun document."),
                rx.button("Masquer", variant="soft", on_click=M.hide_health),
                width="100%",
                spacing="3",
            ),
            rx.form(
                rx.vstack(
                    rx.text(
                        "Ce sont des données de santé : indiquez pourquoi vous les consultez. Votre nom, "
                        "la date et le motif sont inscrits au journal et visibles par l'assuré dans Mon "
                        "historique.",
                        color=styles.TEXT_MUTED,
                    ),
                    select_field(
                        "Motif de la consultation",
                        client_files.REASON,
                        reasons,
                        id_=client_files.REASON,
                        first=("", "Choisir…"),
                        required=True,
                    ),
                    rx.button("Afficher les remboursements et documents", type="submit", size="3"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=M.show_health,
                width="100%",
            ),
        ),
    )


def _access() -> rx.Component:
    """The member's account, and the letter with a temporary password for a role that may send it."""
    a = M.access
    return _card(
        "Accès à l'Espace Santé Assuré",
        rx.cond(
            a["login"] != "",
            rx.vstack(
                fact("État du compte", a["status"]),
                fact("Identifiant", a["login"]),
                fact("E-mail du compte", a["email"]),
                fact("Dernière connexion", a["last_login"]),
                fact("Compte créé le", a["created_on"]),
                spacing="1",
                width="100%",
            ),
            rx.text(a["status"], color=styles.TEXT_MUTED),
        ),
        rx.cond(
            M.password_letter_href != "",
            rx.vstack(
                rx.text(
                    "L'assuré(e) ne peut pas utiliser « Mot de passe oublié » (plus d'accès à son e-mail) "
                    "ou son compte est verrouillé ? Téléchargez un courrier avec un mot de passe provisoire "
                    "(15 jours, à changer à la première connexion) et postez-le à son adresse : il remplace "
                    "le mot de passe actuel, déverrouille le compte et ferme ses sessions. L'assuré(e) en "
                    "est averti(e) par e-mail et le voit dans Mon historique.",
                    color=styles.TEXT_MUTED,
                ),
                confirmed_post(
                    "Courrier avec un mot de passe provisoire",
                    action=M.password_letter_href,
                    form_id="courrier-mot-de-passe",
                    title="Remplacer le mot de passe de l'adhérent ?",
                    description=PASSWORD_LETTER_WARNING,
                    confirm="Remplacer et télécharger le courrier",
                ),
                spacing="2",
                width="100%",
            ),
        ),
    )


@staff_page(
    route=routes.STAFF_MEMBER_FILE, title="Dossier assuré", on_load=M.load, menu_route=routes.STAFF_FILES
)
def staff_member_file() -> rx.Component:
    """Le dossier d'un assuré (staff)."""
    f = M.file
    return rx.vstack(
        rx.link("← Rechercher un dossier", href=routes.STAFF_FILES),
        banner(M.error),
        rx.cond(
            M.found,
            rx.vstack(
                rx.heading(f["name"], " – n° ", f["number"], as_="h1", size="6", style=styles.SECTION_TITLE),
                _card(
                    "Identité",
                    fact("Né(e) le", f["birth_date"]),
                    fact("N° de Sécurité sociale", f["nir"]),
                    fact("Adresse", f["address"]),
                    fact("E-mail", f["email"]),
                    fact("Téléphone", f["phone"]),
                    fact("IBAN", f["iban"]),
                ),
                _access(),
                _card("Contrat", fact("Contrat et option", f["contract"]), fact("Adhésion", f["adhesion"])),
                _card("Bénéficiaires", data_table(M.beneficiaries, PEOPLE, empty="Aucun bénéficiaire.")),
                _card("Démarches", data_table(M.requests, REQUESTS, empty="Aucune démarche.")),
                _health(),
                width="100%",
                spacing="4",
            ),
            # none found (a wrong or missing number): the page keeps its title
            rx.heading("Dossier assuré", as_="h1", size="6", style=styles.SECTION_TITLE),
        ),
        width="100%",
        spacing="4",
    )


STRUCTURES = (
    Column("Numéro client", "number", header=True, nowrap=True),
    Column("Structure", "name"),
    Column("SIREN", "siren"),
    Column("Ville", "city"),
)
CONTRACTS = (
    Column("Contrat", "number", header=True, nowrap=True),
    Column("Libellé", "label"),
    Column("Type", "kind"),
    Column("État", "status"),
    Column("Structure", "structure"),
)
USERS = (
    Column("Utilisateur", "name", header=True),
    Column("E-mail", "email"),
    Column("Profil", "profile"),
    Column("Structure", "structure"),
)
# A member's documents' columns with the structure, without the link: the agent sees what the company has
# and whether one of its users opened it.
COMPANY_DOCUMENTS = (*DOCUMENTS[:2], Column("Structure", "structure"), *DOCUMENTS[2:4])
# The bordereaux as the company's users read them on their Entreprise page, to answer their démarches.
CONTRIBUTIONS = (
    Column("Période", "period", header=True, nowrap=True),
    Column("Statut", "status", nowrap=True),
    Column("Contrat", "contract", nowrap=True),
    Column("Structure", "structure"),
    Column("Effectif", "headcount", nowrap=True),
    Column("Dû", "due", nowrap=True),
    Column("Réglé", "paid", nowrap=True),
    Column("Reste à régler", "remaining", nowrap=True),
    Column("Échéance", "due_on", nowrap=True),
    Column("Réf.", "reference", nowrap=True),
)
# Its employees' arrêts de travail as its users read them in Indemnités journalières (no medical reason).
SICK_LEAVES = (
    Column("Salarié", "employee", header=True),
    Column("Structure", "structure"),
    Column("Arrêt", "reference", nowrap=True),
    Column("Dates", "dates"),
    Column("Statut", "status", nowrap=True),
    Column("Indemnités journalières", "payments"),
)


def _security_code() -> rx.Component:
    """The letter with a new code de sécurité, for a company that lost its own (guide 000)."""
    return _card(
        "Code de sécurité",
        rx.text(
            "Le code n'est conservé que sous une forme irréversible : personne ne peut le relire. Pour une "
            "nouvelle entreprise cliente, ou une entreprise qui l'a perdu, "
            "téléchargez un courrier avec un nouveau code et postez-le : l'ancien code ne vaut plus dès le "
            "téléchargement.",
            color=styles.TEXT_MUTED,
        ),
        confirmed_post(
            "Courrier avec un nouveau code de sécurité",
            action=C.code_letter_href,
            form_id="courrier-code-securite",
            title="Remplacer le code de sécurité de l'entreprise ?",
            description=CODE_LETTER_WARNING,
            confirm="Remplacer et télécharger le courrier",
        ),
    )


def _manager() -> rx.Component:
    """The company's dedicated contact, read on its users' Accueil; named here by a role that may."""
    return _card(
        "Interlocuteur dédié",
        rx.text(
            rx.cond(
                C.manager != "",
                C.manager,
                "Aucun : les utilisateurs de l'entreprise voient les coordonnées des agences OCSO.",
            )
        ),
        banner(C.manager_info, tone="success"),
        rx.cond(
            C.managers.length() > 0,
            rx.form(
                rx.hstack(
                    select_field(
                        "Nommer l'interlocuteur dédié",
                        "manager",
                        C.managers,
                        first=("", "Aucun"),
                        default=C.manager_id,
                        id_="interlocuteur",
                    ),
                    submit_button("Enregistrer", width="auto"),
                    align="end",
                    spacing="3",
                    wrap="wrap",
                ),
                on_submit=C.name_manager,
                width="100%",
            ),
        ),
    )


@staff_page(
    route=routes.STAFF_COMPANY_FILE, title="Dossier entreprise", on_load=C.load, menu_route=routes.STAFF_FILES
)
def staff_company_file() -> rx.Component:
    """Le dossier d'une entreprise (staff)."""
    f = C.file
    return rx.vstack(
        rx.link("← Rechercher un dossier", href=routes.STAFF_FILES),
        banner(C.error),
        rx.cond(
            C.found,
            rx.vstack(
                rx.heading(f["name"], " – n° ", f["number"], as_="h1", size="6", style=styles.SECTION_TITLE),
                _card(
                    "Identité",
                    fact("SIREN", f["siren"]),
                    fact("Adresse", f["address"]),
                    fact("Contact", f["contact"]),
                    rx.cond(f["parent"] != "", fact("Entreprise principale", f["parent"])),
                ),
                _manager(),
                rx.cond(C.code_letter_href != "", _security_code()),
                _card("Structures", data_table(C.structures, STRUCTURES, empty="Aucune autre structure.")),
                _card("Contrats", data_table(C.contracts, CONTRACTS, empty="Aucun contrat.")),
                rx.cond(C.may_add_contract, new_contract_form()),
                _card(
                    "Utilisateurs de l'Espace Employeur",
                    data_table(C.users, USERS, empty="Aucun utilisateur."),
                ),
                _card(
                    "Documents publiés",
                    data_table(C.documents, COMPANY_DOCUMENTS, empty="Aucun document publié."),
                ),
                _card(
                    "Bordereaux de cotisations",
                    rx.text(
                        "Ceux des 24 derniers mois et ceux qui restent à régler, comme l'entreprise les "
                        "voit. Reste à régler : ",
                        rx.text.strong(f["left_to_pay"]),
                        ".",
                    ),
                    data_table(C.contributions, CONTRIBUTIONS, empty="Aucun bordereau."),
                ),
                _card(
                    "Arrêts de travail",
                    rx.cond(
                        C.sick_leaves.length() > 0,
                        rx.text(
                            f["sick_leave_count"],
                            " en tout ; les plus récents ci-dessous, comme l'entreprise les voit dans "
                            "Indemnités journalières.",
                        ),
                    ),
                    data_table(C.sick_leaves, SICK_LEAVES, empty="Aucun arrêt de travail."),
                ),
                portability_proofs_card(),
                width="100%",
                spacing="4",
            ),
            # none found (a wrong or missing number): the page keeps its title
            rx.heading("Dossier entreprise", as_="h1", size="6", style=styles.SECTION_TITLE),
        ),
        width="100%",
        spacing="4",
    )
