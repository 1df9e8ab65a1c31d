"""A deterministic corpus of fictional civilian-harm reports in every format civharm reads.

The benchmark needs thousands of documents that look like what researchers feed civharm
(wire copy, compilations, scraped markdown, full news pages, ministry PDFs, JSONL feeds,
WARC captures) without shipping or downloading real reports. Everything here is built from
a seeded `random.Random`, so the same seed and size always give the same bytes.

ALL TEXT GENERATED HERE IS FICTIONAL. The templates below were written for the benchmark;
they describe no real event. Outlets and people are invented; real place names and
2017-2019 dates are used only so that the text resembles what civharm will meet.

The PDF writer, WARC writer, gzip helper and JSONL helper are imported from
`scripts/make_sample_data.py`, the one place they are defined.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _load_sample_writer() -> ModuleType:
    """Import scripts/make_sample_data.py by path: `scripts` is not a package."""
    name = "civharm_make_sample_data"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "make_sample_data.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot load scripts/make_sample_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


SAMPLE = _load_sample_writer()

# Share of documents by format. Container formats count records, not files.
MIX: dict[str, float] = {
    "txt": 0.40,
    "md": 0.15,
    "html": 0.15,
    "pdf": 0.05,
    "jsonl": 0.10,
    "jsonl.gz": 0.08,
    "warc.gz": 0.07,
}
FORMATS: tuple[str, ...] = tuple(MIX)
RECORDS_PER_FILE: dict[str, int] = {"jsonl": 200, "jsonl.gz": 200, "warc.gz": 100}

# --------------------------------------------------------------------------------------
# Vocabulary (fictional; written for this benchmark)
# --------------------------------------------------------------------------------------

PLACES: tuple[tuple[str, str, str], ...] = (
    # (town, province or region, country)
    ("Raqqa", "Raqqa province", "Syria"),
    ("Hajin", "Deir Ezzor province", "Syria"),
    ("al-Mayadin", "Deir Ezzor province", "Syria"),
    ("Abu Kamal", "Deir Ezzor province", "Syria"),
    ("Kafr Nabl", "Idlib province", "Syria"),
    ("Khan Shaykhun", "Idlib province", "Syria"),
    ("Maarat al-Numan", "Idlib province", "Syria"),
    ("Markada", "Hasaka province", "Syria"),
    ("Douma", "Eastern Ghouta", "Syria"),
    ("Mosul", "Nineveh province", "Iraq"),
    ("Tal Afar", "Nineveh province", "Iraq"),
    ("Hawija", "Kirkuk province", "Iraq"),
    ("al-Qaim", "Anbar province", "Iraq"),
    ("Rawa", "Anbar province", "Iraq"),
    ("Fallujah", "Anbar province", "Iraq"),
    ("Saada", "Saada province", "Yemen"),
    ("Hodeidah", "Hodeidah province", "Yemen"),
    ("Taiz", "Taiz province", "Yemen"),
    ("Zabid", "Hodeidah province", "Yemen"),
    ("Haydan", "Saada province", "Yemen"),
    ("Sirte", "Sirte district", "Libya"),
    ("Derna", "Derna district", "Libya"),
)
OUTLETS: tuple[tuple[str, str], ...] = (
    ("Northern Desk Wire", "northern-desk.example"),
    ("Riverside Monitor", "riverside-monitor.example"),
    ("Two Rivers Dispatch", "two-rivers-dispatch.example"),
    ("Harbour Light News", "harbour-light.example"),
    ("Plainview Gazette", "plainview-gazette.example"),
    ("Coastline Courier", "coastline-courier.example"),
    ("Crossroads Press Agency", "crossroads-press.example"),
    ("Eastbank Bulletin", "eastbank-bulletin.example"),
    ("Westgate Newswire", "westgate-newswire.example"),
    ("Highland Post", "highland-post.example"),
    ("Lakeside Observer", "lakeside-observer.example"),
    ("Meridian Daily", "meridian-daily.example"),
)
GIVEN = ("Nadia", "Yusuf", "Samir", "Leila", "Omar", "Hana", "Karim", "Mira", "Tariq", "Rania")
FAMILY = ("Farrow", "Aldane", "Haddad", "Mercer", "Salem", "Okafor", "Lindqvist", "Rahal")
WEAPONS = (
    "an airstrike",
    "a drone strike",
    "artillery shells",
    "mortar rounds",
    "a barrel bomb",
    "a roadside bomb",
    "a car bomb",
    "rocket fire",
    "cluster munitions",
    "a landmine",
)
ACTORS = (
    "coalition aircraft",
    "government forces",
    "Islamic State fighters",
    "the Saudi-led coalition",
    "allied paramilitaries",
    "unidentified gunmen",
    "Houthi forces",
    "opposition factions",
)
TARGETS = (
    "a crowded market",
    "a residential building",
    "a bakery",
    "a school used as a shelter",
    "a hospital compound",
    "a water point",
    "a bus carrying displaced families",
    "a mosque",
    "a petrol station",
    "farmland on the edge of town",
)
SOURCES = (  # (as a sentence names it, as a headline does)
    ("a local monitoring group", "monitor"),
    ("civil defence volunteers", "rescuers"),
    ("the provincial health directorate", "officials"),
    ("a doctor at a field clinic", "doctor"),
    ("residents reached by telephone", "residents"),
    ("the ministry of health", "ministry"),
    ("a local councillor", "official"),
    ("an aid worker in the area", "aid worker"),
)
WHEN = (
    "on Monday",
    "on Tuesday night",
    "late on Wednesday",
    "early on Thursday",
    "on Friday morning",
    "on Saturday",
    "on Sunday evening",
    "yesterday",
    "last week",
    "overnight",
)
GROUPS = ("children", "women", "elderly people", "members of one family", "aid workers")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen")

CASUALTY = (
    "At least {n} civilians were killed {when} when {weapon} hit {target} in {town}, {source} said.",
    "{source_cap} said {n} people, {k} of them {group}, died after {weapon} struck {target} {when}.",
    "Between {n} and {m} civilians were killed and dozens wounded in {town}, according to {source}.",
    "{weapon_cap} killed {nw} {group} {when} near {town}, {source} told reporters.",
    "The toll from the attack rose to {m} dead and {k} injured, {source} said in a statement.",
    "A further {k} people were wounded when {weapon} fell on {target}, witnesses said.",
    "{source_cap} put the number of dead at {n}, but said the figure could rise.",
    "Rescuers pulled {k} bodies from the rubble of {target} in {town} {when}.",
    "{nw_cap} civilians, including {k} {group}, were reported killed in {province} {when}.",
    "More than {m} people were killed or injured in the attack, {source} said.",
)
CONTEXT = (
    "{actor_cap} have been accused of striking populated areas since the offensive began.",
    "{actor_cap} did not respond to a request for comment.",
    "A spokesman for {actor} denied targeting civilians and said the strike hit a weapons store.",
    "The report could not be independently verified.",
    "Fighting around {town} has intensified since the start of the month.",
    "Thousands of families have fled {province} for camps further north.",
    "Aid agencies say hospitals in {province} are short of fuel and medicine.",
    "Residents said the area had been relatively calm until the weekend.",
    "The United Nations called for an investigation into the incident.",
    "Local officials said roads out of {town} were closed by checkpoints.",
    "{source_cap} said {m} civilian deaths had been documented in {province} this month.",
    "Monitors said it was the deadliest attack on {town} this year.",
)
QUOTES = (
    '"We heard the planes and then everything went dark," one resident told {outlet}.',
    '"There was nothing military there, only families," a shopkeeper said.',
    '"The hospital cannot cope with the number of wounded," a nurse said.',
    '"We are still searching for the missing," a volunteer said.',
    '"Nobody warned us," said a man who lost his brother in the attack.',
)
BACKGROUND = (
    "The war in {country} has displaced millions of people since it began.",
    "Markets in the area draw buyers from across the region on market day.",
    "Schools in the district reopened only weeks earlier after repairs.",
    "Water trucks have been the main supply for residents since pipes were damaged.",
    "The town lies on a road used by people fleeing the fighting.",
    "Previous strikes on the area were reported in the spring, monitors said.",
    "Humanitarian groups have warned of a growing crisis in {province}.",
)
TITLES = (
    "{n} civilians killed by {weapon} in {town}, {short_source} says",
    "Civilians killed in attack on {target} in {town}",
    "At least {n} dead after attack on {target} in {town}",
    "Dozens reported killed and wounded in {town}",
    "{nw_cap} members of one family killed in {province}",
    "Death toll rises in {town} as fighting intensifies",
    "Strike near {town} kills {n}, monitors say",
)
BOILERPLATE = (
    "Subscribe to our newsletter",
    "Advertisement",
    "Share this article",
    "Follow us on Twitter",
    "Read more: Fighting spreads across the region",
    "Photo: Residents inspect the damage",
    "Sign up for our daily newsletter to get the latest news in your inbox",
)


# --------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One generated article: the parts each format renders in its own way."""

    serial: int
    title: str
    byline: str | None
    outlet: str
    domain: str
    published: dt.date
    dateline: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[tuple[int, str], ...]  # (insert before paragraph i, line)

    @property
    def fiction_note(self) -> str:
        return f"(Fictional report no. {self.serial:06d}, generated for the civharm benchmark.)"

    @property
    def url(self) -> str:
        slug = "-".join(self.title.lower().split()[:6]).replace(",", "").replace("'", "")
        return f"https://{self.domain}/{self.published:%Y/%m/%d}/{slug}-{self.serial}"

    def body(self, *, with_boilerplate: bool = True) -> list[str]:
        """The paragraphs in order, with boilerplate lines where a scraper leaves them."""
        extra = dict(self.boilerplate) if with_boilerplate else {}
        out: list[str] = []
        for i, paragraph in enumerate(self.paragraphs):
            if i in extra:
                out.append(extra[i])
            out.append(paragraph)
        out.append(self.fiction_note)
        return out


