"""States of the Espace Apporteurs d'affaires."""
