"""The editors' preview (`make serve`): a mistake shows where the editor looks, in the browser.

When a rebuild fails, every page of the preview shows the same Norwegian message the terminal
shows (file, line, what is wrong, how to fix it) until the file is fixed; then the page itself comes
back. MkDocs' reload script is inline, which the pages' Content Security Policy blocks, so the
preview serves the same script as a file of its own.

Uses two internals of MkDocs 1.6's LiveReloadServer (`_serve_request`, `_inject_js_into_html`);
MkDocs 1.x is frozen at 1.6.1. Where they are missing, the preview works as before.
"""

from __future__ import annotations

import html
import itertools
import logging
import threading
from pathlib import Path

ERROR_PAGE = ".byggefeil.html"
RELOAD_SCRIPT = ".forhandsvisning.js"

#: MkDocs' own reload script, reading its epoch and request id from the script element.
_RELOAD_JS = b"""(function () {
  var script = document.currentScript, epoch = parseFloat(script.dataset.epoch), id = script.dataset.request;
  var poll = function () {
    var req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) location.reload();
      else setTimeout(poll, this.status === 200 ? 0 : 3000);
    };
    req.open("GET", "/livereload/" + epoch + "/" + id);
    req.send();
  };
  poll();
})();
"""

_PAGE = """<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feil i håndboka – forhåndsvisning</title>
<style>
  body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0; padding: 1.5rem; color: #1b1b1b; background: #fff; }}
  main {{ max-width: 60rem; margin: 0 auto; }}
  h1 {{ font-size: 1.5rem; color: #8a1c1c; }}
  pre {{ white-space: pre-wrap; overflow-wrap: anywhere; background: #fdf2f2; border-left: .3rem solid #8a1c1c;
        padding: 1rem; font-size: .95rem; }}
</style>
</head>
<body>
<main>
<h1 id="byggefeil">Håndboka kunne ikke bygges</h1>
<div role="alert">
<p>Forhåndsvisningen viser ikke siden før feilen under er rettet. Rett filen og lagre den; denne siden
lastes da på nytt av seg selv.</p>
{messages}
</div>
<p>Den forrige versjonen av håndboka er ikke endret. Samme melding står i terminalen der
<code>make serve</code> kjører.</p>
</main>
</body>
</html>
"""


class _Messages(logging.Handler):
    """The warnings and errors MkDocs and the hooks log during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        if text and text not in self.messages:
            self.messages.append(text)


def error_page(messages: list[str]) -> str:
    """The page every preview address shows while the site cannot be built."""
    shown = "\n".join(f"<pre>{html.escape(m)}</pre>" for m in messages) or "<pre>Ukjent feil.</pre>"
    return _PAGE.format(messages=shown)


def _failure_messages(error: BaseException, logged: list[str]) -> list[str]:
    """What the editor needs to read: the logged messages, and the error's own if it adds to them
    (not MkDocs' «Aborted with …», which only says that the build stopped)."""
    own = str(error).strip()
    if own and not own.startswith("Aborted") and not any(own in m for m in logged):
        return [*logged, own]
    return logged or [own or type(error).__name__]


#: How often the preview looks for saved files (MkDocs: every 0.5 s, on average 0.25 s of an
#: editor's wait); a look at the project's few hundred files takes a few milliseconds.
POLL_SECONDS = 0.15


def _look_more_often(server) -> None:
    """The preview's file watcher, polling every `POLL_SECONDS` (before it starts: `on_serve` runs
    after MkDocs set up its watches and before `serve`). Without MkDocs 1.6's internals, as before."""
    if not all(hasattr(server, name) for name in ("observer", "_watched_paths", "_watch_refs", "watch")):
        return
    from watchdog.observers.polling import PollingObserver

    if server.observer.is_alive():
        return
    watched = dict(server._watched_paths)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

def on_serve(server, *, config, builder):
    _look_more_often(server)
    if not all(hasattr(server, name) for name in ("_serve_request", "_inject_js_into_html", "builder", "root")):
        return server
    failed = threading.Event()
    root = Path(server.root)
    mount = server.mount_path
    original_builder, original_serve = server.builder, server._serve_request
    requests = itertools.count(1)

    def build(config=None):
        handler = _Messages()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            original_builder(config)
        except (Exception, SystemExit) as error:  # noqa: BLE001 – every failure is shown, as MkDocs does
            messages = _failure_messages(error, handler.messages)
            (root / ERROR_PAGE).write_text(error_page(messages), encoding="utf-8")
            failed.set()
            logging.getLogger("mkdocs.forhandsvisning").info(
                "Feilen vises i nettleseren til filen er rettet.")
            return  # the server reloads the browsers, which then get the message
        finally:
            logger.removeHandler(handler)
        failed.clear()

    def serve_request(environ, start_response):
        path = environ["PATH_INFO"]
        if path == mount + RELOAD_SCRIPT:
            start_response("200 OK", [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")])
            return [_RELOAD_JS]
        if failed.is_set() and path.startswith(mount) and path.endswith(("/", ".html")):
            environ = {**environ, "PATH_INFO": mount + ERROR_PAGE}
        return original_serve(environ, start_response)

    def inject(content: bytes, epoch: int) -> bytes:
        tag = (f'<script src="{mount}{RELOAD_SCRIPT}" data-epoch="{epoch}" '
               f'data-request="{next(requests)}"></script>').encode()
        end = content.rfind(b"</body>")
        return content + tag if end < 0 else content[:end] + tag + content[end:]

    server.builder = build
    server._serve_request = serve_request
    server._inject_js_into_html = inject
    return server
