"""« Salarié concerné » in a démarche form of the Espace Employeur: a search box listing, as HR types, the
employees of the structure chosen in the form (name, year of birth, affiliation status), the one picked
with « Changer », and, for somebody not found (a new hire not registered yet), their name typed by hand.
Bound to ``EmployerRequestsState``; the ids are prefixed by the form's kind, unique on the page."""

from __future__ import annotations

import reflex as rx

from ocso_app import styles
from ocso_app.components.forms import field
from ocso_app.state.employer.requests import PICKS, SEARCHES
from ocso_app.state.employer.requests import EmployerRequestsState as S

DEBOUNCE_MS = 300

# The keyboard in the search (run in the browser, no event sent): Enter in the box never sends the démarche
# half filled, it goes to the first employee found; ↓ and ↑ walk the list (↑ from the first one goes back
# to the box), Échap goes back to the box; Enter on an employee picks them (a button's own Enter).
_KEYS = """(e) => {
  const box = e.currentTarget, input = box.querySelector('input');
  const items = [...box.querySelectorAll('ul button')], at = items.indexOf(document.activeElement);
  if (e.key === 'Enter' && e.target === input) { e.preventDefault(); items[0]?.focus(); }
  else if (e.key === 'ArrowDown' && items.length) {
    e.preventDefault(); items[Math.min(at + 1, items.length - 1)].focus();
  }
  else if (e.key === 'ArrowUp' && at >= 0) { e.preventDefault(); (at === 0 ? input : items[at - 1]).focus(); }
  else if (e.key === 'Escape' && at >= 0) { e.preventDefault(); input.focus(); }
}"""


def form_structure(kind: str) -> rx.Var:
    """The structure chosen in ``kind``'s form, read in the browser ('' when the form has no choice: the
    server takes the only one); only a wish, checked by the server."""
    return rx.Var(_js_expr=f"(document.getElementById('{kind}-structure')?.value ?? '')", _var_type=str)


def _match(kind: str, employee: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.button(
            rx.text(employee["name"], font_weight="600", color=styles.NAVY),
            rx.text(employee["hint"], size="1", color=styles.TEXT_MUTED),
            type="button",
            on_click=PICKS[kind](form_structure(kind), employee["id"]),
            aria_label="Choisir " + employee["name"] + ", " + employee["hint"],
            # a row as tall as a finger on a phone; the hint goes under the name when both do not fit
            style={
                "display": "flex",
                "flex_wrap": "wrap",
                "justify_content": "space-between",
                "align_items": "baseline",
                "column_gap": "1em",
                "width": "100%",
                "min_height": "44px",
                "padding": "0.4em 0.75em",
                "text_align": "left",
                "background": "none",
                "border": "none",
                "cursor": "pointer",
                "_hover": {"background": styles.SKY},
            },
        ),
        style={"border_bottom": f"1px solid {styles.RULE}"},
    )


def _search(kind: str) -> rx.Component:
    matches = S.matches[kind]
    return rx.vstack(
        rx.debounce_input(
            rx.input(
                id=f"{kind}-employee",
                name="employee_search",  # sent with the form and ignored: only the id picked counts
                type="search",
                placeholder="Tapez le début de son nom ou de son prénom",
                auto_complete="off",
                max_length=80,
                size="3",
                width="100%",
                on_change=lambda typed: SEARCHES[kind](form_structure(kind), typed),
            ),
            debounce_timeout=DEBOUNCE_MS,
        ),
        rx.cond(
            matches.length() > 0,
            rx.el.ul(
                rx.foreach(matches, lambda employee: _match(kind, employee)),
                id=f"{kind}-employee-matches",
                aria_label="Salariés trouvés",
                style={
                    "list_style": "none",
                    "margin": "0",
                    "padding": "0",
                    "width": "100%",
                    "border": f"1px solid {styles.BORDER}",
                    "border_radius": "8px",
                },
            ),
        ),
        spacing="1",
        width="100%",
        custom_attrs={"onKeyDown": rx.Var(_js_expr=_KEYS)},
    )


def _picked(kind: str) -> rx.Component:
    picked = S.picked[kind]
    return rx.hstack(
        rx.icon("user-check", size=18, color=styles.NAVY),
        rx.vstack(
            rx.text(picked["name"], font_weight="600", color=styles.NAVY),
            rx.text(picked["hint"], size="1", color=styles.TEXT_MUTED),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            "Changer",
            type="button",
            variant="soft",
            size="1",
            on_click=PICKS[kind](form_structure(kind), ""),
            aria_label="Changer de salarié",
        ),
        id=f"{kind}-employee-picked",
        role="group",
        aria_label="Salarié concerné : " + picked["name"],
        align="center",
        width="100%",
        style=styles.CARD,
        padding="0.6em 0.8em",
    )


def _by_hand(kind: str) -> rx.Component:
    """For somebody the list does not know: the name typed, kept as typed (OCSO looks for them)."""
    return rx.el.details(
        rx.el.summary("Salarié(e) non trouvé(e) : saisir son nom", style={"cursor": "pointer"}),
        rx.box(
            field(
                "Nom et prénom du salarié",
                "employee",
                id_=f"{kind}-employee-name",
                required=False,
                autocomplete="off",
                max_length=120,
                hint="Par exemple une embauche pas encore enregistrée : OCSO le recherchera.",
            ),
            padding_top="0.5em",
        ),
        style={"font_size": "0.9em", "width": "100%"},
    )


def employee_picker(kind: str) -> rx.Component:
    """The whole field; the form sends ``employee_id`` (the one picked) or ``employee`` (typed)."""
    picked = S.picked[kind]
    note = S.picker_notes[kind]
    return rx.vstack(
        rx.el.label("Salarié concerné", html_for=f"{kind}-employee", font_weight="600", font_size="0.95em"),
        rx.el.input(type="hidden", name="employee_id", value=picked["id"]),
        rx.cond(picked["id"] != "", _picked(kind), _search(kind)),
        rx.cond(note != "", rx.text(note, size="1", color=styles.TEXT_MUTED, role="status")),
        rx.cond(picked["id"] != "", rx.fragment(), _by_hand(kind)),
        spacing="1",
        width="100%",
    )
