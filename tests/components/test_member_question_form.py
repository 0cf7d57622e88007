"""Mes démarches › Poser une question: its text field is labelled « Votre message », whatever the topic
(« Changement de situation » is news to tell, not a question to ask)."""

import ocso_app.pages  # noqa: F401  (registers every page)
from ocso_app.components.request_forms import question_form


def test_the_question_forms_text_field_is_labelled_votre_message():
    rendered = str(question_form().render())
    assert "Votre message" in rendered
    assert "Votre question" not in rendered
