"""The base of expected failures: each carries a French message the user may read."""


class OcsoError(Exception):
    """An expected failure whose ``message`` is safe to show (never a secret, never a stack trace)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CountedRefusal(OcsoError):
    """A refusal whose attempt was counted (``throttle``): ``db.db_session`` commits the transaction before
    raising it, so that the count survives the refusal. Raised only before the service wrote anything else
    (the count, and the audit row of the failure, are the transaction's only writes)."""


class AccessDenied(OcsoError):
    """The caller may not see or do this."""


class FieldsRefused(OcsoError):
    """A form sent with wrong fields: ``errors`` holds one French message per field, ``message`` the
    form's own."""

    def __init__(self, errors: dict[str, str], message: str = "Vérifiez les informations signalées.") -> None:
        super().__init__(message)
        self.errors = errors


NOT_A_MEMBER = "Cette page est réservée aux assurés : connectez-vous à votre Espace Santé Assuré."
