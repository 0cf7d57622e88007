"""Thin Reflex states: resolve the caller through the guard, call one service, copy display-ready values."""
