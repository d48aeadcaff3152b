"""``eufunds``: the one command in front of crawling, extracting and serving.

Exit codes: 0 success; 1 the work ran but something failed (a source's crawl,
a check); 2 bad input or usage (unreadable file, unknown source, unusable
database). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
DEFAULT_DB = Path(os.environ.get("EUFUNDS_DB", "data/events.db"))
MAX_INPUT_BYTES = 50 * 1024 * 1024


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit; the CLI's only way to report bad input."""
    click.echo(f"eufunds: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eufunds-events")
def main() -> None:
    """EU-funds events: crawl the portals, extract events, serve the catalogue."""


# --------------------------------------------------------------------------- crawl


def force_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--force``, shared by crawl and nightly."""
    return click.option(
        "--force", is_flag=True,
        help="Crawl even the sources crawled online in the last EUFUNDS_MIN_RECRAWL_HOURS "
        "(20) hours (naming a source does too).")(command)


def offline_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--offline`` and ``--sample-site``, shared by crawl and nightly."""
    command = click.option(
        "--sample-site", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Folder the replay server serves (with --offline).")(command)
    return click.option(
        "--offline", is_flag=True,
        help="Crawl the bundled sample site through the local replay server.")(command)




@main.command()
@click.argument("sources", nargs=-1)
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True, help="SQLite database to update.")
@offline_options
@click.option("--redis", "redis_url", envvar="EUFUNDS_REDIS_URL", default=None, metavar="URL",
              help="Run as a scrapy-redis worker sharing URL's queue; records go to Redis for "
              "`eufunds collect` (env EUFUNDS_REDIS_URL).")
@click.option("--run", "run_id", default=None, metavar="ID",
              help="With --redis: the run the workers share [default: today's UTC date].")
@force_option
def crawl(sources: tuple[str, ...], db_path: Path, offline: bool, sample_site: Path | None,
          redis_url: str | None, run_id: str | None, force: bool) -> None:
    """Run the spiders of SOURCES (default: every enabled source not crawled today)."""
    from pipeline.crawl import CrawlError, run_crawl

    try:
        results = run_crawl(list(sources), db_path=db_path, offline=offline,
                            sample_site=sample_site, redis_url=redis_url, run_id=run_id,
                            force=force)
    except CrawlError as exc:
        fail(str(exc))
    if redis_url:
        click.echo(f"eufunds: worker done ({', '.join(r['source'] for r in results)}); "
                   f"run `eufunds collect --redis URL --run {results[0]['run'] if results else ''}"
                   " --db PATH` once every worker has finished", err=True)
        return
    _print_summary("Crawl summary", results)
    _fail_if_failed([r["source"] for r in results if r.get("outcome") == "failed"])


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--redis", "redis_url", envvar="EUFUNDS_REDIS_URL", required=True, metavar="URL",
              help="The Redis the workers used (env EUFUNDS_REDIS_URL).")
@click.option("--run", "run_id", default=None, metavar="ID",
              help="The workers' run [default: today's UTC date].")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True, help="SQLite database to update (its only writer).")
def collect(sources: tuple[str, ...], redis_url: str, run_id: str | None, db_path: Path) -> None:
    """Commit a distributed run's records from Redis into the database (after the workers)."""
    from pipeline.lock import LockBusy, RunLock, lock_path
    from scrapers.distributed import collect as collect_run
    from scrapers.distributed import default_run_id

    try:
        with RunLock(lock_path(db_path), what="collect"):
            results = collect_run(redis_url, run_id or default_run_id(), db_path, sources)
    except LockBusy as exc:
        fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - Redis down, unusable database: one line
        fail(f"collect failed: {exc}", 1)
    if not results:
        fail(f"nothing to collect for run {run_id or default_run_id()} in {redis_url}", 1)
    _print_summary("Crawl summary", results)
    _fail_if_failed([r["source"] for r in results if r.get("outcome") == "failed"])


#: Columns of the per-source summary that crawl, collect and nightly print (from ``crawls``).
SUMMARY_COLUMNS = ("source", "outcome", "pages", "not_modified", "events", "non_events", "new",
                   "changed", "vanished", "errors", "note")


