"""The deploy lines in the README («Publisere på intranettet», its nginx/apache/xml blocks) serve the
precompressed copies the build writes, with the right headers, under a sub-path. Run against the
real servers when they are installed (Debian: nginx-light libnginx-mod-http-brotli-static, apache2);
skipped otherwise: the tests never install a web server. The IIS web.config is only checked as XML.
"""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import brotli
import pytest

from support import ROOT, SUB_PATH


def readme_block(language: str) -> str:
    """The one fenced block of ``language`` in the README's deploy section: the lines admins copy."""
    blocks = re.findall(rf"^```{language}\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    assert len(blocks) == 1, f"README should have exactly one ```{language} block, has {len(blocks)}"
    return blocks[0]


BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
FILES = {  # file -> Content-Type
    "index.html": "text/html",
    "pa-vegne-av-kommunen.html": "text/html",
    "assets/stylesheets/kommune.css": "text/css",
    "assets/javascripts/handbok.js": "javascript",
    "search/search_index.json": "application/json",
    "assets/images/logo.svg": "image/svg+xml",
    "manifest.webmanifest": "application/manifest+json",
}


@pytest.fixture
def readable_site(site):
    """A copy of the site that the servers' workers can read (run as root, they drop to a user
    who may not enter pytest's private temporary folders)."""
    folder = Path(tempfile.mkdtemp(prefix="handbok-publisering-"))
    folder.chmod(0o755)
    copy = folder / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.pdf"))
    for path in [copy, *copy.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield copy
    shutil.rmtree(folder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


def serve_and_check(command: list[str], port: int, site: Path) -> None:
    """Start the server, check the copies it sends under the sub-path, and stop it."""
    server = subprocess.Popen(command, stderr=subprocess.PIPE)
    try:
        wait_for(port, server)
        check(f"http://127.0.0.1:{port}{SUB_PATH}", site)
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str, encoding: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def check(base: str, site: Path) -> None:
    for name, content_type in FILES.items():
        original = (site / name).read_bytes()
        for encoding, decode in (("br", brotli.decompress), ("gzip", gzip.decompress), (None, None)):
            accept = {"br": "gzip, deflate, br", "gzip": "gzip", None: None}[encoding]
            headers, body = fetch(base + name, accept)
            assert content_type in headers.get("content-type", ""), (name, encoding, headers)
            assert headers.get("content-encoding") == encoding, (name, encoding, headers)
            assert "accept-encoding" in headers.get("vary", "").lower(), (name, encoding, headers)
            assert "content-language" not in headers, (name, encoding, headers)
            if decode:
                # The copy from the build, sent as it is: the same bytes, compressed once only.
                assert body == (site / (name + {"br": ".br", "gzip": ".gz"}[encoding])).read_bytes(), (name, encoding)
                assert decode(body) == original, (name, encoding)
            else:
                assert body == original, name
    headers, body = fetch(base, "gzip, deflate, br")  # the folder itself: its index.html
    assert brotli.decompress(body) == (site / "index.html").read_bytes()


@pytest.mark.skipif(shutil.which("nginx") is None or not BROTLI_MODULE.exists(),
                    reason="nginx med brotli_static er ikke installert "
                           "(apt-get install nginx-light libnginx-mod-http-brotli-static)")
def test_nginx_serves_the_precompressed_copies(readable_site):
    site, tmp_path = readable_site, readable_site.parent
    port = free_port()
    lines = readme_block("nginx")
    (tmp_path / "nginx.conf").write_text(f"""
load_module {BROTLI_MODULE};
daemon off; worker_processes 1; pid {tmp_path}/nginx.pid; error_log stderr;
events {{}}
http {{
  include /etc/nginx/mime.types;
  types {{ application/manifest+json webmanifest; }}
  access_log off;
  client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path}; fastcgi_temp_path {tmp_path};
  uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
  server {{
    listen 127.0.0.1:{port};
    location {SUB_PATH} {{
      alias {site}/;
      {lines}
    }}
  }}
}}
""", encoding="utf-8")
    serve_and_check(["nginx", "-c", str(tmp_path / "nginx.conf")], port, site)


@pytest.mark.skipif(shutil.which("apache2") is None,
                    reason="Apache er ikke installert (apt-get install apache2)")
def test_apache_serves_the_precompressed_copies(readable_site):
    site, tmp_path = readable_site, readable_site.parent
    port = free_port()
    modules = ["mpm_event", "authz_core", "mime", "alias", "dir", "rewrite", "headers", "filter", "deflate", "brotli"]
    loads = "\n".join(f"Include mods-available/{m}.load" for m in modules)
    (tmp_path / "handbok.conf").write_text(readme_block("apache"), encoding="utf-8")
    (tmp_path / "httpd.conf").write_text(f"""
ServerRoot /etc/apache2
PidFile {tmp_path}/httpd.pid
ErrorLog /dev/stderr
Mutex file:{tmp_path} default
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
{loads}
Include mods-available/mime.conf
Include mods-available/dir.conf
# Compression on the fly stays on, as on many servers: the copies must not be compressed twice.
AddOutputFilterByType BROTLI_COMPRESS text/html text/css text/javascript application/json image/svg+xml
AddOutputFilterByType DEFLATE text/html text/css text/javascript application/json image/svg+xml
Alias {SUB_PATH.rstrip("/")} {site}
<Directory {site}>
  Require all granted
  AllowOverride None
  Include {tmp_path / "handbok.conf"}
</Directory>
""", encoding="utf-8")
    serve_and_check(["apache2", "-f", str(tmp_path / "httpd.conf"), "-DFOREGROUND"], port, site)


def test_the_iis_config_is_valid_xml_for_the_same_files():
    root = ElementTree.fromstring(readme_block("xml").encode("utf-8"))
    rules = root.findall("./system.webServer/rewrite/rules/rule")
    assert [r.find("action").get("url") for r in rules] == ["{R:1}.br", "{R:1}.gz"]
    apache_types = re.search(r"\\.\(([a-z|]+)\)\)\$", readme_block("apache")).group(1)
    for rule in rules:
        assert f"({apache_types}))$" in rule.find("match").get("url")
