"""The member's yearly forfaits (used and left, a bar each) and the explanation of a décompte's lines: pieces
of Accueil, Mes remboursements and the simulation, fed with display-ready vars."""

import reflex as rx

from ocso_app import routes, styles


def _bar(percent: rx.Var) -> rx.Component:
    """How much of the forfait is used (``percent`` a string of 0 to 100)."""
    return rx.box(
        rx.box(width=percent + "%", height="100%", background=styles.NAVY, border_radius="4px"),
        role="img",
        aria_label="Forfait utilisé à " + percent + " %",
        width="100%",
        height="8px",
        background=styles.RULE,
        border_radius="4px",
    )


def _forfait(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(row["label"], font_weight="700", color=styles.NAVY),
            rx.text(row["who"], color=styles.TEXT_MUTED, size="2"),
            justify="between",
            width="100%",
            wrap="wrap",
        ),
        _bar(row["percent"]),
        rx.hstack(
            rx.text(
                "Reste ", rx.text.strong(row["left"], data_forfait_left=row["label"]), " sur ", row["total"]
            ),
            rx.text("utilisé : ", row["used"], color=styles.TEXT_MUTED, size="2"),
            justify="between",
            width="100%",
            wrap="wrap",
        ),
        rx.text(row["rule"], " – ", row["scope"], color=styles.TEXT_MUTED, size="1"),
        spacing="1",
        width="100%",
        padding_y="0.4em",
        border_bottom=f"1px solid {styles.RULE}",
    )


def _forfait_line(row: rx.Var) -> rx.Component:
    """One forfait on Accueil; at 320 px « reste 800,00 € / 800,00 € » goes under a long label, on the right,
    rather than past the card."""
    return rx.hstack(
        rx.text(row["label"], " · ", row["who"], flex="1", size="2"),
        rx.text(
            "reste ",
            rx.text.strong(row["left"]),
            " / ",
            row["total"],
            size="2",
            white_space="nowrap",
            margin_left="auto",
        ),
        wrap="wrap",
        width="100%",
        border_bottom=f"1px solid {styles.RULE}",
        padding_y="0.25em",
    )


def forfaits_card(rows: rx.Var, *, compact: bool = False, on_simulation: bool = False) -> rx.Component:
    """« Mes forfaits de l'année »: each yearly forfait per beneficiary (or family); on Accueil (``compact``)
    a link to Mes remboursements, elsewhere one to the simulation (none on the simulation itself)."""
    if compact:
        link = rx.link("Voir le détail de mes remboursements", href=routes.MEMBER_REIMBURSEMENTS)
    elif on_simulation:
        link = rx.fragment()
    else:
        link = rx.link("Simuler un remboursement", href=routes.MEMBER_SIMULATION)
    return rx.cond(
        rows.length() > 0,
        rx.vstack(
            rx.heading("Mes forfaits de l'année", as_="h2", size="4", color=styles.NAVY),
            rx.text(
                "Ce qu'il reste de vos forfaits annuels (optique, aides auditives, médecines douces) "
                "jusqu'au 31 décembre.",
                size="2",
                color=styles.TEXT_MUTED,
            ),
            rx.vstack(rx.foreach(rows, _forfait_line), spacing="0", width="100%")
            if compact
            else rx.grid(
                rx.foreach(rows, _forfait),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
                width="100%",
            ),
            link,
            style=styles.CARD,
            spacing="2",
            id="forfaits",
        ),
        rx.fragment(),
    )


def _explanation(item: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(item.title, font_weight="600", size="2"),
        rx.unordered_list(
            rx.foreach(item.steps, lambda step: rx.list_item(step, size="2")), padding_left="1em"
        ),
        spacing="1",
        width="100%",
    )


def explanation_list(items: rx.Var, *, heading: str = "Le détail de chaque ligne") -> rx.Component:
    """How each euro came about, line by line (the same sentences as the décompte PDF)."""
    return rx.cond(
        items.length() > 0,
        rx.vstack(
            rx.text(heading, font_weight="700", color=styles.NAVY),
            rx.foreach(items, _explanation),
            background=styles.SKY,
            border_radius="8px",
            padding="0.8em",
            width="100%",
            spacing="2",
            data_testid="explications",
        ),
        rx.fragment(),
    )
