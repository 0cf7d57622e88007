"""The fiche salarié(e) (guide 003): identity and contact (editable), contract, option, status and its dates,
HR's actions (relancer par e-mail, the letter to post, forcer l'affiliation au régime de base), the suivi de
l'affiliation (where the dispense requests go, who is told when it is finished), the dispense
requests with their proof (accepter / refuser), the radiation (radier, or annuler a radiation recorded by
mistake) and the history of the status. Affiliation data only. A refused form (the identity, a dispense's
refusal) moves the focus to its field in error."""

import reflex as rx

from ocso_app import routes, styles
from ocso_app.components.affiliation_letter import affiliation_letter_button
from ocso_app.components.badges import affiliation_badge
from ocso_app.components.checked_form import checked_field, checked_select, error_props, field_error
from ocso_app.components.confirm import confirm_button
from ocso_app.components.downloads import download_link
from ocso_app.components.facts import fact
from ocso_app.components.focus import focus_key, refusal_focus
from ocso_app.components.forms import banner, link_button, one_file_picker, with_files
from ocso_app.components.radiation_dialog import radiation_dialog
from ocso_app.components.tables import Column, data_table
from ocso_app.state.demarches import upload_id
from ocso_app.state.employer.staff_record import RENEWAL_UPLOAD
from ocso_app.state.employer.staff_record import StaffRecordState as S
from ocso_app.templates import employer_page

COVER_COLUMNS = (
    Column("Contrat", "contract", header=True),
    Column("N° de contrat", "number", nowrap=True),
    Column("Garantie", "kind"),
    Column("Option", "option"),
    Column("Début", "start", nowrap=True),
    Column("Fin", "end", nowrap=True),
)
HISTORY_COLUMNS = (
    Column("Statut", "status", header=True),
    Column("À compter du", "effective_on", nowrap=True),
    Column("Enregistré le", "recorded_on", nowrap=True),
    Column("Par", "by"),
    Column("Précision", "note"),
)
IDENTITY_FORM, REFUSAL_FORM, CHOICES_FORM = (
    "identite-form",
    "refus-form",
    "suivi-form",
)  # ids: a refusal moves the focus in them
LETTER_NOTE = (
    "Chaque téléchargement crée un nouveau code et rend inutilisable celui des courriers précédents : "
    "postez uniquement le dernier courrier téléchargé."
)


def _section(title: str, *children: rx.Component, action: rx.Component | None = None) -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(title, as_="h2", size="4", color=styles.NAVY),
            action or rx.fragment(),
            justify="between",
            align="center",
            wrap="wrap",
            width="100%",
        ),
        *children,
        style=styles.CARD,
        spacing="3",
        width="100%",
    )


def _text(label: str, name: str, **props) -> rx.Component:
    return checked_field(label, name, S.personal, S.errors, **props)


def _edit_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                checked_select("Civilité", "civility", [("M.", "M."), ("Mme", "Mme")], S.personal, S.errors),
                rx.box(),
                _text("Nom", "last_name", max_length=80),
                _text("Prénom", "first_name", max_length=80),
                _text("Date de naissance", "birth_date", hint="jj/mm/aaaa", max_length=10),
                _text(
                    "N° de sécurité sociale",
                    "nir",
                    hint="Laissez vide pour garder le numéro enregistré",
                    autocomplete="off",
                    max_length=21,
                ),
                _text("Adresse e-mail", "email", type_="email", autocomplete="off"),
                _text("Adresse", "address_line", max_length=200),
                _text("Code postal", "postal_code", max_length=6, input_mode="numeric"),
                _text("Ville", "city", max_length=80),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="4",
                width="100%",
            ),
            rx.flex(
                rx.button("Enregistrer", type="submit", size="3"),
                rx.button("Annuler", type="button", variant="soft", size="3", on_click=S.edit(False)),
                spacing="3",
            ),
            refusal_focus(IDENTITY_FORM, S.refusals),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save_personal,
        id=IDENTITY_FORM,
        width="100%",
        custom_attrs=focus_key("identite"),  # opened by « Modifier », which it gives the focus back to
    )


