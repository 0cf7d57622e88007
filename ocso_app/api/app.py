"""The Starlette app that carries our own routes; Reflex's backend is mounted under it."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ocso_app.api import documents as member_pdfs
from ocso_app.api import files as member_files
from ocso_app.api import session_routes


async def health(_request: Request) -> JSONResponse:
    """Liveness probe used by the run command and the test fixture."""
    return JSONResponse({"status": "ok"}, headers={"cache-control": "no-store"})


def build_api() -> Starlette:
    """Our routes; each private one resolves the caller from the session cookie itself."""
    return Starlette(
        routes=[
            Route("/api/health", health),
            Route("/api/login/{space}", session_routes.login, methods=["POST"]),
            Route("/api/session/end", session_routes.end, methods=["POST"]),
            Route("/api/verification", session_routes.verify_second_factor, methods=["POST"]),
            Route("/api/assure/decomptes.pdf", member_pdfs.selection),
            Route("/api/assure/decomptes/{statement_id:int}.pdf", member_pdfs.statement),
            Route("/api/assure/carte-tiers-payant.pdf", member_pdfs.card),
            Route("/api/assure/documents/{document_id}", member_files.member_document),
            Route(
                "/api/assure/demarches/{request_id}/pieces/{attachment_id}", member_files.request_attachment
            ),
        ]
    )
