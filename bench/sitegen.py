"""A generated portal for crawl benchmarks and the distributed-crawl test.

``generate_site(root, pages)`` writes ``pages`` event announcements plus their
paginated listing under ``root/funduszeue.lubelskie.pl/...`` in the layout the
replay server serves (``pipeline.replay``) and the ``lubelskie`` registry entry
crawls (``ul.event-list`` item links, ``?page=N`` pagination, the
``news-single`` selectors). So the crawl of a generated site runs exactly the
production spider, pipelines and store.

Detail pages are 30-80 KB, like real portal pages: 1.5-4 KB of announcement
(dates in every surface form, times, places, deadlines, languages) inside the
usual weight of a CMS page (a mega menu, inline SVG icons, inline scripts and
styles, related links, a long footer). About one page in ten is not an event
(a call for proposals). Deterministic for a given seed; nothing here is committed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

HOST = "funduszeue.lubelskie.pl"
LISTING = "/efs/spotkania-wydarzenia/"
PER_PAGE = 25

MONTHS = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
          "września", "października", "listopada", "grudnia"]
CITIES = [("Lublin", "Lublinie"), ("Zamość", "Zamościu"), ("Chełm", "Chełmie"),
          ("Biała Podlaska", "Białej Podlaskiej"), ("Puławy", "Puławach"),
          ("Kraśnik", "Kraśniku"), ("Świdnik", "Świdniku"), ("Łuków", "Łukowie")]
KINDS = ["Spotkanie informacyjne", "Szkolenie", "Webinarium", "Konferencja", "Warsztaty",
         "Konsultacje", "Dzień otwarty Funduszy Europejskich"]
FILLER = [
    "Podczas spotkania eksperci omówią zasady przygotowania wniosku o dofinansowanie oraz "
    "najczęstsze błędy popełniane przez wnioskodawców.",
    "Spotkanie skierowane jest do przedsiębiorców, organizacji pozarządowych i jednostek "
    "samorządu terytorialnego zainteresowanych pozyskaniem środków z Funduszy Europejskich.",
    "W programie przewidziano część prezentacyjną oraz czas na pytania uczestników. Materiały "
    "zostaną przesłane uczestnikom drogą elektroniczną po zakończeniu wydarzenia.",
    "Punkty Informacyjne Funduszy Europejskich udzielają bezpłatnych konsultacji na każdym "
    "etapie realizacji projektu, od pomysłu po rozliczenie.",
    "Dla kogo? Dla osób planujących złożenie wniosku w najbliższych naborach, w szczególności "
    "w obszarze włączenia społecznego, edukacji i rynku pracy.",
    "Prosimy o zabranie ze sobą dokumentu tożsamości. Organizator zapewnia przerwę kawową.",
]


def _head(title: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="pl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} - Fundusze Europejskie dla Lubelskiego</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    )


def _menu(rng: random.Random) -> str:
    """The mega menu every page of a CMS carries (about 12-20 KB)."""
    parts = ['<header class="site-header"><a class="logo" href="/">Fundusze Europejskie dla '
             'Lubelskiego 2021-2027</a><nav class="main-menu"><ul>']
    for s in range(rng.randrange(8, 12)):
        parts.append(f'<li class="menu-item has-sub"><a href="/sekcja-{s}/">Sekcja {s}</a>'
                     '<ul class="sub-menu">')
        for k in range(rng.randrange(10, 16)):
            parts.append(f'<li class="menu-item"><a href="/sekcja-{s}/podstrona-{k}/" '
                         f'title="Podstrona {k} sekcji {s}">Podstrona {k} — informacje '
                         "dla beneficjentów</a></li>")
        parts.append("</ul></li>")
    parts.append("</ul></nav></header>\n")
    return "".join(parts)


def _icons(rng: random.Random) -> str:
    """Inline SVG icon sprites (markup-heavy, no text)."""
    path = "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 " * 3
    return "".join(
        f'<svg style="display:none"><symbol id="i{n}" viewBox="0 0 24 24"><path d="{path}"/>'
        "</symbol></svg>" for n in range(rng.randrange(20, 60)))


def _script(rng: random.Random, size: int) -> str:
    """Inline configuration script and styles, as CMS themes embed them."""
    entry = '{"k":"%05d","v":"wartość konfiguracyjna modułu statystyk i zgody cookies"},'
    n = max(0, size // len(entry % 0))
    body = "".join(entry % rng.randrange(100000) for _ in range(n))
    css = ".news-single__body p{margin:0 0 1em}.event-list__item{padding:.5em 0}" * 20
    return f"<style>{css}</style><script>window.__CONFIG__=[{body}{{}}];</script>\n"


def _footer() -> str:
    links = "".join(f'<a href="/stopka/link-{n}/">Link w stopce {n}</a> | ' for n in range(40))
    return (
        '<footer class="site-footer"><p>Urząd Marszałkowski Województwa Lubelskiego, '
        "Departament Zarządzania EFS+. Wszelkie prawa zastrzeżone.</p>"
        f"<p>{links}</p></footer>\n</body>\n</html>\n"
    )


def _date(rng: random.Random, d: dt.date) -> str:
    return rng.choice([
        f"{d.day} {MONTHS[d.month - 1]} {d.year} r.",
        f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year} r.",
        f"{d.day}.{d.month:02d}.{d.year}",
    ])


def slug(i: int) -> str:
    return f"wydarzenie-{i:06d}"


def _detail(rng: random.Random, i: int, upcoming: dt.date | None = None,
            always_event: bool = False) -> tuple[str, str, dt.date]:
    """One announcement page; ``upcoming``: an event still to come, published within
    the month before that day (the newest announcements of a portal)."""
    if upcoming is not None:
        pub = upcoming - dt.timedelta(days=rng.randrange(0, 30))
        day = upcoming + dt.timedelta(days=rng.randrange(7, 90))
    else:
        pub = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        day = pub + dt.timedelta(days=rng.randrange(7, 60))
    city, loc = rng.choice(CITIES)
    if rng.random() < 0.1 and not always_event:
        title = f"Ogłoszenie naboru wniosków w Działaniu {rng.randrange(1, 12)}.{i % 20}"
        paras = [f"Instytucja Zarządzająca ogłasza nabór wniosków nr {i}.",
                 *rng.sample(FILLER, 4),
                 f"Wnioski można składać od {_date(rng, day)} w systemie WOD2021."]
    else:
        kind = rng.choice(KINDS)
        title = f"{kind} dla wnioskodawców nr {i} – {city}"
        h1 = rng.choice([9, 10, 11, 12, 13])
        h2 = h1 + rng.choice([1, 2, 3])
        online = rng.random() < 0.35
        place = "online na platformie Zoom" if online else f"w {loc}"
        deadline = day - dt.timedelta(days=rng.randrange(2, 6))
        paras = [
            f"Zapraszamy na {kind.lower()} dotyczące Funduszy Europejskich dla Lubelskiego.",
            rng.choice(FILLER),
            f"Wydarzenie odbędzie się {_date(rng, day)} w godzinach {h1}:00-{h2}:00 {place}.",
            *rng.sample(FILLER, 3),
            f"Zgłoszenia przyjmowane są do {deadline.day} {MONTHS[deadline.month - 1]}. "
            "Udział jest bezpłatny. Liczba miejsc ograniczona.",
            "" if online else f"Miejsce: Sala konferencyjna, ul. Spokojna {i % 90 + 1}, {city}",
            rng.choice(FILLER) + " " + rng.choice(FILLER),
        ]
    body = "".join(f"<p>{p}</p>" for p in paras if p)
    related = "".join(
        f'<li><a href="{LISTING}{slug(rng.randrange(0, i + 1))}/">Zobacz też: wydarzenie</a></li>'
        for _ in range(8))
    target = rng.randrange(30_000, 80_000)
    page = [
        _head(title),
        "</head>\n<body>\n",
        '<div id="cookie-consent" class="cookie-bar">Serwis używa plików cookies. '
        "<button>Zgadzam się</button></div>\n",
        _menu(rng), _icons(rng),
        f'<div class="breadcrumbs"><a href="/">Strona główna</a> / <a href="{LISTING}">'
        f"Spotkania i wydarzenia</a> / <span>{title}</span></div>\n",
        '<main id="content" class="page-content"><article class="news-single">'
        f'<h1 class="news-single__title">{title}</h1>'
        f'<div class="news-single__meta">Data publikacji: <time datetime="{pub.isoformat()}">'
        f"{pub.day:02d}.{pub.month:02d}.{pub.year}</time></div>"
        f'<div class="news-single__body">{body}</div></article>'
        f'<aside class="related"><ul>{related}</ul></aside></main>\n',
    ]
    footer = _footer()
    used = sum(len(p.encode()) for p in page) + len(footer.encode())
    page.append(_script(rng, target - used))
    page.append(footer)
    return title, "".join(page), pub


def _listing(n: int, last: int, items: list[tuple[int, str, dt.date]]) -> str:
    rows = "".join(
        f'<li class="event-list__item"><span class="date">{pub.day:02d}.{pub.month:02d}.'
        f'{pub.year}</span> <a href="{LISTING}{slug(i)}">{title}</a></li>\n'
        for i, title, pub in items)
    window = sorted({1, last, *range(max(1, n - 2), min(last, n + 3) + 1)})
    pager = " ".join(
        f"<span>{p}</span>" if p == n
        else f'<a href="{LISTING}">1</a>' if p == 1 else f'<a href="{LISTING}?page={p}">{p}</a>'
        for p in window)
    rng = random.Random(n)
    return (
        _head(f"Spotkania i wydarzenia - strona {n}") + "</head>\n<body>\n" + _menu(rng)
        + '<main id="content" class="page-content"><h1>Spotkania i wydarzenia</h1>'
        f'<ul class="event-list">\n{rows}</ul><nav class="pagination">{pager}</nav></main>\n'
        + _footer()
    )


#: Share of a generated portal's announcements whose event is still to come (the newest,
#: at the top of the listing); the rest are past, as on a real portal.
UPCOMING_SHARE = 0.03


def generate_site(root: Path | str, pages: int, seed: int = 8,
                  today: dt.date | None = None) -> Path:
    """Write a site of ``pages`` announcements under ``root``; returns ``root``.

    Listing pages hold :data:`PER_PAGE` items each, newest first, page 1 at
    ``LISTING``, page N at ``LISTING?page=N`` (a pager of first, last and the
    neighbours). The first :data:`UPCOMING_SHARE` of the items announce events after
    ``today`` (default: the real today); the others, events already past.
    """
    root = Path(root)
    base = root / HOST / LISTING.strip("/")
    base.mkdir(parents=True, exist_ok=True)
    (root / HOST / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
    rng = random.Random(seed)
    today = today or dt.date.today()
    upcoming = int(pages * UPCOMING_SHARE)
    items = []
    for i in range(pages):
        title, html, pub = _detail(rng, i, today if i < upcoming else None)
        write_item(root, i, html)
        items.append((i, title, pub))
    write_listings(root, items)
    return root


def write_item(root: Path, i: int, html: str) -> None:
    """Write announcement ``i``'s page."""
    d = Path(root) / HOST / LISTING.strip("/") / slug(i)
    d.mkdir(parents=True, exist_ok=True)
    (d / "index.html").write_text(html, encoding="utf-8")


