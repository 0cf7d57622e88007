"""J'ai besoin d'aide: member articles only, every word must match, accents and case do not matter."""

import uuid

from ocso_app.models import Audience, HelpArticle
from ocso_app.services.help import search_help


def _articles(db) -> str:
    """Three articles whose questions end with a tag of their own (the demo data holds other articles);
    returns the tag."""
    tag = f"zq{uuid.uuid4().hex[:8]}"
    db.add_all(
        [
            HelpArticle(
                audience=Audience.MEMBER,
                topic="Carte",
                question=f"Comment obtenir ma carte de tiers payant {tag} ?",
                answer="Dans MES DOCUMENTS > CARTE DE TIERS PAYANT.",
                position=2,
            ),
            HelpArticle(
                audience=Audience.MEMBER,
                topic="Remboursements",
                question=f"Où consulter les remboursements reçus {tag} ?",
                answer="Dans MES REMBOURSEMENTS.",
                position=1,
            ),
            HelpArticle(
                audience=Audience.EMPLOYER,
                topic="Affiliation",
                question=f"Comment affilier un salarié {tag} ?",
                answer="Dans Assurés.",
                position=0,
            ),
        ]
    )
    db.flush()
    return tag


def test_member_help_lists_member_articles_only(db):
    tag = _articles(db)
    questions = {e.question for e in search_help(db, audience=Audience.MEMBER) if tag in e.question}
    assert questions == {
        f"Où consulter les remboursements reçus {tag} ?",
        f"Comment obtenir ma carte de tiers payant {tag} ?",
    }


def test_search_ignores_accents_and_case_and_needs_every_word(db):
    tag = _articles(db)
    found = search_help(db, audience=Audience.MEMBER, query=f"OU consulter RECUS {tag.upper()}")
    assert [e.question for e in found] == [f"Où consulter les remboursements reçus {tag} ?"]
    assert search_help(db, audience=Audience.MEMBER, query=f"carte salarié {tag}") == []
    assert search_help(db, audience=Audience.MEMBER, query=f"affilier {tag}") == []  # an employer article
