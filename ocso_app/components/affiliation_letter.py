"""The courrier d'affiliation to post to an employee without an e-mail address, asked from the fiche
salarié(e) and from the affiliation wizard's last step: each letter draws a new code and revokes the one
already posted, so it is a button that confirms, then POSTs to ``routes.API_EMPLOYER_AFFILIATION_LETTER``
(``confirm.confirmed_post``), never a link."""

import reflex as rx

from ocso_app.components.confirm import confirmed_post

WARNING = (
    "Un nouveau code sera créé pour ce/cette salarié(e) : le code du courrier déjà remis ne vaudra plus. "
    "Postez uniquement le courrier que vous allez télécharger."
)


def affiliation_letter_button(href: rx.Var[str]) -> rx.Component:
    """« Télécharger le courrier d'affiliation », confirmed, then posted to ``href`` (the letter's route)."""
    return confirmed_post(
        "Télécharger le courrier d'affiliation",
        action=href,
        form_id="courrier-affiliation",
        title="Créer un nouveau code d'affiliation ?",
        description=WARNING,
        confirm="Créer le code et télécharger le courrier",
    )
