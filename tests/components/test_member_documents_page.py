"""Mes documents' link to J'ai besoin d'aide promises only what the help centre holds: written answers to
frequent questions, no tutorials (none exists)."""

import json

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.pages.member.documents import member_documents


def _texts(node) -> list[str]:
    """The literal texts of a rendered tree (its ``contents``, JSON strings with accents escaped)."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "contents" and isinstance(value, str) and value.startswith('"'):
                found.append(json.loads(value))
            else:
                found += _texts(value)
        return found
    if isinstance(node, list | tuple):
        return [text for item in node for text in _texts(item)]
    return []


def test_the_help_link_promises_frequent_questions_not_tutorials():
    texts = _texts(member_documents().render())
    assert "Questions fréquentes : J'ai besoin d'aide" in texts
    assert not [text for text in texts if "tutoriel" in text.lower()]
