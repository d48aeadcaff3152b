"""PARP (www.parp.gov.pl): the portal answers non-browser clients with an
Incapsula (Imperva) JavaScript challenge. The sample site serves such a page at
the start URL; the crawl must end ``blocked`` in the crawl log, never ``ok`` with
"no events", and must not parse the challenge as a listing."""

from __future__ import annotations

import pytest

from scrapers.registry import get_source
from tests.spiders.helpers import Crawl, crawl_source


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return crawl_source("parp", tmp_path_factory)


def test_outcome_is_blocked_not_empty(crawl: Crawl) -> None:
    assert crawl.row["outcome"] == "blocked", crawl.row
    assert "incapsula" in (crawl.row["note"] or "")


def test_nothing_parsed_from_the_challenge(crawl: Crawl) -> None:
    assert crawl.events == {}
    assert crawl.row["events"] == 0 and crawl.row["non_events"] == 0


def test_registry_marks_it_disabled_with_the_reason() -> None:
    source = get_source("parp")
    assert source.enabled is False
    assert "Incapsula" in (source.notes or "")
