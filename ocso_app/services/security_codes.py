"""A company's code de sécurité anew (guide 000: the account is created with the numéro client, the SIREN
and « le code de sécurité transmis par courrier » ; « si vous ne connaissez pas ces éléments, faites-en la
demande à support@ocso.fr »). The code is kept hashed, so nobody at OCSO can read it back: an agent who may
change companies downloads a letter to post to the company, carrying a new code; the previous one stops
working at once, and the download is audited (never the code). The company's users keep their accounts."""

from __future__ import annotations

import dataclasses
import re
import secrets
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from sqlalchemy.orm import Session

from ocso_app import routes
from ocso_app.config import settings
from ocso_app.models import Company
from ocso_app.services import audit
from ocso_app.services.formats import paris_date
from ocso_app.services.passwords import hash_password
from ocso_app.services.pdf_drawing import Letter, facts_table, letter_head, paragraph_styles, render_pdf

EVENT_TYPE = "Code de sécurité"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O nor 1/I: it is typed from a letter


def canonical_code(typed: str) -> str:
    """A code as it is kept (hashed) and checked: upper case, letters and digits only, so that « k7p 42q » or
    « K7P42Q » typed from the letter's « K7P-42Q » opens as well."""
    return re.sub(r"[^0-9A-Z]", "", (typed or "").upper())


def new_code() -> str:
    """``K7P-42Q``: seven characters a person copies without doubt, in two groups."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def new_code_letter(session: Session, *, company_id: int, actor: audit.Actor, now: datetime) -> Letter | None:
    """A new code for the company (the old one revoked), in the letter to post; ``None`` for no company."""
    company = session.get(Company, company_id)
    if company is None:
        return None
    code = new_code()
    company.security_code_hash = hash_password(canonical_code(code))
    audit.record_by(
        session,
        dataclasses.replace(actor, company_id=company.id),
        event_type=EVENT_TYPE,
        action=f"Nouveau code de sécurité de {company.name} (n° client {company.client_number}) : courrier "
        "téléchargé, l'ancien code ne vaut plus",
    )
    return Letter(_pdf(company, code, now), f"code-securite-{company.client_number}.pdf")


def _pdf(company: Company, code: str, now: datetime) -> bytes:
    s = paragraph_styles()
    recipient = (company.name, company.address_line, f"{company.postal_code} {company.city}")
    story = [
        *letter_head(recipient, paris_date(now), s),
        Paragraph("Votre code de sécurité pour l'Espace Employeur OCSO", s["heading"]),
        Paragraph(
            "Madame, Monsieur, pour créer le compte de votre entreprise dans l'Espace Employeur OCSO, ou "
            "pour y ajouter une structure, saisissez les trois éléments ci-dessous. Ce code remplace celui "
            "de nos courriers précédents, qui ne vaut plus.",
            s["normal"],
        ),
        Spacer(1, 4 * mm),
        facts_table(
            [
                ("Espace Employeur", f"{settings().public_url}{routes.EMPLOYER_REGISTER}"),
                ("Numéro client", company.client_number),
                ("SIREN", company.siren),
                ("Code de sécurité", code),
            ],
            widths=(45 * mm, 110 * mm),
            align="LEFT",
        ),
        Spacer(1, 6 * mm),
        Paragraph(
            "Gardez ce courrier en lieu sûr : le code permet d'ouvrir l'accès aux données de vos salariés. "
            "Une question : 05 56 34 36 66 ou support@ocso.fr.",
            s["muted"],
        ),
    ]
    return render_pdf(story, title="Votre code de sécurité OCSO")
