"""Understanding and keeping: page -> record -> SQLite -> feeds. No Scrapy imports here
(except ``pipeline.crawl``, which starts Scrapy by spider name)."""
