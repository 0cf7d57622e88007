"""Reusable UI pieces: the site frame, navigation, cards, tables and forms."""
