"""The tests' own helpers that could hide a failure."""
from __future__ import annotations

from support import QuietServer


def _error_printed(error: Exception, capsys) -> str:
    server = QuietServer(("127.0.0.1", 0), lambda *args: None)
    try:
        try:
            raise error
        except Exception:
            server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    return capsys.readouterr().err


def test_the_server_is_quiet_about_a_closed_connection_only(capsys):
    assert _error_printed(BrokenPipeError(32, "Broken pipe"), capsys) == ""
    assert _error_printed(ConnectionResetError(104, "reset"), capsys) == ""
    assert "ValueError: a real error" in _error_printed(ValueError("a real error"), capsys)
