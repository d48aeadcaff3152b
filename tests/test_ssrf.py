"""The SSRF gap (issue 13, part 4): a name on an allowed domain that resolves to a
loopback, private, link-local or metadata address is never fetched.

The crawl test runs a real ``scrapy crawl`` over a real replay server listening on
127.0.0.1, *without* the offline routing: the request goes to the portal's own host
name, and the test's own resolver table (:class:`TableResolver`, the project's
``GuardedResolver`` with the machine's DNS replaced by a dict) maps that name to
127.0.0.1. The guard must refuse it before connecting (the replay server sees nothing),
while the same table entry for a host the operator trusts reaches the server, and the
offline replay routing stays allowed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy.settings import Settings
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from pipeline.replay import ReplayServer
from scrapers.resolver import AddressPolicy, AddressRefused, GuardedResolver, address_kind
from tests.conftest import ROOT

EVIL = "funduszeue.example.pl"  # on the source's domain, resolves to 127.0.0.1
REBIND = "rebind.example.pl"  # public at the handler's check, 127.0.0.1 at the connect
MIRROR = "mirror.example.pl"  # the same answer, but in EUFUNDS_PRIVATE_HOSTS


class TableResolver(GuardedResolver):
    """The project's guarded resolver with the test's resolver table as its DNS
    (``EUFUNDS_TEST_DNS_TABLE``: name -> address, or a list of addresses answered in
    turn, as a rebinding DNS server would); names not in it do not resolve."""

    table: dict[str, Any]
    calls: dict[str, int]

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> TableResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.table = crawler.settings.getdict("EUFUNDS_TEST_DNS_TABLE")
        resolver.calls = {}
        return resolver  # type: ignore[return-value]

    def lookup(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:
        if name in self.table:
            answers = self.table[name]
            if isinstance(answers, list):
                n = self.calls[name] = self.calls.get(name, -1) + 1
                return defer.succeed(answers[n % len(answers)])
            return defer.succeed(answers)
        try:  # IP literals (the replay server's address) need no DNS
            address_kind(name)
        except ValueError:
            return defer.fail(DNSLookupError(f"{name} is not in the test's resolver table"))
        return defer.succeed(name)


@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.254", "private"),
    ("192.168.1.1", "private"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.10.20", "link-local"), ("fe80::1", "link-local"), ("[fe80::1%eth0]", "link-local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("0.0.0.0", "non-public"), ("100.64.0.1", "non-public"), ("224.0.0.1", "non-public"),
])
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    assert address_kind(address) == kind


@pytest.mark.parametrize("address", ["8.8.8.8", "193.0.6.139", "172.32.0.1", "2a00:1450::1"])
def test_public_addresses_pass(address: str) -> None:
    assert address_kind(address) is None
    AddressPolicy().check(EVIL, address)


def test_policy_refuses_with_host_and_address(caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(AddressRefused) as refused:
        AddressPolicy().check(EVIL, "127.0.0.1")
    assert str(refused.value) == f"refused {EVIL}: resolves to 127.0.0.1 (loopback)"
    assert f"refused {EVIL}: resolves to 127.0.0.1 (loopback)" in caplog.text
    with pytest.raises(AddressRefused, match=r"resolves to 169\.254\.169\.254 \(metadata\)"):
        AddressPolicy().check("meta.example.pl", "169.254.169.254")


def test_replay_server_is_allowed_explicitly() -> None:
    """Offline runs connect to 127.0.0.1 on purpose: the replay server's address is
    allowed by name, and only while EUFUNDS_REPLAY_URL names it."""
    offline = AddressPolicy.from_settings(Settings({
        "EUFUNDS_REPLAY_URL": "http://127.0.0.1:40123", "EUFUNDS_PRIVATE_HOSTS": []}))
    offline.check("127.0.0.1", "127.0.0.1")
    with pytest.raises(AddressRefused):  # a name that resolves there is still refused
        offline.check(EVIL, "127.0.0.1")
    online = AddressPolicy.from_settings(Settings({"EUFUNDS_PRIVATE_HOSTS": []}))
    with pytest.raises(AddressRefused, match="loopback"):
        online.check("127.0.0.1", "127.0.0.1")


def test_operator_private_hosts() -> None:
    policy = AddressPolicy.from_settings(Settings({"EUFUNDS_PRIVATE_HOSTS": f"{MIRROR},"}))
    policy.check(MIRROR, "10.0.0.5")
    with pytest.raises(AddressRefused, match="private"):
        policy.check(EVIL, "10.0.0.5")


def test_project_settings_install_the_guard() -> None:
    from scrapers import settings

    assert settings.TWISTED_DNS_RESOLVER == "scrapers.resolver.GuardedResolver"
    assert settings.DOWNLOAD_HANDLERS["http"] == "scrapers.handlers.ReplayAwareDownloadHandler"


# --------------------------------------------------------------------------- a real crawl

LISTING = "/wydarzenia/"


def _site(root: Path, host: str, port: int) -> dict[str, Any]:
    """A small site for ``host`` under the replay server's ``/<host>/`` folder; the
    registry entry names the host *name* on the server's port (no offline routing), so
    the request reaches the server only if the name's address is connected to."""
    base = root / host
    items = []
    for i in (1, 2):
        page = base / "wydarzenia" / f"spotkanie-{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"<html lang='pl'><head><meta charset='utf-8'><title>Spotkanie {i}</title></head>"
            f"<body><h1>Spotkanie informacyjne nr {i}: Fundusze Europejskie</h1><div>"
            f"<p>Zapraszamy na spotkanie informacyjne, które odbędzie się {10 + i} marca "
            f"2031 r. o godz. 10:00 w Łodzi.</p></div></body></html>", encoding="utf-8")
        items.append(f"<li><a href='spotkanie-{i}/'>Spotkanie {i}</a></li>")
    (base / "wydarzenia" / "index.html").write_text(
        f"<html><body><ul class='event-list'>{''.join(items)}</ul></body></html>",
        encoding="utf-8")
    sid = host.split(".")[0]
    # The replay server reads the path's first segment as the host folder.
    return {"id": sid, "name": f"SSRF probe {sid}", "level": "other", "hosts": [host],
            "start_urls": [f"http://{host}:{port}/{host}{LISTING}"],
            "item_links": "/wydarzenia/spotkanie-[^/?#]+/$", "listing_area": "ul.event-list",
            "evidence": "seen"}


