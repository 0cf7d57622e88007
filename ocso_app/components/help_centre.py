"""OCSO's help answers as one block: a search box that filters as one types, and the questions whose answers
open one at a time. The members' « J'ai besoin d'aide » and the employers' « Poser une question » (guide 000:
« Retrouvez l'ensemble des réponses à vos questions ») draw it over their own state's entries."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.sections import accordion


def _entry(entry: rx.Var) -> rx.Component:
    return rx.accordion.item(
        header=entry.question,
        content=rx.text(entry.answer, white_space="pre-line", color=styles.TEXT),
        value=entry.id.to_string(),
    )


def help_answers(
    entries: rx.Var, on_search: rx.EventHandler, *, input_id: str, placeholder: str
) -> rx.Component:
    """``entries`` (``services.help.HelpEntry``) under a search box sending what is typed to ``on_search``."""
    return rx.vstack(
        rx.el.label("Rechercher dans l'aide", html_for=input_id, font_weight="600"),
        rx.debounce_input(  # one search when typing pauses (rx.input's own debounce_timeout is no prop)
            rx.input(
                id=input_id,
                placeholder=placeholder,
                on_change=on_search,
                type="search",
                size="3",
                width="100%",
            ),
            debounce_timeout=300,
        ),
        rx.cond(
            entries.length() > 0,
            accordion(rx.foreach(entries, _entry)),
            rx.text("Aucune réponse ne correspond à votre recherche.", color=styles.TEXT_MUTED),
        ),
        width="100%",
        spacing="3",
    )