def write_listings(root: Path, items: list[tuple[int, str, dt.date]]) -> None:
    """Write the listing pages of ``items`` (in listing order), removing extra old ones."""
    base = Path(root) / HOST / LISTING.strip("/")
    last = max(1, -(-len(items) // PER_PAGE))
    for n in range(1, last + 1):
        chunk = items[(n - 1) * PER_PAGE: n * PER_PAGE]
        name = "index.html" if n == 1 else f"index@page={n}.html"
        (base / name).write_text(_listing(n, last, chunk), encoding="utf-8")


def change_site(root: Path, pages: int, share: float = 0.01, seed: int = 9,
                today: dt.date | None = None) -> dict[str, list[int]]:
    """Change ``share`` of a generated site's pages as a portal's night would: new
    announcements at the top of the listing (half), moved registration deadlines and
    cancellations of events still to come (a quarter each). Returns the item numbers
    changed, per kind; the site must have been made by :func:`generate_site` with the
    same ``pages`` (its listing is rebuilt from the pages' own titles and dates)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    total = max(4, int(pages * share))
    base = Path(root) / HOST / LISTING.strip("/")
    # Events only (a call for proposals has no deadline phrase and is not stored as one).
    upcoming = [i for i in range(int(pages * UPCOMING_SHARE))
                if "Zgłoszenia przyjmowane" in (base / slug(i) / "index.html").read_text("utf-8")]
    n_new = total // 2
    moved = rng.sample(upcoming, min(len(upcoming), (total - n_new) // 2))
    left = [i for i in upcoming if i not in moved]
    cancelled = rng.sample(left, min(len(left), total - n_new - len(moved)))
    for i in moved:
        page = base / slug(i) / "index.html"
        html = page.read_text(encoding="utf-8")
        html = re.sub(r"Zgłoszenia przyjmowane są do (\d+) (\w+)\.",
                      lambda m: f"Zgłoszenia przyjmowane są do {int(m.group(1)) % 27 + 1}"
                      f" {m.group(2)}. Termin przedłużono.", html, count=1)
        page.write_text(html, encoding="utf-8")
    for i in cancelled:
        page = base / slug(i) / "index.html"
        html = page.read_text(encoding="utf-8")
        html = html.replace('<div class="news-single__body">',
                            '<div class="news-single__body"><p><strong>Wydarzenie zostało '
                            "odwołane.</strong> Przepraszamy za utrudnienia.</p>", 1)
        page.write_text(html, encoding="utf-8")
    new = list(range(pages, pages + n_new))
    fresh = []
    for i in new:
        title, html, pub = _detail(rng, i, today, always_event=True)
        write_item(root, i, html)
        fresh.append((i, title, pub))
    items = [*reversed(fresh), *(_listed(base, i) for i in range(pages))]
    write_listings(root, items)
    return {"new": new, "moved": moved, "cancelled": cancelled}


def _listed(base: Path, i: int) -> tuple[int, str, dt.date]:
    """(i, title, publication date) read back from announcement ``i``'s page."""
    html = (base / slug(i) / "index.html").read_text(encoding="utf-8")
    title = re.search(r'<h1 class="news-single__title">(.*?)</h1>', html).group(1)  # type: ignore[union-attr]
    pub = re.search(r'<time datetime="([\d-]+)">', html).group(1)  # type: ignore[union-attr]
    return i, title, dt.date.fromisoformat(pub)


def listing_pages(pages: int) -> int:
    return max(1, -(-pages // PER_PAGE))
