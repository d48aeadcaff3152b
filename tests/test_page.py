"""Page reading: decoding (declared charset, detection, never Latin-1 for
Polish), main text without navigation/cookies/preloader, title, the page's own
date stamp (visible text over a swapped datetime attribute), links."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.page import decode, looks_like_html, parse_page, stamp_in_text

POLISH = "Szkolenie w Łodzi: zażółć gęślą jaźń, ŚĆŹŻ"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1250", "iso-8859-2"])
def test_declared_header_charset(encoding: str) -> None:
    assert decode(POLISH.encode(encoding), f"text/html; charset={encoding}") == POLISH


@pytest.mark.parametrize("encoding", ["windows-1250", "iso-8859-2", "utf-8"])
def test_meta_charset(encoding: str) -> None:
    html = f'<html><head><meta charset="{encoding}"></head><body>{POLISH}</body></html>'
    assert POLISH in decode(html.encode(encoding))


def test_http_equiv_charset() -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'
        f"</head><body>{POLISH}</body></html>"
    )
    assert POLISH in decode(html.encode("cp1250"))


def test_header_and_meta_disagree_polish_letters_win() -> None:
    html = f'<html><head><meta charset="windows-1250"></head><body>{POLISH}</body></html>'
    assert POLISH in decode(html.encode("cp1250"), "text/html; charset=iso-8859-2")


def test_latin1_declaration_is_not_trusted_for_polish_bytes() -> None:
    assert decode(POLISH.encode("cp1250"), "text/html; charset=ISO-8859-1") == POLISH


def test_undeclared_windows_1250_is_detected() -> None:
    text = "Spotkanie odbędzie się w Łodzi, w sali przy ul. Piotrkowskiej. Zapraszamy serdecznie!"
    assert decode(text.encode("cp1250")) == text


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    out = decode("Spotkanie w Łodzi 6 grudnia ".encode() + b"\xff\xfe" + " gęślą".encode())
    assert "Łodzi" in out and "gęślą" in out


def test_bom_and_empty() -> None:
    assert decode(b"\xef\xbb\xbf" + POLISH.encode()) == POLISH
    assert decode(b"") == ""


@settings(max_examples=200)
@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=60)))
def test_decode_never_raises(data: bytes, content_type: str | None) -> None:
    assert isinstance(decode(data, content_type), str)


def test_looks_like_html() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <div><p>Spotkanie</p></div>")
    assert looks_like_html("Tekst <b>pogrubiony</b> i <a href='x'>link</a> oraz <br> linia")
    assert not looks_like_html("Spotkanie odbędzie się 6 grudnia 2023 r. w Lublinie.")
    assert not looks_like_html("Cena < 100 zł i > 50 zł")


MINISTRY = """<!DOCTYPE html><html lang="pl"><head><title>Tytuł z head - Portal</title></head>
<body><div id="preloader"><p>Trwa ładowanie...</p></div>
<div id="preloaderNewsletter"><p>Trwa zapisywanie na newsletter...</p></div>
<header><nav><ul><li><a href="/strony/skorzystaj/">Skorzystaj</a></li></ul></nav></header>
<div class="cookies-info">Strona używa plików cookies.</div>
<section role="main"><h1>Spotkanie w&nbsp;Zamościu</h1>
<time class="news-date" datetime="2018-12-03">12.03.2018</time>
<p>Spotkanie odbędzie się <strong>21&nbsp;marca</strong> 2018 roku o godz.&nbsp;10:00.</p>
<ul><li>punkt pierwszy</li><li>punkt drugi</li></ul>
<p>Więcej na <a href="/strony/wiadomosci/zamosc/">stronie</a>
i <a href="javascript:void(0)">tu</a>.</p>
<script>var x = "<p>nie tekst</p>";</script><form><input value="Szukaj"></form>
</section>
<aside>Polecamy: konferencja 5 kwietnia 2018</aside>
<footer>Ministerstwo · <a href="/rss">RSS</a></footer></body></html>"""


def test_ministry_page_main_text_title_stamp_links() -> None:
    page = parse_page(MINISTRY, url="https://www.funduszeeuropejskie.gov.pl/strony/x/")
    assert page.title == "Spotkanie w Zamościu"
    assert page.published == "2018-03-12"  # the visible text, not the swapped attribute
    assert page.lang == "pl"
    assert page.text.split("\n") == [
        "Spotkanie w Zamościu",
        "12.03.2018",
        "Spotkanie odbędzie się 21 marca 2018 roku o godz. 10:00.",
        "punkt pierwszy",
        "punkt drugi",
        "Więcej na stronie i tu.",
    ]
    assert page.links == [
        ("https://www.funduszeeuropejskie.gov.pl/strony/wiadomosci/zamosc/", "stronie")
    ]


def test_selectors_win_and_fall_back() -> None:
    html = "<html><body><div class='a'><h2>T</h2><p>X 1 maja 2024</p></div><main>" + (
        "<h1>Główny</h1><p>" + "Treść strony. " * 20 + "</p></main></body></html>"
    )
    assert parse_page(html, selectors={"body": ".a", "title": "h2"}).title == "T"
    page = parse_page(html, selectors={"body": ".missing", "title": ".none", "date": ".none"})
    assert page.title == "Główny" and page.text.startswith("Główny")


def test_stamp_forms() -> None:
    assert stamp_in_text("Tytuł\nData publikacji: 24-11-2023\nTreść") == "2023-11-24"
    assert stamp_in_text("Opublikowano: 2012-10-25") == "2012-10-25"
    assert stamp_in_text("Tytuł\n27.03.2023 r.\nTreść") == "2023-03-27"
    assert stamp_in_text("Tytuł\nTermin:\n6.12.2023\nTreść") is None
    assert stamp_in_text("Spotkanie odbędzie się 6 grudnia 2023 r.") is None


def test_meta_published_time() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2024-02-01T10:00:00+01:00">'
        "</head><body><article><h1>Tytuł</h1><p>" + "Treść. " * 30 + "</p></article></body></html>"
    )
    assert parse_page(html).published == "2024-02-01"


def test_soft_hyphen_and_nbsp_inside_dates() -> None:
    page = parse_page("<p>Spot\u00adkanie 6&nbsp;grud\u00adnia 2023</p>")
    assert page.text == "Spotkanie 6 grudnia 2023"


def test_deep_nesting_and_huge_pages_are_parsed() -> None:
    deep = ("<div>" * 50_000) + "Spotkanie odbędzie się 6 grudnia 2023" + ("</div>" * 50_000)
    assert "6 grudnia 2023" in parse_page(deep).text
    big = "<p>Akapit o funduszach europejskich. </p>" * 250_000  # ~10 MB
    assert parse_page(big).text.startswith("Akapit")


def test_sample_html_from_shared_reference_if_present() -> None:
    # The stored 2018 national-portal excerpt (reference data, not committed here).
    ref = Path(__file__).resolve().parents[2] / "shared" / "portal-html"
    path = ref / "funduszeeuropejskie.gov.pl_home_2018_excerpt.html"
    html = path.read_text("utf-8") if path.exists() else MINISTRY
    page = parse_page(html)
    assert "Trwa ładowanie" not in page.text and "Trwa zapisywanie" not in page.text


def test_an_event_date_is_not_the_page_stamp() -> None:
    body = "<p>" + "Zapraszamy na szkolenie dla beneficjentów. " * 4 + "</p>"
    html = (
        "<html><body><main><h1>Szkolenie</h1><div class='event-date'>6 grudnia 2023</div>"
        f"<p>Szkolenie odbędzie się <time datetime='2023-12-06'>6 grudnia 2023</time> w Opolu, "
        f"w sali konferencyjnej urzędu.</p>{body}<span class='post-date'>20.11.2023</span>"
        "</main></body></html>"
    )
    assert parse_page(html).published == "2023-11-20"


def test_a_stamp_in_brackets_under_the_title() -> None:
    from pipeline.page import stamp_in_text

    text = "Metinis suvažiavimas\n(2015-05-18)\nPrezidiumas nusprendė ..."
    assert stamp_in_text(text) == "2015-05-18"
