"""Scrapy settings for benchmark crawls of a generated site (``bench/crawl_bench.py``).

The project's settings, with what a benchmark against our own 127.0.0.1 server
needs: every request goes to the replay server named by ``EUFUNDS_REPLAY_URL``
(set by the benchmark), politeness delays are off (the same values an
``--offline`` crawl uses), and the bounds meant for real portals (depth 6,
2,000 pages, one hour) are lifted because the generated site is larger than
any portal. Selected with ``SCRAPY_SETTINGS_MODULE=bench.crawl_settings``.
"""

from __future__ import annotations

import os

from scrapers.settings import *  # noqa: F403 - the project's settings, then our overrides

EUFUNDS_REPLAY_URL = os.environ["EUFUNDS_REPLAY_URL"]
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
CONCURRENT_REQUESTS = 16
# The distributed-crawl test lowers it so that both workers get a share of a small site.
CONCURRENT_REQUESTS_PER_DOMAIN = int(os.environ.get("EUFUNDS_BENCH_CONCURRENCY") or 8)
DEPTH_LIMIT = 0
CLOSESPIDER_PAGECOUNT = 0
CLOSESPIDER_TIMEOUT = 0
