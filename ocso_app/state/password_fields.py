"""What a password form's fields keep after the server's answer (« Modifier mon mot de passe », the first
login's and the reset link's new password).

The forms are not emptied when sent (``reset_on_submit``): a refusal's message sat under empty fields, all
to be typed again. The answer empties only the fields it refuses: the current password when it is wrong
(or was not checked: too many tries), the new one and its confirmation when the new one breaks a rule, the
confirmation alone when it differs; a change empties them all. What was typed stays in the browser: the
server never sends a password back, it only empties fields (``rx.set_value``; ``emptied`` does the same for
« Modifier mon numéro de téléphone »)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ocso_app.services.passwords import EMPLOYER_PASSWORD_RULE, MEMBER_PASSWORD_RULE, TOO_COMMON
from ocso_app.services.passwords_flow import PASSWORDS_DIFFER, SAME_AS_BEFORE

NEW_PASSWORD_REFUSED = frozenset({MEMBER_PASSWORD_RULE, EMPLOYER_PASSWORD_RULE, TOO_COMMON, SAME_AS_BEFORE})


@dataclass(frozen=True)
class PasswordFields:
    """The ids of a form's password fields (``current`` is None on a form that does not ask for it)."""

    new: str
    confirmation: str
    current: str | None = None

    def refused(self, message: str) -> list[rx.event.EventSpec]:
        """Empty the fields ``message`` refuses."""
        if message == PASSWORDS_DIFFER:
            wrong: tuple[str | None, ...] = (self.confirmation,)
        elif message in NEW_PASSWORD_REFUSED or self.current is None:
            wrong = (self.new, self.confirmation)
        else:
            wrong = (self.current,)
        return emptied(*wrong)

    def changed(self) -> list[rx.event.EventSpec]:
        """Empty them all."""
        return emptied(self.current, self.new, self.confirmation)


def emptied(*ids: str | None) -> list[rx.event.EventSpec]:
    """Empty the fields ``ids`` (None: a field the form does not have)."""
    return [rx.set_value(ident, "") for ident in ids if ident is not None]


NEW_PASSWORD_FIELDS = PasswordFields(new="password", confirmation="confirmation")  # first login, reset link
