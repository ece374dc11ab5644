"""The shipped reverse-proxy example (deploy/nginx.conf) in front of a running dashboard:
metrics never served, uploads refused before login and above the import limit (issue 15, F8)."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from dashboard import settings
from tests.browser import free_port
from tests.conftest import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def proxy(server, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("__PREFIX__", str(prefix)).replace("__LISTEN__", str(port))
    conf = conf.replace("__UPSTREAM__", str(server.port))
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"]
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            assert time.time() < deadline and proc.poll() is None, "nginx did not start"
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(10)


def status(url: str, method: str = "GET", data: bytes | None = None, cookie: str = "") -> int:
    request = urllib.request.Request(url, data=data, method=method)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        return urllib.request.urlopen(request, timeout=30).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_app_is_served_through_the_proxy(proxy, server):
    assert 200 == status(proxy + "/")
    assert 200 == status(proxy + "/_stcore/health")


def test_metrics_are_not_served(proxy, server):
    assert 200 == status(server.url + "/_stcore/metrics")  # Streamlit itself serves them
    assert 403 == status(proxy + "/_stcore/metrics")


def test_upload_before_login_is_refused(proxy):
    assert 403 == status(proxy + "/_stcore/upload_file/s/f", "PUT", b"x" * 1024)


def test_upload_above_the_import_limit_is_refused(proxy):
    too_big = b"x" * ((int(settings.get("max_upload_mb")) + 1) * 1024 * 1024)
    code = status(proxy + "/_stcore/upload_file/s/f", "PUT", too_big, "studiodash_session=x")
    assert 413 == code
