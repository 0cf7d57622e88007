"""The base of expected failures: each carries a French message the user may read."""


class OcsoError(Exception):
    """An expected failure whose ``message`` is safe to show (never a secret, never a stack trace)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AccessDenied(OcsoError):
    """The caller may not see or do this."""


NOT_A_MEMBER = "Cette page est réservée aux assurés : connectez-vous à votre Espace Santé Assuré."
