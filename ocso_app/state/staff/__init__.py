"""States of the Espace OCSO (staff)."""
