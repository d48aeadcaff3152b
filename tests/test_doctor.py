"""``eufunds doctor`` (issue 13, part 1): one verdict per source, over real HTTP.

Each case is a small site of its own (one host, one entry of a private registry passed
through ``EUFUNDS_REGISTRY``) served by the replay server; one ``eufunds doctor
--offline --sample-site`` process probes them all, as an operator would, and each test
reads its source's JSON report. The bundled sample site is checked too: every enabled
source must be ``ok`` there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_eufunds

LISTING = "/wydarzenia/"


def item_html(i: int) -> str:
    return f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Spotkanie {i}</title></head><body><article><h1 class="tytul">Spotkanie informacyjne
nr {i}: Fundusze Europejskie</h1><div class="tresc"><p>Zapraszamy na bezpłatne spotkanie
informacyjne, które odbędzie się {10 + i} marca 2031 r. o godz. 10:00 w Łodzi.</p>
</div></article></body></html>"""


def listing_html(n: int, area: str = "event-list") -> str:
    links = "".join(f'<li><a href="{LISTING}spotkanie-{i}/">Spotkanie {i}</a></li>'
                    for i in range(1, n + 1))
    return (f'<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8"><title>Wydarzenia'
            f'</title></head><body><ul class="{area}">{links}</ul>'
            f'<a href="{LISTING}?page=2">następna</a></body></html>')


@dataclass
class Site:
    root: Path
    sid: str

    @property
    def host(self) -> str:
        return f"{self.sid}.doctor.example.pl"

    def write(self, path: str, text: str) -> None:
        file = self.root / self.host / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")

    def build(self, n: int = 3, area: str = "event-list") -> Site:
        self.write(LISTING, listing_html(n, area))
        for i in range(1, n + 1):
            self.write(f"{LISTING}spotkanie-{i}/", item_html(i))
        return self

    def rules(self, **rules: Any) -> Site:
        (self.root / self.host).mkdir(parents=True, exist_ok=True)
        (self.root / self.host / "_replay.yml").write_text(yaml.safe_dump(rules))
        return self

    def entry(self, **extra: Any) -> dict[str, Any]:
        return {"id": self.sid, "name": f"Doctor case {self.sid}", "level": "other",
                "hosts": [self.host], "start_urls": [f"https://{self.host}{LISTING}"],
                "item_links": "/wydarzenia/spotkanie-[^/?#]+/$",
                "pagination": r"/wydarzenia/\?page=\d+$", "listing_area": "ul.event-list",
                "selectors": {"title": "h1.tytul", "body": "div.tresc"}, "evidence": "seen",
                **extra}