class Writer:
    """Draws articles from the templates; one instance per corpus, so serials are unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serial = 0

    def _slots(self) -> dict[str, str]:
        r = self.rng
        town, province, country = r.choice(PLACES)
        n = r.randint(4, 40)
        weapon = r.choice(WEAPONS)
        source, short_source = r.choice(SOURCES)
        actor = r.choice(ACTORS)
        nw = r.choice(NUMBER_WORDS)
        return {
            "town": town,
            "province": province,
            "country": country,
            "n": str(n),
            "m": str(n + r.randint(1, 30)),
            "k": str(r.randint(2, n // 2)),
            "nw": nw,
            "nw_cap": nw.capitalize(),
            "weapon": weapon,
            "weapon_cap": weapon[0].upper() + weapon[1:],
            "target": r.choice(TARGETS),
            "source": source,
            "source_cap": source[0].upper() + source[1:],
            "short_source": short_source,
            "actor": actor,
            "actor_cap": actor[0].upper() + actor[1:],
            "group": r.choice(GROUPS),
            "when": r.choice(WHEN),
        }

    def _sentence(self, slots: dict[str, str], outlet: str) -> str:
        r = self.rng
        pool = r.choices((CASUALTY, CONTEXT, QUOTES, BACKGROUND), weights=(4, 3, 1, 2))[0]
        # A sentence may name another town than the lead, as wire copy does.
        local = dict(slots, **self._slots()) if r.random() < 0.3 else slots
        return r.choice(pool).format(outlet=outlet, **local)

    def article(self) -> Article:
        """A wire-style report of 300-900 words."""
        r = self.rng
        self.serial += 1
        slots = self._slots()
        outlet, domain = r.choice(OUTLETS)
        published = dt.date(2017, 1, 1) + dt.timedelta(days=r.randrange(3 * 365))
        target_words = r.randint(300, 900)
        lead = r.choice(CASUALTY).format(**slots)
        dateline = f"{slots['town'].upper()}, {slots['country']}"
        paragraphs = [f"{dateline} – {lead}"]
        words = len(paragraphs[0].split())
        while words < target_words:
            paragraph = " ".join(self._sentence(slots, outlet) for _ in range(r.randint(2, 5)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        boilerplate = tuple(
            sorted(
                (r.randrange(1, len(paragraphs)), r.choice(BOILERPLATE))
                for _ in range(r.choice((0, 0, 1, 2)))
            )
        )
        byline = f"{r.choice(GIVEN)} {r.choice(FAMILY)}" if r.random() < 0.6 else None
        return Article(
            serial=self.serial,
            title=r.choice(TITLES).format(**slots),
            byline=byline,
            outlet=outlet,
            domain=domain,
            published=published,
            dateline=dateline,
            paragraphs=tuple(paragraphs),
            boilerplate=boilerplate,
        )


# --------------------------------------------------------------------------------------
# Renderers: one article (or a few) to the bytes of one document
# --------------------------------------------------------------------------------------


def _date_line(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def render_txt(articles: Sequence[Article], rng: random.Random) -> bytes:
    """Plain text: title, optional `By`, `Source:` line, body; compilations back to back."""
    blocks: list[str] = []
    for a in articles:
        head = [a.title, ""]
        if a.byline:
            head.append(f"By {a.byline}")
        head.append(f"Source: {a.outlet}")
        if len(articles) == 1 and rng.random() < 0.5:
            head.append(_date_line(a.published))
        blocks.append("\n".join(head) + "\n\n" + "\n\n".join(a.body()))
    text = "\n\n".join(blocks) + "\n"
    if rng.random() < 0.03:
        # Some files arrive in a legacy Windows encoding; civharm decodes them with a warning.
        text = text.replace("–", "-") + "Translated from a report by the Comité local.\n"
        return text.encode("cp1252")
    return text.encode("utf-8")


def render_md(articles: Sequence[Article], rng: random.Random) -> bytes:
    """A markdown scrape: `#` titles, bold source links, `---` between articles."""
    blocks: list[str] = []
    for a in articles:
        lines = [f"# {a.title}", "", f"**Source:** [{a.outlet}](https://{a.domain}/)", ""]
        if a.byline:
            lines += [f"*By {a.byline}*", ""]
        for paragraph in a.body():
            if rng.random() < 0.15:
                paragraph += f" [Read the full statement](https://{a.domain}/statement)."
            lines += [paragraph, ""]
        blocks.append("\n".join(lines))
    return ("\n---\n\n".join(blocks)).encode("utf-8")


def render_html(a: Article, rng: random.Random) -> bytes:
    """A full news page: head metadata, navigation, share bar, related links and footer."""
    e = html.escape
    related = "".join(
        f'<li><a href="/news/{rng.randrange(10**6)}">{e(t)}</a></li>'
        for t in rng.sample(
            ("Aid convoy reaches besieged town", "Talks stall in the capital", "Camps fill up"), 2
        )
    )
    author_meta = f'<meta name="author" content="{e(a.byline)}">\n' if a.byline else ""
    byline = f'<p class="byline">By {e(a.byline)}</p>\n' if a.byline else ""
    body = "\n".join(f"<p>{e(p)}</p>" for p in a.body())
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(a.title)} | {e(a.outlet)}</title>\n"
        f"{author_meta}"
        f'<meta property="og:site_name" content="{e(a.outlet)}">\n'
        f'<meta property="og:title" content="{e(a.title)}">\n'
        f'<meta property="article:published_time" content="{a.published.isoformat()}">\n'
        f'<link rel="canonical" href="{a.url}">\n'
        '<link rel="stylesheet" href="/static/site.css">\n'
        "</head>\n<body>\n"
        '<header><div class="logo">'
        f"{e(a.outlet)}</div>\n"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
        '<li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li>'
        '<li><a href="/about">About</a></li></ul></nav></header>\n'
        "<main>\n<article>\n"
        f"<h1>{e(a.title)}</h1>\n{byline}"
        f'<time datetime="{a.published.isoformat()}">{_date_line(a.published)}</time>\n'
        f"{body}\n</article>\n"
        '<div class="share">Share: <a href="#">Facebook</a> <a href="#">Twitter</a>'
        ' <a href="#">Email</a></div>\n'
        f"<aside><h2>Related stories</h2><ul>{related}</ul></aside>\n"
        "</main>\n"
        f"<footer><p>&copy; {a.published.year} {e(a.outlet)}, a fictional outlet invented for"
        " civharm. All rights reserved.</p>"
        '<p><a href="/newsletter">Subscribe to our newsletter.</a></p></footer>\n'
        "</body>\n</html>\n"
    )
    return page.encode("utf-8")


def render_pdf(a: Article) -> bytes:
    """A ministry-style letter through the hand-written PDF writer of the sample data."""
    paragraphs = [
        "FICTIONAL DOCUMENT - generated for the civharm benchmark; it describes no real event.",
        "# Ministry of Civilian Affairs\nDirectorate of Casualty Records",
        f"{a.dateline.split(',')[0].title()}, {a.published.day} {a.published:%B %Y}",
        f"# Subject: {a.title}",
        *a.paragraphs,
        a.fiction_note,
    ]
    info = SAMPLE.PdfInfo(
        title=a.title,
        author="Ministry of Civilian Affairs, Directorate of Casualty Records",
        creation_date=f"D:{a.published:%Y%m%d}090000Z",
    )
    data: bytes = SAMPLE.build_pdf(paragraphs, info)
    return data


def jsonl_record(a: Article, rng: random.Random) -> dict[str, str]:
    """A feed record: metadata fields and `text`, or (one in five) a small `html` page."""
    record = {
        "id": f"bench-{a.serial:06d}",
        "url": a.url,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published.isoformat(),
    }
    if rng.random() < 0.2:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in a.body(with_boilerplate=False))
        record["html"] = (
            f"<html><head><title>{html.escape(a.title)}</title></head><body><article>"
            f"<h1>{html.escape(a.title)}</h1>{body}</article></body></html>"
        )
    else:
        record["text"] = "\n\n".join(a.body(with_boilerplate=False))
    return record


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------


@dataclass
class Manifest:
    """What was written: the document count civharm should report, by format."""

    root: Path
    documents: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    articles: int = 0

    @property
    def total_documents(self) -> int:
        return sum(self.documents.values())

    @property
    def total_files(self) -> int:
        return sum(self.files.values())

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())

    def add(self, fmt: str, path: Path, data: bytes, documents: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.documents[fmt] = self.documents.get(fmt, 0) + documents
        self.files[fmt] = self.files.get(fmt, 0) + 1
        self.sizes[fmt] = self.sizes.get(fmt, 0) + len(data)


def plan(documents: int, formats: Sequence[str] = FORMATS) -> dict[str, int]:
    """Documents per format: the `MIX` shares of the total, rounding left-overs onto .txt."""
    shares = {f: MIX[f] for f in formats}
    total_share = sum(shares.values())
    counts = {f: int(documents * s / total_share) for f, s in shares.items()}
    first = formats[0]
    counts[first] += documents - sum(counts.values())
    return counts


def generate(
    root: Path,
    documents: int,
    *,
    seed: int = 2024,
    formats: Sequence[str] = FORMATS,
    progress: Callable[[int], None] | None = None,
) -> Manifest:
    """Write `documents` documents (records count, not files) under `root`, one folder per format.

    `progress` is called with the number of documents just written.
    """
    rng = random.Random(seed)
    writer = Writer(rng)
    manifest = Manifest(root=root)
    for fmt, count in plan(documents, formats).items():
        folder = root / fmt.replace(".", "_")
        if fmt in RECORDS_PER_FILE:
            _containers(manifest, fmt, folder, count, writer, rng, progress)
            continue
        for i in range(count):
            if fmt in ("txt", "md") and rng.random() < (0.3 if fmt == "txt" else 0.2):
                articles = [writer.article() for _ in range(rng.randint(2, 3))]
            else:
                articles = [writer.article()]
            if fmt == "txt":
                data = render_txt(articles, rng)
            elif fmt == "md":
                data = render_md(articles, rng)
            elif fmt == "html":
                data = render_html(articles[0], rng)
            else:
                data = render_pdf(articles[0])
            name = "report" if len(articles) == 1 else "compilation"
            manifest.add(fmt, folder / f"{name}_{i:05d}.{fmt}", data, 1)
            manifest.articles += len(articles)
            if progress is not None:
                progress(1)
    return manifest


def _containers(
    manifest: Manifest,
    fmt: str,
    folder: Path,
    count: int,
    writer: Writer,
    rng: random.Random,
    progress: Callable[[int], None] | None,
) -> None:
    """JSONL, gzipped JSONL and gzipped WARC files of up to `RECORDS_PER_FILE` records each."""
    per_file = RECORDS_PER_FILE[fmt]
    for number, start in enumerate(range(0, count, per_file)):
        size = min(per_file, count - start)
        articles = [writer.article() for _ in range(size)]
        if fmt == "warc.gz":
            filename = f"capture_{number:04d}.warc.gz"
            captures = []
            for i, a in enumerate(articles):
                captures.append(
                    SAMPLE.Capture(
                        uri=a.url,
                        warc_date=f"2020-01-{number % 28 + 1:02d}T10:{i // 60:02d}:{i % 60:02d}Z",
                        content_type="text/html; charset=utf-8",
                        body=render_html(a, rng),
                    )
                )
            # Crawls hold images too; civharm must skip them.
            captures.append(
                SAMPLE.Capture(
                    uri=f"https://{articles[0].domain}/static/logo-{number}.png",
                    warc_date=f"2020-01-{number % 28 + 1:02d}T11:00:00Z",
                    content_type="image/png",
                    body=SAMPLE.png_bytes(),
                )
            )
            data = SAMPLE.build_warc(
                captures,
                filename=filename,
                warcinfo_date=f"2020-01-{number % 28 + 1:02d}T10:00:00Z",
                compress=True,
            )
        else:
            lines = SAMPLE.jsonl_bytes(jsonl_record(a, rng) for a in articles)
            if fmt == "jsonl":
                filename, data = f"feed_{number:04d}.jsonl", lines
            else:
                filename, data = f"feed_{number:04d}.jsonl.gz", SAMPLE.gzip_bytes(lines)
        manifest.add(fmt, folder / filename, data, size)
        manifest.articles += size
        if progress is not None:
            progress(size)
