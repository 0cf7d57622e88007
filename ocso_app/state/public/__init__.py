"""States of the public pages (login, registration, forgotten password, reset link, introducer identifier).

None holds private data. Login forms POST to ``api/session_routes.py``, which sets the HttpOnly session
cookie, so a login password never crosses the websocket; no password is ever kept in a var.
"""
