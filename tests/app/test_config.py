"""The portal's public address, which the login forms' origin check compares with: ``OCSO_PUBLIC_URL``, or
else the port it serves on (``OCSO_PORT``, as ``rxconfig.py`` does), so that ``OCSO_PORT=3300 make run``
accepts its own logins."""

from __future__ import annotations

from ocso_app import config


def test_the_public_address_follows_the_port_unless_one_is_given(monkeypatch):
    monkeypatch.delenv("OCSO_PUBLIC_URL", raising=False)
    monkeypatch.setenv("OCSO_PORT", "3300")
    config.settings.cache_clear()
    try:
        assert config.settings().public_url == "http://localhost:3300"
        assert not config.settings().secure_cookies
        monkeypatch.setenv("OCSO_PUBLIC_URL", "https://espace.ocso.fr")
        config.settings.cache_clear()
        assert config.settings().public_url == "https://espace.ocso.fr"
        assert config.settings().secure_cookies
    finally:
        monkeypatch.undo()
        config.settings.cache_clear()