def _print_summary(title: str, crawls: list[dict[str, Any]]) -> None:
    """One row per source's ``crawls`` row, on stderr (stdout stays for data)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for col in SUMMARY_COLUMNS:
        table.add_column(col, justify="left" if col in ("source", "outcome", "note") else "right")
    for r in crawls:
        table.add_row(*("-" if r.get(c) is None else str(r[c]) for c in SUMMARY_COLUMNS))
    Console(stderr=True, width=160).print(table)


def _fail_if_failed(failed: list[str]) -> None:
    if failed:
        fail(f"crawl failed for: {', '.join(failed)} (stored events of those sources untouched)", 1)


# --------------------------------------------------------------------------- nightly


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True, help="The published database (replaced atomically).")
@offline_options
@click.option("--feeds", "feeds_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Where to write the feeds [default: feeds/ beside the database].")
@click.option("--base-url", envvar="EUFUNDS_BASE_URL", default=None, metavar="URL",
              help="Public URL of the catalogue, for the feeds' own links (env EUFUNDS_BASE_URL).")
@click.option("--wait", default=0.0, type=float, metavar="SECONDS", show_default=True,
              help="How long to wait for another run holding the lock before giving up.")
@force_option
def nightly(sources: tuple[str, ...], db_path: Path, offline: bool, sample_site: Path | None,
            feeds_dir: Path | None, base_url: str | None, wait: float, force: bool) -> None:
    """Crawl every enabled source (or SOURCES), publish the database atomically, write feeds."""
    from pipeline.nightly import NightlyError, run_nightly

    try:
        report = run_nightly(db_path, sources=list(sources), offline=offline,
                             sample_site=sample_site, feeds_dir=feeds_dir, base_url=base_url,
                             wait=wait, echo=lambda m: click.echo(f"eufunds: {m}", err=True),
                             force=force)
    except NightlyError as exc:
        fail(str(exc), exc.code)
    _print_summary("Nightly run", report.crawls)
    click.echo(f"eufunds: published {db_path}"
               + (f"; feeds in {report.feeds}" if report.feeds else ""), err=True)
    if report.feeds_error:
        click.echo(f"eufunds: {report.feeds_error}", err=True)
    _fail_if_failed(report.failed_sources)
    if report.feeds_error:
        sys.exit(1)


# --------------------------------------------------------------------------- doctor


@main.command()
@click.argument("sources", nargs=-1)
@offline_options
@click.option("--json", "as_json", is_flag=True,
              help="Print the reports as JSON on stdout (what to paste into an issue).")
@click.option("--sample", default=5, show_default=True, type=click.IntRange(0, 50),
              help="How many item pages per source to fetch and extract.")
def doctor(sources: tuple[str, ...], offline: bool, sample_site: Path | None, as_json: bool,
           sample: int) -> None:
    """Check each source (default: every enabled one) against its portal: HTTP outcome,
    links and selectors that match, dated items, and a verdict (ok, drifted, blocked,
    robots, gone, error). Never writes the database; exit 1 when a source is not ok."""
    from scrapers.doctor import run_doctor
    from scrapers.registry import RegistryError, load_sources

    try:
        registry = load_sources()
    except RegistryError as exc:
        fail(str(exc))
    by_id = {s.id: s for s in registry}
    unknown = [s for s in sources if s not in by_id]
    if unknown:
        fail(f"unknown source(s) {', '.join(unknown)}; see `eufunds sources`")
    if sample_site is not None and not offline:
        fail("--sample-site needs --offline")
    chosen = [by_id[s] for s in sources] if sources else [s for s in registry if s.enabled]
    reports = run_doctor(chosen, offline=offline, sample_site=sample_site, sample=sample)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        _print_doctor(reports)
    bad = [f"{r.source} ({r.verdict})" for r in reports if r.verdict != "ok"]
    if bad:
        fail(f"not ok: {', '.join(bad)}", 1)


def _area_note(found: bool | None) -> str:
    return "" if found is None else f", listing area {'found' if found else 'MISSING'}"


def _print_doctor(reports: list[Any]) -> None:
    """The table (one row per source), then a detail block per source."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=180)
    table = Table(title=f"eufunds doctor: {len(reports)} source(s)")
    for col in ("source", "verdict", "http", "item links", "pagination", "dated/sampled",
                "selectors unmatched", "fallback found"):
        table.add_column(col, justify="right" if col in ("item links", "pagination",
                                                         "dated/sampled") else "left")
    for r in reports:
        table.add_row(r.source, r.verdict, r.http, str(len(r.item_links)),
                      str(len(r.pagination_links)), f"{r.dated}/{r.sampled}",
                      ", ".join(r.selectors_unmatched) or "-", r.fallback)
    console.print(table)
    for r in reports:
        lines = [f"[{r.source}] {r.verdict} (spider {r.spider})"]
        for f in r.fetches:
            lines.append(f"  fetch {f.url}: {f.outcome}"
                         + (f" {f.status}" if f.status else "")
                         + (f" ({f.detail})" if f.detail else "")
                         + f"; item links {f.item_links}, pagination links {f.pagination_links}"
                         + _area_note(f.listing_area_found))
        for e in r.sample:
            lines.append(f"  item {e['url']}: " + (e["error"] if "error" in e else
                         f"start {e.get('start') or '-'}, event {e.get('is_event')}"))
        lines += [f"  why: {reason}" for reason in r.reasons]
        lines += [f"  warning: {warning}" for warning in r.warnings]
        if r.suggestion:
            import yaml

            lines.append("  suggested registry edit (scrapers/sources.yml):")
            lines += ["    " + ln for ln in yaml.safe_dump(
                r.suggestion, allow_unicode=True, sort_keys=False).splitlines()]
        console.print("\n".join(lines), markup=False, highlight=False)


