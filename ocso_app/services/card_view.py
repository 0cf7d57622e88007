"""The carte de tiers payant as one self-contained HTML page (inline style, no script, no outside resource):
what the phone keeps when the member asks « Garder ma carte sur cet appareil », shown when it is offline.

Only the card's own content is in it (what a health professional reads on the paper card); every value is
escaped. Fetching it is audited: it is the moment the card is copied to a device.
"""

from __future__ import annotations

from datetime import date
from html import escape

from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.services import audit, tiers_payant
from ocso_app.services.errors import NOT_A_MEMBER, AccessDenied
from ocso_app.services.formats import format_short_date

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6fa;
color:#1c2434}
header{background:#14284b;color:#fff;padding:.8em 1em;font-weight:700}
main{max-width:34em;margin:0 auto;padding:1em}
.carte{background:#fff;border:1px solid #d5dbe6;border-radius:10px;padding:1em;border-top:6px solid #e8552b}
h1{font-size:1.25em;color:#14284b;margin:.2em 0 .6em}
h2{font-size:1em;color:#14284b;margin:1em 0 .3em}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3em .8em;margin:0}
dt{color:#5b6475}dd{margin:0;font-weight:600}
ul{list-style:none;padding:0;margin:0}li{padding:.25em 0;border-bottom:1px solid #e6e9f0}
.droits{background:#e8f1fb;border-left:4px solid #14284b;padding:.5em .7em;margin:0 0 .8em;font-weight:600}
.note{font-size:.9em;color:#5b6475;margin-top:1em}
a{color:#14284b}
"""


def _facts(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in pairs)


def card_html(session: Session, *, actor: audit.Actor, today: date) -> str:
    """``actor.member_id``'s card as a page (raises ``OcsoError`` when no cover runs today); audited."""
    if actor.member_id is None:
        raise AccessDenied(NOT_A_MEMBER)
    card = tiers_payant.card_for(session, member_id=actor.member_id, today=today)
    facts = _facts(
        [
            ("Assuré", card.holder),
            ("N° adhérent", card.member_number),
            ("N° AMC", card.amc_number),
            ("Validité", f"du {format_short_date(card.valid_from)} au {format_short_date(card.valid_to)}"),
            ("Tiers payant", card.operator),
            ("Organisme", card.insurer),
        ]
    )
    people = "".join(
        f"<li>{escape(b.name)} – rang {escape(b.rank)} – né(e) le {escape(b.birth_date)}</li>"
        for b in card.beneficiaries
    )
    domains = "".join(
        f"<li><strong>{escape(d.code)}</strong> {escape(d.label)} : {escape(d.coverage)}</li>"
        for d in card.domains
    )
    # the card page's banner: until when the rights run (portabilité, radiation), from the same Card
    note = card.rights_note.strip()
    rights = f'<p class="droits" role="note">{escape(note)}</p>' if note else ""
    audit.record_by(
        session, actor, event_type="Téléchargement", action="Carte de tiers payant gardée sur un appareil"
    )
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Carte de tiers payant | OCSO Santé</title><style>{STYLE}</style></head><body>"
        '<header>OCSO Santé</header><main><section class="carte" aria-labelledby="titre-carte">'
        '<h1 id="titre-carte">Carte de tiers payant</h1>'
        f"{rights}<dl>{facts}</dl><h2>Bénéficiaires</h2><ul>{people}</ul>"
        f"<h2>Domaines de soins</h2><ul>{domains}</ul></section>"
        f'<p class="note">Carte gardée sur cet appareil à votre demande ; elle en est effacée à votre '
        f'déconnexion. <a href="{routes.API_MEMBER_CARD_PDF.url()}">Ouvrir la carte en PDF</a></p>'
        "</main></body></html>"
    )
