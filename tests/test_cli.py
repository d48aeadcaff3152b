"""The CLI's contract: subcommands exist, bad input gets one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_eufunds


def test_help_lists_the_subcommands() -> None:
    out = run_eufunds("--help").stdout.decode()
    for name in ("crawl", "extract", "serve", "sources"):
        assert name in out


def test_sources_lists_the_registry() -> None:
    result = run_eufunds("sources")
    assert result.returncode == 0
    assert "funduszeue.lubelskie.pl" in result.stdout.decode()


def assert_clean_error(result, fragment: str) -> None:  # type: ignore[no-untyped-def]
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err
    assert fragment in err
    assert len(err.strip().splitlines()) == 1


def test_extract_missing_file(tmp_path: Path) -> None:
    assert_clean_error(run_eufunds("extract", str(tmp_path / "nope.html")), "no such file")


def test_extract_directory(tmp_path: Path) -> None:
    assert_clean_error(run_eufunds("extract", str(tmp_path)), "is a directory")


def test_extract_bad_published_date(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Spotkanie 6 grudnia 2023.", encoding="utf-8")
    assert_clean_error(run_eufunds("extract", str(page), "--published", "24-11-2023"), "YYYY-MM-DD")


def test_extract_from_stdin_prints_one_record() -> None:
    text = "Spotkanie informacyjne odbędzie się 6 grudnia 2023 r. o godz. 10:00 w Lublinie."
    result = run_eufunds("extract", "-", "--published", "2023-11-24", input=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["start"] == "2023-12-06T10:00"
    assert record["city"] == "Lublin"
    assert record["published"] == "2023-11-24"


def test_extract_empty_file_is_not_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_eufunds("extract", str(empty))
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["is_event"] is False and record["start"] is None


def test_crawl_unknown_source(tmp_path: Path) -> None:
    result = run_eufunds("crawl", "no-such-portal", "--offline", "--db", str(tmp_path / "e.db"))
    assert_clean_error(result, "unknown source")


def test_crawl_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "events.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    result = run_eufunds("crawl", "--offline", "--db", str(bogus))
    assert_clean_error(result, "not a usable SQLite database")
    assert bogus.read_bytes() == b"this is not sqlite at all" * 100


def test_serve_without_database(tmp_path: Path) -> None:
    assert_clean_error(run_eufunds("serve", "--db", str(tmp_path / "none.db")), "no database")


def test_sample_data_is_labelled_in_the_catalogue(sample_db: Path, tmp_path: Path) -> None:
    import yaml

    from pipeline import store
    from pipeline.cli import METADATA, datasette_args

    def served_metadata(db: Path) -> dict:
        args = datasette_args(db)
        return yaml.safe_load(Path(args[args.index("--metadata") + 1]).read_text("utf-8"))

    sample = served_metadata(sample_db)
    assert sample["title"].startswith("SAMPLE DATA")
    assert "not real announcements" in sample["description_html"]
    # The catalogue's own configuration is otherwise the same.
    assert sample["databases"] == yaml.safe_load(METADATA.read_text("utf-8"))["databases"]

    live = tmp_path / "events.db"
    db = store.open_db(live)
    store.start_crawl(db, "lubelskie", offline=False)
    db.conn.close()
    assert not served_metadata(live)["title"].startswith("SAMPLE DATA")