# --------------------------------------------------------------------------- extract


@main.command("extract")
@click.argument("path")
@click.option("--url", default=None, help="The page's URL (for the id and relative links).")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date, when the page does not stamp one.")
def extract_cmd(path: str, url: str | None, published: str | None) -> None:
    """Read one page (HTML or plain text; PATH or - for stdin) and print its record as JSON."""
    from datetime import date

    from pipeline.extract import extract

    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            fail(f"--published must be YYYY-MM-DD, got {published!r}")
    data = _read_input(path)
    record = extract(data, url=url, published=published)
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@main.command("eval")
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List every miss (case, field, expected, got).")
@click.option("--floors", "floors_path", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Per-field floors to check [default: CORPUS/floors.yml if any].")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON on stdout.")
@click.option("--language", default=None, metavar="CODE",
              help="Only the cases whose page is in this language (pl, en, sk, cs, de, lt).")
def eval_cmd(
    corpus: Path, verbose: bool, floors_path: Path | None, as_json: bool, language: str | None
) -> None:
    """Score the extractor on a labelled set of announcements (e.g. tests/corpus/real/).

    Per field: filled-field accuracy (labels the page gives, got right) and false-fill
    rate (labels the page leaves null that we filled). Exit 1 when a score is below the
    floor recorded beside the corpus (floors.yml)."""
    from pipeline.evaluate import CorpusError, below_floors, evaluate, load_floors

    if not corpus.is_dir():
        fail(f"{corpus}: not a folder of labelled cases")
    try:
        report = evaluate(corpus, language)
        floors_file = floors_path or (corpus / "floors.yml")
        floors = load_floors(floors_file) if floors_file.exists() and not language else {}
    except CorpusError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        _print_eval(report, verbose)
    problems = below_floors(report, floors)
    for line in problems:
        click.echo(f"eufunds: below floor: {line}", err=True)
    if problems:
        sys.exit(1)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _print_eval(report: Any, verbose: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=160)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.kinds.items()))
    table = Table(title=f"eufunds eval: {report.cases} cases ({kinds})")
    for col in ("field", "given", "filled accuracy", "null", "false-fill"):
        table.add_column(col, justify="left" if col == "field" else "right")
    rows = list(report.fields.items()) + [(f"{k} (day)", v) for k, v in report.days.items()]
    rows.append(("overall (all but is_event)", report.overall()))
    for name, s in rows:
        table.add_row(name, str(s.given), _pct(s.accuracy), str(s.null), _pct(s.false_fill))
    console.print(table)
    if len(report.by_language) > 1:
        by = Table(title="by page language (overall: all fields but is_event)")
        for col in ("language", "cases", "is_event", "given", "filled accuracy", "null",
                    "false-fill"):
            by.add_column(col, justify="left" if col == "language" else "right")
        for code, sub in sorted(report.by_language.items(), key=lambda kv: -kv[1].cases):
            o, ev = sub.overall(), sub.fields["is_event"]
            by.add_row(code, str(sub.cases), _pct(ev.accuracy), str(o.given), _pct(o.accuracy),
                       str(o.null), _pct(o.false_fill))
        console.print(by)
    if verbose:
        for m in report.misses:
            console.print(f"{m.case:>5} {m.field:<22} {m.kind:<10} expected {m.expected!r} "
                          f"got {m.got!r}", markup=False, highlight=False)


