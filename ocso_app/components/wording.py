"""French wording built in the browser from a var: « de » elided before a vowel (« Fiche d'ADAM David »,
« Fiche de MOREAU Jacques »), for the names the lists' links and buttons are labelled with, and a count with
its noun agreed (« 1 ligne valide », « 3 lignes valides »; ``services.formats.counted`` on the server)."""

from __future__ import annotations

import reflex as rx

from ocso_app.services.formats import ELIDING


def of(before: str, name: rx.Var) -> rx.Var:
    """``before`` + « de » or « d' » + ``name``: « Détail santé d'ADAM David » (``formats.of`` on the
    server)."""
    text = name.to(str)
    initial = text.lower()[0:1]
    elided = (initial != "") & rx.Var.create(ELIDING).contains(initial)
    return before + rx.cond(elided, " d'", " de ") + text


def counted(count: rx.Var[int], singular: str, plural: str) -> rx.Var:
    """« 1 ligne valide », « 3 lignes valides » (French takes the singular below 2), in the browser."""
    return count.to_string() + rx.cond(count > 1, " " + plural, " " + singular)