def _scrapy_crawl(source: str, db: Path, registry: Path, table: dict[str, str],
                  private_hosts: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EUFUNDS_REGISTRY": str(registry),
           "EUFUNDS_PRIVATE_HOSTS": private_hosts, "EUFUNDS_DOWNLOAD_TIMEOUT": "5"}
    env.pop("EUFUNDS_REPLAY_URL", None)
    settings = {
        "TWISTED_DNS_RESOLVER": "tests.test_ssrf.TableResolver",
        "EUFUNDS_TEST_DNS_TABLE": json.dumps(table),
        "EUFUNDS_DB": str(db), "HTTPCACHE_ENABLED": "0", "LOG_LEVEL": "INFO",
        "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0",
    }
    args = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"source={source}"]
    for key, value in settings.items():
        args += ["-s", f"{key}={value}"]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _crawl_row(db: Path, source: str) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    row = conn.execute("select * from crawls where source = ? order by id desc limit 1",
                       [source]).fetchone()
    events = conn.execute("select count(*) from events where source = ?", [source]).fetchone()
    conn.close()
    return {**dict(row), "stored": events[0]}


def test_a_name_resolving_to_loopback_is_refused_before_connecting(tmp_path: Path) -> None:
    root = tmp_path / "site"
    with ReplayServer(root) as server:
        port = int(server.base_url.rsplit(":", 1)[1])
        entries = [_site(root, EVIL, port), _site(root, MIRROR, port), _site(root, REBIND, port)]
        registry = tmp_path / "sources.yml"
        registry.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")
        table = {EVIL: "127.0.0.1", MIRROR: "127.0.0.1",
                 REBIND: ["93.184.216.34", "127.0.0.1"]}

        refused = _scrapy_crawl("funduszeue", tmp_path / "a.db", registry, table)
        assert refused.returncode == 0, refused.stderr[-3000:]
        # Nothing reached the server listening at the address the name resolved to.
        assert server.requests == [], server.requests
        assert f"refused {EVIL}: resolves to 127.0.0.1 (loopback)" in refused.stderr
        row = _crawl_row(tmp_path / "a.db", "funduszeue")
        assert row["stored"] == 0 and row["errors"] >= 1, row
        assert "eufunds/refused/resolves-to-loopback" in refused.stderr

        # DNS rebinding: the answer the handler checked was public, the one the connection
        # resolves is loopback; the resolver the connection uses refuses it.
        rebound = _scrapy_crawl("rebind", tmp_path / "c.db", registry, table)
        assert rebound.returncode == 0, rebound.stderr[-3000:]
        assert server.requests == [], server.requests
        assert f"refused {REBIND}: resolves to 127.0.0.1 (loopback)" in rebound.stderr
        assert _crawl_row(tmp_path / "c.db", "rebind")["stored"] == 0

        # Control: the same table answer for a host the operator trusts reaches the
        # server, so the refusal above is the guard's, not a broken table.
        allowed = _scrapy_crawl("mirror", tmp_path / "b.db", registry, table,
                                private_hosts=MIRROR)
        assert allowed.returncode == 0, allowed.stderr[-3000:]
        assert "refused" not in allowed.stderr
        assert any(p.startswith(f"/{MIRROR}/wydarzenia/spotkanie-")
                   for p in server.requests), server.requests
        assert _crawl_row(tmp_path / "b.db", "mirror")["stored"] == 2


def test_offline_replay_routing_stays_allowed(tmp_path: Path) -> None:
    """An offline crawl connects to 127.0.0.1 (the replay server) through the guarded
    resolver: allowed explicitly, the events are stored, nothing is refused."""
    from tests.conftest import run_eufunds

    db = tmp_path / "events.db"
    result = run_eufunds("crawl", "--offline", "--db", str(db), "lubelskie",
                         env={"EUFUNDS_LOG_LEVEL": "INFO"})
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    log = result.stderr.decode()
    assert "'TWISTED_DNS_RESOLVER': 'scrapers.resolver.GuardedResolver'" in log, log[-3000:]
    assert "resolves to" not in log and "refused" not in log, log[-3000:]
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from events where source = 'lubelskie'").fetchone()[0]
