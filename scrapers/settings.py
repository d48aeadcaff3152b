"""Every Scrapy setting of the project, in one place.

Politeness first: robots.txt is obeyed, AutoThrottle adapts to each portal,
at most two requests run at once per domain, and the User-Agent names the
project with a contact URL (``EUFUNDS_CONTACT`` from the environment, never
hard-coded here, so an operator's e-mail stays out of the repository).
"""

from __future__ import annotations

import os

BOT_NAME = "eufunds-events"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

CONTACT = os.environ.get("EUFUNDS_CONTACT", "https://github.com/eufunds-events/eufunds-events")
USER_AGENT = f"eufunds-events/0.1 (+{CONTACT}; EU-funds events catalogue crawler)"

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50% around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Bounded work: no page, crawl or retry loop can run away.
DOWNLOAD_TIMEOUT = float(os.environ.get("EUFUNDS_DOWNLOAD_TIMEOUT") or 30)  # tests: ~1 s
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
# Retry-After (scrapers.politeness): waited for up to this many seconds, then asked again;
# a longer one ends the source's run as "throttled" (not failed; the next night retries).
EUFUNDS_RETRY_AFTER_MAX = float(os.environ.get("EUFUNDS_RETRY_AFTER_MAX") or 120)
# A source is crawled at most once in this many hours on the live web, unless asked
# (named on the command line, or --force); see pipeline.crawl.
EUFUNDS_MIN_RECRAWL_HOURS = float(os.environ.get("EUFUNDS_MIN_RECRAWL_HOURS") or 20)
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
DEPTH_LIMIT = 6
CLOSESPIDER_PAGECOUNT = 2000
CLOSESPIDER_TIMEOUT = 3600

# Repeat crawls cost a 304, not a download: Scrapy's HTTP cache with the RFC 2616 policy,
# always revalidating (scrapers.fetchstats). `eufunds crawl` puts HTTPCACHE_DIR beside the DB.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapers.fetchstats.RevalidatingRFC2616Policy"
HTTPCACHE_STORAGE = "scrapers.fetchstats.AtomicFilesystemCacheStorage"
HTTPCACHE_GZIP = True

# Offline runs route every request to the replay server (see scrapers.handlers);
# with EUFUNDS_REPLAY_URL unset the handler is plain Scrapy HTTP.
DOWNLOAD_HANDLERS = {
    "http": "scrapers.handlers.ReplayAwareDownloadHandler",
    "https": "scrapers.handlers.ReplayAwareDownloadHandler",
}
EUFUNDS_REPLAY_URL = os.environ.get("EUFUNDS_REPLAY_URL", "")

# The SSRF guard at connection time (scrapers.resolver): a host that resolves to a
# loopback, private, link-local or metadata address is refused before connecting, by the
# handler above and by the resolver the connection itself uses. EUFUNDS_PRIVATE_HOSTS
# (comma-separated host names) is the operator's explicit exception, e.g. an intranet mirror.
TWISTED_DNS_RESOLVER = "scrapers.resolver.GuardedResolver"
EUFUNDS_PRIVATE_HOSTS = [h.strip() for h in os.environ.get("EUFUNDS_PRIVATE_HOSTS", "").split(",")
                         if h.strip()]

# Anti-bot walls (Incapsula challenge, JS check, HTTP 403) mark the crawl "blocked";
# 580: after decompression (590) and redirects (600) have run on the response.
DOWNLOADER_MIDDLEWARES = {
    # Only http(s) on the source's hosts, no private addresses, no redirect loops (650:
    # sees a 3xx before RedirectMiddleware, 600); binary bodies off HTML pages (570).
    "scrapers.middlewares.SafeFetchMiddleware": 650,
    "scrapers.middlewares.NotHtmlMiddleware": 570,
    "scrapers.middlewares.BlockedPageMiddleware": 580,
    # 950: between the HTTP cache (900) and the network, to count real 304s and 5xx.
    "scrapers.fetchstats.WireStatsMiddleware": 950,
    # 920: the portal's own 429/503 with Retry-After, before the cache answers for it.
    "scrapers.politeness.RetryAfterMiddleware": 920,
}

ITEM_PIPELINES = {
    "scrapers.pipelines.ExtractPipeline": 100,
    "scrapers.pipelines.ValidatePipeline": 200,
    "scrapers.pipelines.StorePipeline": 300,
}

# Nightly cost proportional to change (scrapers.incremental): each night requests only new
# items, items whose listing entry changed, events not yet ended and pages not fetched for
# EUFUNDS_REFRESH_DAYS; paging stops at the first listing page of known, unchanged items,
# except on a full walk, at least every EUFUNDS_FULL_WALK_DAYS. EUFUNDS_INCREMENTAL=0: off.
EUFUNDS_INCREMENTAL = os.environ.get("EUFUNDS_INCREMENTAL", "1") != "0"
EUFUNDS_REFRESH_DAYS = int(os.environ.get("EUFUNDS_REFRESH_DAYS") or 30)
EUFUNDS_FULL_WALK_DAYS = int(os.environ.get("EUFUNDS_FULL_WALK_DAYS") or 7)

# Where StorePipeline writes; `eufunds crawl --db` overrides it.
EUFUNDS_DB = os.environ.get("EUFUNDS_DB", "data/events.db")

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("EUFUNDS_LOG_LEVEL", "INFO")
