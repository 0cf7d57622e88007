"""Reflex configuration: the app module, French, in-memory state unless REFLEX_REDIS_URL is set."""

import os

import reflex as rx

# With the state in Redis, a worker keeps a tab's state while that tab's events keep reaching it (Reflex's
# opportunistic lock): Redis is read and written when another worker asks for the tab, or after the hold time,
# instead of the whole tree being unpickled and pickled again on every event. No effect in memory mode.
os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "true")

_port = int(os.environ.get("OCSO_PORT", "3000"))
_public_url = os.environ.get("OCSO_PUBLIC_URL") or f"http://localhost:{_port}"  # as ocso_app.config
_backend_only = os.environ.get("OCSO_BACKEND_ONLY") == "1"  # another worker process beside a full portal

config = rx.Config(
    app_name="ocso_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    state_manager_mode=os.environ.get("REFLEX_STATE_MANAGER_MODE", "memory"),
    frontend_port=None if _backend_only else _port,
    backend_port=_port,
    api_url=_public_url,
    deploy_url=_public_url,
    cors_allowed_origins=[_public_url],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", appearance="light")
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