def _identity() -> rx.Component:
    facts = rx.vstack(
        fact("Civilité", S.identity["civility"]),
        fact("Nom", S.identity["last_name"]),
        fact("Prénom", S.identity["first_name"]),
        fact("Date de naissance", S.identity["birth_date"]),
        fact("N° de sécurité sociale", S.identity["nir"]),
        fact("Adresse e-mail", S.identity["email"]),
        fact("Adresse postale", S.identity["address"]),
        spacing="1",
        width="100%",
    )
    edit = rx.cond(
        S.can_manage & ~S.editing,
        rx.button("Modifier", variant="soft", on_click=S.edit(True), custom_attrs=focus_key("identite")),
        rx.fragment(),
    )
    return _section("Informations personnelles", rx.cond(S.editing, _edit_form(), facts), action=edit)


def _affiliation() -> rx.Component:
    return _section(
        "Contrat et affiliation",
        rx.vstack(
            fact("Structure", S.identity["structure"]),
            fact("Catégorie de personnel", S.identity["category"]),
            fact("Date d'embauche", S.identity["hired_on"]),
            fact("Début de la couverture", S.identity["cover_start_on"]),
            fact("Invitation envoyée le", S.identity["invited_on"]),
            fact("Dernière relance", S.identity["last_reminder_on"]),
            fact("Date d'adhésion", S.identity["affiliated_on"]),
            fact("Date de radiation", S.identity["radiated_on"]),
            spacing="1",
            width="100%",
        ),
        data_table(S.covers, COVER_COLUMNS, empty="Aucun contrat enregistré.", size="1", label="Contrats"),
    )


def _choices_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            checked_field(
                "E-mail où recevoir les demandes de dispense",
                "dispense_email",
                S.choices,
                S.errors,
                type_="email",
                autocomplete="off",
                required=True,
            ),
            checked_field(
                "E-mail où être prévenu(e) de la fin de l'affiliation",
                "notify_email",
                S.choices,
                S.errors,
                type_="email",
                autocomplete="off",
                hint="Laissez vide pour ne pas être prévenu(e)",
            ),
            rx.flex(
                rx.button("Enregistrer", type="submit"),
                rx.button("Annuler", type="button", variant="soft", on_click=S.edit_choices(False)),
                spacing="3",
            ),
            refusal_focus(CHOICES_FORM, S.refusals),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save_choices,
        id=CHOICES_FORM,
        width="100%",
        custom_attrs=focus_key("suivi"),  # opened by « Modifier », which it gives the focus back to
    )


def _choices() -> rx.Component:
    """« Suivi de l'affiliation » (guide 003): where the dispense requests go and who is told when the
    employee has finished, chosen at the invitation and changed here while the affiliation is open."""
    facts = rx.vstack(
        fact("Demandes de dispense envoyées à", S.choices["dispense_email"]),
        fact(
            "Fin de l'affiliation",
            rx.cond(
                S.choices["notify_email"] != "",
                "prévenir " + S.choices["notify_email"].to(str),
                "personne n'est prévenu(e)",
            ),
        ),
        rx.cond(
            S.choices_note != "",
            rx.callout(S.choices_note, color_scheme="amber", width="100%"),
            rx.fragment(),
        ),
        spacing="1",
        width="100%",
    )
    edit = rx.cond(
        S.can_manage & ~S.editing_choices,
        rx.button(
            "Modifier",
            variant="soft",
            on_click=S.edit_choices(True),
            aria_label="Modifier le suivi de l'affiliation",
            custom_attrs=focus_key("suivi"),
        ),
        rx.fragment(),
    )
    return rx.cond(
        S.choices.length() > 0,
        _section("Suivi de l'affiliation", rx.cond(S.editing_choices, _choices_form(), facts), action=edit),
        rx.fragment(),
    )


