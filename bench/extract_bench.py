"""Throughput of ``pipeline.extract.extract`` against the dateparser baseline.

A few thousand announcements are generated from templates in the portals'
style (every date surface form, time ranges, deadlines, languages, places,
filler paragraphs, about 1-2.5 KB each). Then, on one core:

* docs/second of ``extract()`` over all of them (plain text, and as HTML pages);
* docs/second of ``dateparser.search_dates(text, languages=["pl"])`` over a
  sample (it is ~100x slower; the sample's rate is reported as is: it is a
  rate, so no extrapolation beyond the per-document mean is involved);
* the ratio, and how often extract() got the generated start exactly right.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass

GEN_MONTHS = [
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
    "września", "października", "listopada", "grudnia",
]  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
CITIES = [
    ("Lublin", "Lublinie"), ("Toruń", "Toruniu"), ("Łódź", "Łodzi"), ("Kraków", "Krakowie"),
    ("Rzeszów", "Rzeszowie"), ("Białystok", "Białymstoku"), ("Opole", "Opolu"),
    ("Zielona Góra", "Zielonej Górze"), ("Gdańsk", "Gdańsku"), ("Kielce", "Kielcach"),
]  # fmt: skip
KINDS = ["Spotkanie informacyjne", "Szkolenie", "Webinarium", "Konferencja", "Warsztaty",
         "Dzień otwarty Funduszy Europejskich", "Konsultacje"]  # fmt: skip
FILLER = [
    "Podczas spotkania eksperci omówią zasady przygotowania wniosku o dofinansowanie oraz "
    "najczęstsze błędy popełniane przez wnioskodawców.",
    "Spotkanie skierowane jest do przedsiębiorców, organizacji pozarządowych i jednostek "
    "samorządu terytorialnego zainteresowanych pozyskaniem środków z Funduszy Europejskich.",
    "W programie przewidziano część prezentacyjną oraz czas na pytania uczestników. Materiały "
    "zostaną przesłane uczestnikom drogą elektroniczną po zakończeniu wydarzenia.",
    "Punkty Informacyjne Funduszy Europejskich udzielają bezpłatnych konsultacji na każdym etapie "
    "realizacji projektu, od pomysłu po rozliczenie.",
    "Dla kogo? Dla osób planujących złożenie wniosku w najbliższych naborach, w szczególności "
    "w obszarze cyfryzacji, energii i usług społecznych.",
]


@dataclass
class Doc:
    text: str
    html: str
    start: str
    published: str


def _date_form(rng: random.Random, d: dt.date, with_year: bool = True) -> str:
    forms = [
        f"{d.day} {GEN_MONTHS[d.month - 1]} {d.year}",
        f"{d.day} {GEN_MONTHS[d.month - 1]} {d.year} r.",
        f"{d.day} {ROMAN[d.month - 1]} {d.year}",
        f"{d.day}.{d.month:02d}.{d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year} r.",
        f"{d.isoformat()}",
        f"{d.day}/{d.month}/{d.year}",
    ]
    if not with_year:
        return f"{d.day} {GEN_MONTHS[d.month - 1]}"
    return rng.choice(forms)


def generate(n: int, seed: int = 7) -> list[Doc]:
    """``n`` announcements with their expected start (YYYY-MM-DDTHH:MM)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        pub = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        day = pub + dt.timedelta(days=rng.randrange(7, 60))
        deadline = day - dt.timedelta(days=rng.randrange(2, 6))
        h1 = rng.choice([9, 10, 11, 12, 13])
        h2 = h1 + rng.choice([1, 2, 3])
        sep = rng.choice([":", "."])
        kind = rng.choice(KINDS)
        city, loc = rng.choice(CITIES)
        online = rng.random() < 0.4
        lang = rng.choice(["", "", "", " w języku angielskim", " w języku polskim"])
        time_phrase = rng.choice([
            f"w godzinach {h1}{sep}00-{h2}{sep}00",
            f"w godz. {h1}{sep}00–{h2}{sep}30",
            f"od godz. {h1}{sep}00 do {h2}{sep}00",
            f"o godz. {h1}{sep}00",
        ])  # fmt: skip
        place = "online" if online else f"w {loc}"
        paras = [
            f"{kind} dla wnioskodawców nr {i}",
            f"{pub.day:02d}-{pub.month:02d}-{pub.year}",
            f"Zapraszamy na {kind.lower()}{lang}. {rng.choice(FILLER)}",
            f"Wydarzenie odbędzie się {_date_form(rng, day)} {time_phrase} {place}.",
            rng.choice(FILLER),
            f"Zgłoszenia przyjmowane są do {_date_form(rng, deadline, with_year=False)}. "
            "Udział w spotkaniu jest bezpłatny. Liczba miejsc ograniczona.",
            rng.choice(FILLER),
            "" if online else f"Miejsce: Sala konferencyjna, ul. Spokojna {i % 90 + 1}, {city}",
            rng.choice(FILLER) + " " + rng.choice(FILLER),
            # announcements run from a few sentences to a couple of kilobytes
            *(rng.choice(FILLER) for _ in range(rng.randrange(0, 6))),
        ]
        paras = [p for p in paras if p]
        text = "\n".join(paras)
        html = (
            "<!DOCTYPE html><html lang='pl'><head><meta charset='utf-8'><title>"
            f"{paras[0]} - Portal</title></head><body><div id='preloader'><p>Trwa ładowanie..."
            "</p></div><header><nav><ul><li><a href='/'>Start</a></li><li><a href='/nabory'>"
            "Nabory</a></li></ul></nav></header><main><article><h1>"
            f"{paras[0]}</h1><time datetime='{pub.isoformat()}'>{paras[1]}</time>"
            + "".join(f"<p>{p}</p>" for p in paras[2:])
            + "</article></main><footer><p>Kontakt: pife@example.org</p></footer></body></html>"
        )
        start = f"{day.isoformat()}T{h1:02d}:00"
        docs.append(Doc(text=text, html=html, start=start, published=pub.isoformat()))
    return docs


