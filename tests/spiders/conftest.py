"""Fixtures of the per-source spider tests (see ``contract.py``)."""

from __future__ import annotations

import pytest

from tests.spiders.helpers import Crawl, crawl_source


@pytest.fixture(scope="module")
def crawl(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """One real offline crawl of the module's ``SOURCE``, shared by its tests."""
    return crawl_source(request.module.SOURCE, tmp_path_factory)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One ``test_event_field`` case per expected field of the module's ``EVENTS``."""
    if {"path", "name", "expected"} <= set(metafunc.fixturenames):
        events = metafunc.module.EVENTS
        metafunc.parametrize(
            ("path", "name", "expected"),
            [(p, n, v) for p, fields in events.items() for n, v in fields.items()],
        )