@pytest.fixture(scope="module")
def doctor(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("doctor")
    root = tmp / "site"
    entries = []

    entries.append(Site(root, "healthy").build().entry())
    # New markup: the listing's <ul class="event-list"> became <div class="cards">, and
    # the item pages lost their h1.tytul (the registry's selectors are stale).
    drifted = Site(root, "redesign").build(area="cards")
    entries.append(drifted.entry(selectors={"title": "h1.naglowek-starego-cms",
                                            "body": "div.tresc"}))
    blocked = Site(root, "wall")
    blocked.write(LISTING, "<html><head><title>x</title></head><body><script src="
                  "'/_Incapsula_Resource?SWJIYLWA=1'></script></body></html>")
    entries.append(blocked.entry())
    robots = Site(root, "robots").build()
    robots.write("/robots.txt", "User-agent: *\nDisallow: /wydarzenia/\n")
    entries.append(robots.entry())
    entries.append(Site(root, "gone").rules(status={LISTING: 410}).entry())
    entries.append(Site(root, "down").rules(status={LISTING: 503}).entry())
    moved = Site(root, "moved").rules(redirects={LISTING: "https://elsewhere.example.com/x/"})
    entries.append(moved.entry())

    registry = tmp / "sources.yml"
    registry.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")
    db = tmp / "events.db"
    env = {"EUFUNDS_REGISTRY": str(registry), "EUFUNDS_DB": str(db),
           "EUFUNDS_DOWNLOAD_TIMEOUT": "5"}
    result = run_eufunds("doctor", "--offline", "--sample-site", str(root), "--json", env=env)
    table = run_eufunds("doctor", "--offline", "--sample-site", str(root), "healthy",
                        "redesign", env=env)
    reports = {r["source"]: r for r in json.loads(result.stdout)}
    return {"result": result, "reports": reports, "db": db, "tmp": tmp, "table": table}


def test_healthy_source_is_ok(doctor: dict[str, Any]) -> None:
    r = doctor["reports"]["healthy"]
    assert r["verdict"] == "ok", r
    assert r["item_links_found"] == 3 and r["pagination_links_found"] == 1
    assert r["sampled"] == 3 and r["dated"] == 3 and r["events"] == 3
    assert r["fetches"][0]["outcome"] == "ok" and r["fetches"][0]["status"] == 200
    assert r["fetches"][0]["listing_area_found"] is True
    assert r["selectors_unmatched"] == [] and r["reasons"] == [] and r["warnings"] == []


def test_redesigned_listing_is_drifted(doctor: dict[str, Any]) -> None:
    r = doctor["reports"]["redesign"]
    assert r["verdict"] == "drifted", r
    # The page is there, but the listing area is gone, so no item link is found.
    assert r["fetches"][0]["outcome"] == "ok"
    assert r["fetches"][0]["listing_area_found"] is False
    assert r["item_links_found"] == 0
    assert any("listing_area" in why for why in r["reasons"])
    assert any("item_links" in why for why in r["reasons"])


@pytest.mark.parametrize("sid,verdict,detail", [
    ("wall", "blocked", "incapsula"),
    ("robots", "robots", "robots.txt"),
    ("gone", "gone", "HTTP 410"),
    ("down", "error", "HTTP 503"),
    ("moved", "gone", "redirect-offsite"),
])
def test_failure_verdicts(doctor: dict[str, Any], sid: str, verdict: str, detail: str) -> None:
    r = doctor["reports"][sid]
    assert r["verdict"] == verdict, r
    assert detail in json.dumps(r), r
    assert r["sampled"] == 0


def test_exit_code_and_no_database(doctor: dict[str, Any]) -> None:
    result = doctor["result"]
    assert result.returncode == 1, result.stderr.decode()[-2000:]
    err = result.stderr.decode()
    assert "not ok:" in err and "redesign (drifted)" in err and "healthy" not in err
    # Never writes the database, nor any HTTP cache beside it.
    assert not doctor["db"].exists()
    assert sorted(p.name for p in doctor["tmp"].iterdir()) == ["site", "sources.yml"]


def test_table_and_detail_blocks(doctor: dict[str, Any]) -> None:
    table = doctor["table"]
    out = table.stdout.decode()
    assert table.returncode == 1
    assert "eufunds doctor: 2 source(s)" in out
    assert "[healthy] ok (spider portal)" in out and "[redesign] drifted" in out
    assert "listing area MISSING" in out and "why: item_links" in out
    assert "start 2031-03-11T10:00" in out


def test_unknown_source_is_a_usage_error() -> None:
    result = run_eufunds("doctor", "--offline", "no-such-source")
    assert result.returncode == 2
    assert "unknown source(s) no-such-source" in result.stderr.decode()


def test_bundled_sample_site_is_healthy(tmp_path: Path) -> None:
    result = run_eufunds("doctor", "--offline", "--json",
                         env={"EUFUNDS_DB": str(tmp_path / "x.db")})
    reports = json.loads(result.stdout)
    bad = {r["source"]: (r["verdict"], r["reasons"]) for r in reports if r["verdict"] != "ok"}
    assert result.returncode == 0 and not bad, bad
    assert all(r["item_links_found"] >= 1 for r in reports)
    # Every source whose sample holds an event gets a dated record from it.
    assert all(r["dated"] >= 1 for r in reports if r["events"])
    assert not (tmp_path / "x.db").exists()
