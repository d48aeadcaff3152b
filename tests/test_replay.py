"""The replay server over real HTTP on 127.0.0.1: mapping, conditional requests, safety."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pipeline.replay import ReplayServer, local_path, replay_url


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_replay_url_keeps_host_path_and_query() -> None:
    assert (
        replay_url("http://127.0.0.1:9", "https://Www.Example.pl/a/b/?page=2")
        == "http://127.0.0.1:9/www.example.pl/a/b/?page=2"
    )


def test_local_path_never_escapes_the_host_folder(tmp_path: Path) -> None:
    (tmp_path / "h.pl").mkdir()
    (tmp_path / "secret.txt").write_text("x")
    assert local_path(tmp_path, "h.pl", "/../secret.txt") is None


def test_serves_pages_queries_and_404(replay_server: ReplayServer) -> None:
    base = replay_server.base_url + "/funduszeue.lubelskie.pl"
    status, headers, body = fetch(base + "/efs/spotkania-wydarzenia/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"Spotkania i wydarzenia" in body
    status, _, page2 = fetch(base + "/efs/spotkania-wydarzenia/?page=2")
    assert status == 200 and page2 != body
    assert fetch(base + "/no/such/page/")[0] == 404
    assert fetch(replay_server.base_url + "/unknown.host/")[0] == 404


def test_conditional_request_gets_304(replay_server: ReplayServer) -> None:
    url = replay_server.base_url + "/funduszeue.lubelskie.pl/efs/spotkania-wydarzenia/"
    status, headers, _ = fetch(url)
    assert status == 200 and headers["ETag"]
    status, _, body = fetch(url, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_replay_rules_redirect_and_status(tmp_path: Path) -> None:
    host = tmp_path / "h.pl"
    host.mkdir()
    (host / "_replay.yml").write_text(
        'redirects: {"/old/": "https://h.pl/new/"}\nstatus: {"/down/": 503}\n'
    )
    with ReplayServer(tmp_path) as server:
        req = urllib.request.Request(server.base_url + "/h.pl/old/")
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as err:
            opener.open(req, timeout=10)
        assert err.value.code == 301 and err.value.headers["Location"] == "https://h.pl/new/"
        assert fetch(server.base_url + "/h.pl/down/")[0] == 503


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None