def _rate(fn, items: list) -> tuple[float, float]:  # noqa: ANN001
    """(documents per second, seconds) on this process's one core (CPU time)."""
    t0 = time.process_time()
    w0 = time.perf_counter()
    for it in items:
        fn(it)
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    return len(items) / max(cpu, 1e-9), wall


def run(n: int = 3000, baseline_sample: int = 150) -> dict[str, float]:
    from pipeline.extract import extract

    docs = generate(n)
    # warm up (imports, regex caches)
    for d in docs[:50]:
        extract(d.text)
    # the median of three passes each (a 2-core machine shared with other work is noisy)
    text_rate = statistics.median(_rate(lambda d: extract(d.text), docs)[0] for _ in range(3))
    html_rate = statistics.median(_rate(lambda d: extract(d.html), docs)[0] for _ in range(3))
    correct = sum(1 for d in docs if extract(d.text)["start"] == d.start)
    correct_html = sum(1 for d in docs[:500] if extract(d.html)["start"] == d.start)

    import dateparser.search

    sample = docs[:baseline_sample]
    dateparser.search.search_dates(sample[0].text, languages=["pl"])  # warm up
    base_rate, base_wall = _rate(
        lambda d: _safe_search(dateparser.search.search_dates, d.text), sample
    )
    print(f"generated announcements: {n} (plain text, mean {_mean_len(docs)} chars)")
    print(f"extract() plain text:   {text_rate:,.0f} docs/s  (median of 3; start exact: "
          f"{correct}/{n})")  # fmt: skip
    print(f"extract() HTML pages:   {html_rate:,.0f} docs/s  (start exact: {correct_html}/500)")
    print(
        f"dateparser.search_dates(languages=['pl']): {base_rate:,.1f} docs/s "
        f"(sample of {len(sample)} docs, {base_wall:.1f} s)"
    )
    print(f"ratio extract/search_dates: {text_rate / base_rate:,.0f}x (plain text), "
          f"{html_rate / base_rate:,.0f}x (HTML)")  # fmt: skip
    by_language = real_pages_by_language()
    return {"extract": text_rate, "extract_html": html_rate, "baseline": base_rate,
            **{f"extract_{code}": rate for code, rate in by_language.items()}}  # fmt: skip


def real_pages_by_language(rounds: int = 20) -> dict[str, float]:
    """docs/second of extract() on the real development cases, per page language (each
    language's cases read ``rounds`` times; other languages pay for the language detector
    and their own tables)."""
    from pathlib import Path

    import yaml

    from pipeline.extract import extract

    folder = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "real" / "cases"
    by: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = str(case.get("page_language") or "pl")
        by.setdefault(code, []).append((case["text"], case.get("source_url") or ""))
    rates = {}
    for code, cases in sorted(by.items(), key=lambda kv: -len(kv[1])):
        for text, url in cases:
            extract(text, url=url)  # warm up: this language's tables and gazetteer
        rate = statistics.median(
            _rate(lambda c: extract(c[0], url=c[1]), cases * rounds)[0] for _ in range(3)
        )
        rates[code] = rate
        print(f"extract() real pages, {code}: {rate:,.0f} docs/s  ({len(cases)} cases x {rounds})")
    return rates


def _safe_search(fn, text: str):  # noqa: ANN001, ANN202
    try:
        return fn(text, languages=["pl"])
    except Exception:  # dateparser raises TypeError on some Polish inputs (#1024)
        return None


def _mean_len(docs: list[Doc]) -> int:
    return sum(len(d.text) for d in docs) // max(1, len(docs))


if __name__ == "__main__":
    run()
