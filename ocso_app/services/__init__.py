"""Business rules as plain typed functions over a SQLAlchemy ``Session``; no Reflex here."""