def _read_input(path: str) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        p = Path(path)
        if not p.exists():
            fail(f"{path}: no such file")
        if p.is_dir():
            fail(f"{path}: is a directory, expected a file")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            fail(f"{path}: cannot read: {exc.strerror or exc}")
    if len(data) > MAX_INPUT_BYTES:
        fail(f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, refusing to read it")
    return data


# --------------------------------------------------------------------------- serve

#: The catalogue's own Datasette plugin (memory-mapped reads, each facet computed once).
PLUGINS_DIR = Path(__file__).resolve().parent / "datasette_plugins"
#: the event page and other page templates (Datasette's --template-dir)
TEMPLATES_DIR = Path(__file__).resolve().parent / "datasette_templates"

#: Datasette settings of the public catalogue; the tests' in-process Datasette uses them too.
#: The database changes once a night (and is served immutable), so responses may be cached
#: for an hour; queries and facets get time limits; arbitrary SQL stays read-only.
SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "default_cache_ttl": 3600,
    "allow_download": False,
    "suggest_facets": False,
    # Every registry source (51 with the Interreg programmes) in the source facet, not the
    # first 30: a facet that silently drops sources reads as "no events there".
    "default_facet_size": 100,
    "truncate_cells_html": 300,  # long body/summary cells in HTML pages; JSON/CSV stay whole
}


@main.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--feeds", "feeds_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Static feeds to serve under /feeds/ "
              "[default: feeds/ beside the database, when `eufunds export` wrote it].")
@click.option("--cors", is_flag=True,
              help="Send Access-Control-Allow-Origin: * so browser apps on other sites can "
              "read the JSON and feeds (off unless asked for).")
@click.option("--production", is_flag=True,
              help="nginx with a cache in front of one Datasette process per core, moving to "
              "each database `eufunds nightly` publishes without a gap (deploy/, README).")
@click.option("--workers", type=int, default=0,
              help="Datasette processes with --production [default: one per core].")
@click.option("--run-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              envvar="EUFUNDS_RUN_DIR", help="With --production: sockets, nginx "
              "configuration and cache [default: a temporary folder; systemd: /run/eufunds].")
@click.option("--max-conns", type=int, default=32, show_default=True,
              help="With --production: requests each Datasette process takes at once; "
              "beyond them nginx answers 503 with Retry-After at once.")
def serve(db_path: Path, host: str, port: int, feeds_dir: Path | None, cors: bool,
          production: bool = False, workers: int = 0, run_dir: Path | None = None,
          max_conns: int = 32) -> None:
    """Serve the catalogue with Datasette and metadata.yml (read-only, immutable)."""
    if not db_path.is_file():
        fail(f"{db_path}: no database; run `eufunds crawl --offline --db {db_path}` first")
    if production:
        from pipeline.production import ProductionError, ProductionServer, serve_production

        try:
            serve_production(ProductionServer(db_path, host=host, port=port, workers=workers,
                                              feeds_dir=feeds_dir, run_dir=run_dir, cors=cors,
                                              max_conns=max_conns))
        except ProductionError as exc:
            fail(str(exc), 1)
        return
    args = datasette_args(db_path, host=host, port=port, feeds_dir=feeds_dir, cors=cors)
    click.echo(f"Serving {db_path} at http://{host}:{port}/events/events", err=True)
    os.execv(sys.executable, [sys.executable, "-m", "datasette", *args])


def default_feeds_dir(db_path: Path) -> Path:
    """Where ``eufunds export`` writes and ``eufunds serve`` looks: feeds/ beside the DB."""
    return db_path.parent / "feeds"