def _actions() -> rx.Component:
    force = confirm_button(
        rx.button("Forcer l'affiliation au régime de base", variant="outline"),
        title="Forcer l'affiliation au régime de base",
        description=S.identity["force_note"],
        confirm="Confirmer l'affiliation",
        on_confirm=S.force_base,
    )
    return rx.cond(
        S.can_remind | S.can_force | (S.letter_href != ""),
        _section(
            "Affiliation en attente",
            rx.text(S.identity["pending_note"], color=styles.TEXT_MUTED),
            rx.flex(
                rx.cond(S.can_remind, rx.button("Relancer par e-mail", on_click=S.remind), rx.fragment()),
                rx.cond(
                    S.complete_href != "",
                    link_button("Saisir l'affiliation complète", href=S.complete_href, variant="soft"),
                    rx.fragment(),
                ),
                rx.cond(S.can_force, force, rx.fragment()),
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(
                S.letter_href != "",
                rx.vstack(
                    affiliation_letter_button(S.letter_href),
                    rx.text(LETTER_NOTE, size="2", color=styles.TEXT_MUTED),
                    spacing="1",
                ),
                rx.fragment(),
            ),
        ),
        rx.fragment(),
    )


def _refusal_form(row: rx.Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label("Motif du refus (envoyé au/à la salarié(e))", html_for="reason", font_weight="600"),
            rx.text_area(
                id="reason",
                name="reason",
                rows="3",
                max_length=500,
                width="100%",
                **error_props(S.errors, "reason"),
            ),
            field_error(S.errors, "reason"),
            rx.flex(
                rx.button("Confirmer le refus", type="submit", color_scheme="red"),
                rx.button("Annuler", type="button", variant="soft", on_click=S.start_refusal("")),
                spacing="3",
            ),
            refusal_focus(REFUSAL_FORM, S.refusals),
            spacing="2",
            width="100%",
        ),
        on_submit=S.refuse_dispense,
        id=REFUSAL_FORM,
        width="100%",
        # opened by « Refuser », which « Annuler » gives the focus back to
        custom_attrs=focus_key("refus-" + row["id"]),
    )


