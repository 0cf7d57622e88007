"""The demo data as plain tables: the seed's writers read them, nothing else does."""