def datasette_args(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001,
                   feeds_dir: Path | None = None, cors: bool = False) -> list[str]:
    """The ``datasette serve`` arguments for the catalogue; shared with the tests.

    Datasette names a database after its file, and the catalogue's URLs are
    ``/events/...``; a file with another name is served through a symlink.
    """
    feeds_dir = feeds_dir or default_feeds_dir(db_path)
    db_path = db_path.resolve()
    if db_path.stem != "events":
        import tempfile

        link = Path(tempfile.mkdtemp(prefix="eufunds-serve-")) / "events.db"
        link.symlink_to(db_path)
        db_path = link
    args = [
        "serve", "-i", str(db_path), "--metadata", str(catalogue_metadata(db_path)),
        "--host", host, "--port", str(port), "--plugins-dir", str(PLUGINS_DIR),
        "--template-dir", str(TEMPLATES_DIR),
    ]
    if cors:
        args.append("--cors")
    for name, value in SETTINGS.items():
        if isinstance(value, bool):
            value = "on" if value else "off"
        args += ["--setting", name, str(value)]
    if feeds_dir.is_dir():
        args += ["--static", f"feeds:{feeds_dir.resolve()}"]
    return args


SAMPLE_NOTE = (
    "<p><strong>Sample data.</strong> These events were crawled from the pages bundled in"
    " <code>data/sample-site/</code>, written for this project in the style of each portal;"
    " they are not real announcements.</p>"
)


def catalogue_metadata(db_path: Path) -> Path:
    """``metadata.yml``, or, for a database crawled from the bundled sample site, a copy
    whose title and description say that the events are sample data."""
    from pipeline.store import is_sample

    if not is_sample(db_path):
        return METADATA
    import tempfile

    import yaml

    meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    meta["title"] = f"SAMPLE DATA: {meta.get('title', 'EU-funds events')}"
    meta["description_html"] = SAMPLE_NOTE + meta.get("description_html", "")
    path = Path(tempfile.mkdtemp(prefix="eufunds-meta-")) / "metadata.yml"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- export


@main.command("export")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True, help="Database to read.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into [default: feeds/ beside the database].")
@click.option("--base-url", envvar="EUFUNDS_BASE_URL", default=None, metavar="URL",
              help="Public URL of the catalogue, for the feeds' own links (env EUFUNDS_BASE_URL).")
def export_cmd(db_path: Path, out_dir: Path | None, base_url: str | None) -> None:
    """Write the static feeds: feed.json (JSON Feed 1.1), events.atom, events.ics, events.csv."""
    import sqlite3

    from pipeline import feeds, store

    if not db_path.is_file():
        fail(f"{db_path}: no database; run `eufunds crawl --db {db_path}` first")
    out_dir = out_dir or default_feeds_dir(db_path)
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: not a directory")
    try:
        store.open_db(db_path).conn.close()  # brings the views the feeds read up to date
    except store.StoreError as exc:
        fail(str(exc))
    from pipeline.production import drop_precompressed, precompress

    try:
        drop_precompressed(out_dir)
        counts = feeds.export(db_path, out_dir, base_url=base_url)
        precompress(out_dir)  # the gzip copies nginx serves (deploy/nginx.conf)
    except (OSError, sqlite3.DatabaseError, ValueError) as exc:
        fail(f"export failed: {exc}", 1)
    written = ", ".join(f"{name} ({n})" for name, n in counts.items())
    click.echo(f"eufunds: wrote {written} to {out_dir}", err=True)


# --------------------------------------------------------------------------- sources


@main.command("sources")
@click.option("--db", "db_path", type=click.Path(path_type=Path), default=DEFAULT_DB,
              show_default=True, help="Database whose crawl log gives each last outcome.")
def sources_cmd(db_path: Path) -> None:
    """List the portal registry with each source's last crawl outcome."""
    from rich.console import Console
    from rich.table import Table

    from scrapers.registry import RegistryError, load_sources

    try:
        sources = load_sources()
    except RegistryError as exc:
        fail(str(exc))
    last = _last_crawls(db_path)
    table = Table(title=f"{len(sources)} sources")
    for col in ("id", "level", "region", "host", "evidence", "enabled", "last crawl"):
        table.add_column(col)
    for s in sources:
        crawl = last.get(s.id)
        table.add_row(s.id, s.level, s.region or "-", s.hosts[0], s.evidence,
                      "yes" if s.enabled else "no",
                      f"{crawl['outcome']} {crawl['started']}" if crawl else "never")
    Console(width=200).print(table)


def _last_crawls(db_path: Path) -> dict[str, dict[str, Any]]:
    import sqlite3

    if not db_path.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        rows = conn.execute(
            "select source, outcome, max(started) from crawls group by source"
        ).fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {r[0]: {"outcome": r[1], "started": r[2]} for r in rows}


if __name__ == "__main__":  # pragma: no cover
    main()