def _dispense(row: rx.Var) -> rx.Component:
    pending = row["decision_code"] == "demandee"
    return rx.vstack(
        rx.flex(
            rx.text(row["case"], font_weight="700"),
            rx.badge(
                row["decision"],
                color_scheme=rx.match(
                    row["decision_code"],
                    ("acceptee", "green"),
                    ("refusee", "red"),
                    ("sans_suite", "gray"),
                    "orange",
                ),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="2",
            width="100%",
        ),
        rx.text("Reçue le ", row["requested_on"], " · ", row["end_label"], " : ", row["ends_on"], size="2"),
        rx.cond(
            row["proof_href"] != "",
            download_link(row["proof"], href=row["proof_href"], icon=True),
            rx.text(row["proof"], size="2"),
        ),
        rx.cond(
            row["refusal_reason"] != "",
            rx.text("Motif du refus : ", row["refusal_reason"], size="2"),
            rx.fragment(),
        ),
        rx.cond(
            pending & S.can_manage,
            rx.cond(
                S.refusing == row["id"],
                _refusal_form(row),
                rx.flex(
                    rx.button(
                        "Accepter",
                        color_scheme="green",
                        on_click=S.accept_dispense(row["id"]),
                        aria_label="Accepter la demande de dispense : " + row["case"],
                    ),
                    rx.button(
                        "Refuser",
                        color_scheme="red",
                        variant="soft",
                        on_click=S.start_refusal(row["id"]),
                        aria_label="Refuser la demande de dispense : " + row["case"],
                        custom_attrs=focus_key("refus-" + row["id"]),
                    ),
                    spacing="3",
                ),
            ),
            rx.fragment(),
        ),
        border_bottom=f"1px solid {styles.RULE}",
        padding_bottom="0.75em",
        spacing="2",
        width="100%",
        # once decided, its buttons go: the focus stays on the request, which then reads its decision
        role="group",
        aria_label=row["case"],
        tab_index=-1,
        custom_attrs=focus_key("dispense-" + row["id"]),
    )


def _dispenses() -> rx.Component:
    return rx.cond(
        S.dispenses.length() > 0,
        _section("Demandes de dispense", rx.foreach(S.dispenses, _dispense)),
        rx.fragment(),
    )


def _renewal() -> rx.Component:
    """A dispense whose proof is renewed every year: when it is due (late: until when it may still be filed
    before the daily job ends the dispense), and, for a profile that manages the employees, the form filing
    the new one."""
    due = S.renewal["due_on"]
    return rx.cond(
        S.renewal.contains("due_on"),
        _section(
            "Justificatif annuel de la dispense",
            rx.text(S.renewal["case"], font_weight="600"),
            rx.cond(
                S.renewal["late"] != "",
                rx.vstack(
                    rx.text("Justificatif en retard depuis le ", due, color=styles.DANGER, font_weight="600"),
                    rx.text(
                        "À enregistrer au plus tard le ",
                        S.renewal["last_day"],
                        " : sinon, la dispense prend fin et le/la salarié(e) est invité(e) à s'affilier.",
                    ),
                    spacing="1",
                ),
                rx.text("Justificatif à renouveler avant le ", due),
            ),
            rx.cond(
                S.can_manage,
                rx.form(
                    rx.vstack(
                        one_file_picker(
                            upload_id(RENEWAL_UPLOAD),
                            "Le justificatif de cette année : PDF, JPEG ou PNG, 10 Mo au plus.",
                            name="le justificatif de dispense de cette année",
                        ),
                        rx.button("Enregistrer le nouveau justificatif", type="submit", width="fit-content"),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=with_files(upload_id(RENEWAL_UPLOAD), S.upload_renewal),
                    width="100%",
                ),
                rx.fragment(),
            ),
        ),
        rx.fragment(),
    )


def _radiation() -> rx.Component:
    """« Radier » for an employee still on the contract; the certificat de travail's wording once radiated."""
    return rx.fragment(
        rx.cond(
            S.can_radiate,
            _section(
                "Radiation",
                rx.text(
                    "À la sortie des effectifs : la portabilité est ouverte selon le motif de départ, le/la "
                    "salarié(e) est informé(e) par e-mail (sans adresse : remettez-lui le courrier de "
                    "radiation proposé ensuite ici) et ses droits sont gelés à la date indiquée.",
                    color=styles.TEXT_MUTED,
                ),
                rx.button(
                    "Radier",
                    on_click=S.start_radiation,
                    color_scheme="red",
                    variant="soft",
                    width="fit-content",
                ),
            ),
            rx.fragment(),
        ),
        rx.cond(
            S.certificate != "",
            _section(
                "Mention pour le certificat de travail",
                rx.text(S.certificate),
                rx.cond(
                    S.radiation_letter_href != "",
                    download_link(
                        "Télécharger le courrier de radiation", href=S.radiation_letter_href, icon=True
                    ),
                    rx.fragment(),
                ),
            ),
            rx.fragment(),
        ),
        _cancellation(),
        radiation_dialog(after=S.refresh),
    )


def _cancellation() -> rx.Component:
    """A radiation recorded by mistake: « Annuler la radiation » within 30 days, « contactez OCSO » after."""
    cancel = confirm_button(
        rx.button("Annuler la radiation", variant="outline", width="fit-content"),
        title="Annuler la radiation",
        description=(
            "Le/la salarié(e) retrouvera son statut d'avant la radiation, ses garanties et celles de ses "
            "bénéficiaires continueront sans interruption, et la portabilité éventuelle sera supprimée. "
            "Il/elle en sera informé(e) par e-mail."
        ),
        confirm="Confirmer l'annulation",
        on_confirm=S.cancel_radiation,
        dismiss="Garder la radiation",
    )
    note = rx.text(S.cancellation_note, color=styles.TEXT_MUTED)
    return rx.cond(
        S.can_cancel_radiation | (S.cancellation_note != ""),
        _section(
            "Radiation enregistrée par erreur ?",
            rx.cond(
                S.can_cancel_radiation,
                rx.fragment(
                    rx.text(
                        "Mauvais(e) salarié(e), démission retirée, mauvaise date : pendant 30 jours, vous "
                        "pouvez annuler cette radiation.",
                        color=styles.TEXT_MUTED,
                    ),
                    cancel,
                ),
                note,
            ),
        ),
        rx.fragment(),
    )


def _record() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(S.identity["name"], as_="h1", size="6", style=styles.SECTION_TITLE),
            affiliation_badge(S.identity["status"], S.identity["status_code"]),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        banner(S.error),
        banner(S.info, tone="success"),
        _actions(),
        _choices(),
        _identity(),
        _affiliation(),
        _dispenses(),
        _renewal(),
        _radiation(),
        _section(
            "Historique du statut",
            data_table(
                S.history,
                HISTORY_COLUMNS,
                empty="Aucun changement de statut enregistré.",
                size="1",
                label="Historique du statut",
            ),
        ),
        spacing="4",
        width="100%",
    )


@employer_page(route=routes.EMPLOYER_STAFF_RECORD, title="Fiche salarié(e)", on_load=S.load)
def employer_staff_record() -> rx.Component:
    """Fiche salarié(e)."""
    return rx.vstack(
        rx.link("← Mes salarié(e)s", href=routes.EMPLOYER_STAFF),
        rx.cond(
            S.found,
            _record(),
            rx.vstack(
                rx.heading("Fiche salarié(e)", as_="h1", size="6", style=styles.SECTION_TITLE),
                rx.text("Salarié(e) introuvable.", color=styles.TEXT_MUTED),
            ),
        ),
        spacing="4",
        width="100%",
    )
