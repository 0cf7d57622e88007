"""Temporary alias: the care catalog is a domain rule, now in :mod:`ocso_app.services.care_catalog`."""

# TODO(lead): benchmarks/reimbursements.py moves to ocso_app.services.care_catalog, then delete this module.
from ocso_app.services.care_catalog import BASE_PLAN

__all__ = ["BASE_PLAN"]
