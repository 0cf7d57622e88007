"""J'ai besoin d'aide: member articles only, every word must match, accents and case do not matter."""

from ocso_app.models import Audience, HelpArticle
from ocso_app.services.help import search_help


def _articles(db):
    db.add_all(
        [
            HelpArticle(
                audience=Audience.MEMBER,
                topic="Carte",
                question="Comment obtenir ma carte de tiers payant ?",
                answer="Dans MES DOCUMENTS > CARTE DE TIERS PAYANT.",
                position=2,
            ),
            HelpArticle(
                audience=Audience.MEMBER,
                topic="Remboursements",
                question="Où consulter les remboursements reçus ?",
                answer="Dans MES REMBOURSEMENTS.",
                position=1,
            ),
            HelpArticle(
                audience=Audience.EMPLOYER,
                topic="Affiliation",
                question="Comment affilier un salarié ?",
                answer="Dans Assurés.",
                position=0,
            ),
        ]
    )
    db.flush()


def test_member_help_lists_member_articles_only(db):
    _articles(db)
    questions = {e.question for e in search_help(db, audience=Audience.MEMBER)}
    assert {
        "Où consulter les remboursements reçus ?",
        "Comment obtenir ma carte de tiers payant ?",
    } <= questions
    assert "Comment affilier un salarié ?" not in questions


def test_search_ignores_accents_and_case_and_needs_every_word(db):
    _articles(db)
    found = {e.question for e in search_help(db, audience=Audience.MEMBER, query="OU consulter RECUS")}
    assert found == {"Où consulter les remboursements reçus ?"}
    assert search_help(db, audience=Audience.MEMBER, query="carte salarié") == []
