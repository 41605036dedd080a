"""A test corpus for `newslint dedup`: wikinews articles, near copies of them made the way scrapers
make them, and hard negatives, with the gold set of duplicate article pairs.

Built from ../shared/corpora/wikinews_en.jsonl (records with "id", "title", "paragraphs", ...),
deterministically for a given seed (one `random.Random` drives every choice). An article is rendered
as newslint's tests and benchmarks render wikinews: its title, a blank line, then its paragraphs
separated by blank lines.

What the corpus holds:

- *Originals*: every wikinews article, rendered clean, as one record of a JSONL corpus each (see
  `Document.in_corpus`); except the few reserved for the template negatives below.
- *Variants* of a sample of articles (SAMPLE of those with at least MIN_WORDS words; every wikinews
  article is much longer than that, so none is skipped today, and `Corpus.skipped` says so): 1 to 3
  variants each, one file each, made of one kind of damage or, for COMBINED_SHARE of them, of two:

  RESCRAPE  the page scraped again: a photo caption with its credit ("... (AFP)") under the headline,
            sometimes printed twice, a font-size widget ("TT"), sometimes the headline and caption
            rendered again, a share bar ("Share this article", or "Share" over a column of
            platforms), a second captioned photo inside the body, a "Print"/"Comments" line at the end.
  HEADLINE  the headline rewritten: a prefix ("UPDATE: "), a site suffix (" | World News"), set in
            capitals, or cut and given an attribution ("..., officials say").
  ADDED     a paragraph of a different article inserted after the lead or appended.
  CUT       one paragraph left out.
            Either paragraph holds at most a third of the article's words (MAX_PARAGRAPH_SHARE).
  OCR       OCR typos in about 1 word in 30 to 50 (the rate is drawn per variant): rn <-> m, l -> 1,
            e -> c, a letter dropped.
  MULTI     the article glued into a multi-article file as its 2nd or 3rd article, behind (and
            sometimes before) other wikinews articles, two or three blank lines between articles,
            each starting with its headline: what newslint's structure analysis splits. The other
            articles of such a file ("fillers") are unchanged copies of wikinews articles whose
            originals are in the corpus too, so they are near copies as well, of kind MULTI.

- *Hard negatives*, pairs of different articles that must never share a cluster:
  SAME_TOPIC  the wikinews pairs most alike by word overlap (HARD_PAIRS by 5-word-shingle Jaccard and
              HARD_PAIRS by Jaccard of their sets of content words): the same event or the same
              story template (wikinews covers each 2020 US primary in near-identical wording).
  TEMPLATE    TEMPLATE_ARTICLES articles (reserved: their originals are left out of the corpus, so
              that whether "original + template" is a copy of the original is never asked) that all
              open with the same agency intro paragraph and, half of them, also close with the same
              boilerplate paragraph; their bodies are cut to their first paragraphs (at least
              TEMPLATE_BODY_WORDS words) so that the shared paragraphs weigh as much as they can.

Gold: articles are identified by (document id, article number from 1), as `newslint dedup` numbers
them. Every article in the corpus has a `source` (the wikinews id it was made from); two articles
are duplicates exactly when their sources are equal. That makes every pair among an original and
its variants a positive (they form one cluster), and the copies of a filler article too.

Wikinews itself: its 277 English articles hold no near copies of one another. The closest pair
(two 2020 primary reports) has a 5-word-shingle Jaccard of about 0.21, far below any threshold
used for deduplication; those closest pairs are the SAME_TOPIC negatives, so if a later version
of the corpus file brings a real duplicate in, the accuracy test fails on it and shows it.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

SEED = 20240611
SAMPLE = 120  # source articles that get variants
MIN_WORDS = 80  # shorter articles get no variants (a brief loses too much to any one change)
VARIANTS_PER_ARTICLE = (1, 2, 3)
COMBINED_SHARE = 0.3  # variants made of two kinds of damage
HARD_PAIRS = 20  # same-topic negatives taken by each of the two overlap measures
TEMPLATE_ARTICLES = 10
TEMPLATE_BODY_WORDS = 40
OCR_RATE = (1 / 50, 1 / 30)  # damaged words per word, drawn per variant
# A paragraph added or cut holds at most 1/3 of the article's words: more is another article glued
# in, or an extract, rather than a paragraph. (Wikinews paragraphs hold a median 13% of their
# article's words, 27% at the 90th percentile, and up to 405 words.)
MAX_PARAGRAPH_SHARE = 3

RESCRAPE, HEADLINE, ADDED, CUT, OCR, MULTI = "rescrape", "headline", "added", "cut", "ocr", "multi"
KINDS = (RESCRAPE, HEADLINE, ADDED, CUT, OCR, MULTI)
SAME_TOPIC, TEMPLATE = "same-topic", "template"

# A wire-service intro and closing of the kind agencies print over every brief (fictional agency).
TEMPLATE_INTRO = (
    "This report was compiled by the Northern News Agency from statements by officials, local media "
    "and witnesses, and it will be updated as more information becomes available. Readers can send "
    "corrections and tips to the regional news desk at any time."
)
TEMPLATE_CLOSING = (
    "The Northern News Agency is an independent cooperative of regional newspapers. Its reports may be "
    "reprinted free of charge by member newspapers provided that the agency is credited as the source."
)

CREDITS = ("(AFP)", "(Reuters)", "(AP Photo)", "(State media)", "REUTERS/File Photo", "(Getty Images)")
FONT_WIDGETS = ("TT", "A A", "Text size")
SHARE_BARS = (("Share this article",), ("Share", "Facebook", "Twitter", "Email"), ("Share on Facebook",))
END_WIDGETS = ("Print", "Comments", "Print this article")
HEADLINE_PREFIXES = ("UPDATE: ", "BREAKING: ", "Exclusive: ", "Update 2 - ")
HEADLINE_SUFFIXES = (" | World News", " - The Daily Courier", " | Latest headlines")
ATTRIBUTIONS = ("officials say", "reports say", "sources say", "according to reports")
# Content words for the word-overlap measure: lower-case words of 4+ letters minus common ones.
_STOPWORDS = frozenset(
    "that this with from have were they their been which would there about after said also will "
    "when more than other into over some such them only could what most where these those while "
    "first last years year being before because during under since between against".split()
)
_WORDS = re.compile(r"[a-z0-9]+")
_OCR_TARGET = re.compile(r"[A-Za-z]{3,}")

T = TypeVar("T", bound=Hashable)

Key = tuple[str, int]  # (document id, article number from 1)
Pair = tuple[Key, Key]  # the smaller key first


@dataclass(frozen=True)
class Source:
    """A wikinews article."""

    id: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Document:
    """One input of the corpus. Originals are records of one JSONL corpus (`in_corpus`), every other
    document is a file of its own: deduplication must match articles across both."""

    id: str
    text: str
    in_corpus: bool = False


@dataclass(frozen=True)
class Occurrence:
    """One article of a document, what it was made from and how it was damaged (no kinds: an
    original)."""

    key: Key
    source: str
    kinds: tuple[str, ...] = ()


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    # (source a, source b, SAME_TOPIC or TEMPLATE): no article of a may share a cluster with one of b.
    hard_negatives: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sources too short for variants

    def positives(self) -> dict[Pair, tuple[str, ...]]:
        """Every gold duplicate pair, with the kinds of damage of its two articles (sorted)."""
        by_source: dict[str, list[Occurrence]] = {}
        for occurrence in self.occurrences:
            by_source.setdefault(occurrence.source, []).append(occurrence)
        pairs: dict[Pair, tuple[str, ...]] = {}
        for group in by_source.values():
            for a, b in itertools.combinations(group, 2):
                pairs[ordered(a.key, b.key)] = tuple(sorted(set(a.kinds) | set(b.kinds)))
        return pairs

    def source_of(self) -> dict[Key, str]:
        return {occurrence.key: occurrence.source for occurrence in self.occurrences}


def ordered(a: Key, b: Key) -> Pair:
    return (a, b) if a <= b else (b, a)


def load_sources(path: Path) -> list[Source]:
    """The wikinews articles that have a title and at least one paragraph, in file order."""
    sources = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            paragraphs = tuple(p.strip() for p in record.get("paragraphs") or () if p.strip())
            title = str(record.get("title") or "").strip()
            if title and paragraphs:
                sources.append(Source(str(record["id"]), title, paragraphs))
    return sources


def render(title: str, paragraphs: Iterable[str]) -> list[str]:
    """Title, blank line, paragraphs separated by blank lines: the lines of a clean article."""
    lines = [title]
    for paragraph in paragraphs:
        lines += ["", paragraph]
    return lines


def as_text(lines: Sequence[str]) -> str:
    return "\n".join(lines) + "\n"


def scraped(title: str, paragraphs: Iterable[str]) -> str:
    """An article as scraped text: headline, blank line, paragraphs between blank lines."""
    return as_text(render(title, paragraphs))


def article(record: Mapping[str, Any]) -> str:
    """A wikinews record (title, paragraphs) as scraped text."""
    return scraped(record["title"], record["paragraphs"])


def write_jsonl(path: Path, records: Iterable[tuple[str, str]]) -> None:
    """A JSONL corpus of (id, text) records."""
    path.write_text(
        "".join(json.dumps({"id": rid, "text": text}, ensure_ascii=False) + "\n" for rid, text in records),
        encoding="utf-8",
    )


# Kinds of damage -----------------------------------------------------------------------------------


def caption(rng: random.Random, paragraph: str) -> str:
    """A photo caption as sites print them: a sentence about the picture with its credit. Its words
    are the opening 8 to 16 of a paragraph (captions describe the story)."""
    words = paragraph.split()[: rng.randint(8, 16)]
    return " ".join(words).rstrip(".!?;:,") + ". " + rng.choice(CREDITS)


def rescrape(rng: random.Random, title: str, paragraphs: Sequence[str]) -> list[str]:
    """The lines of a page scraped again with its furniture (see corrupt.py's Aawsat profile)."""
    photo = caption(rng, paragraphs[min(1, len(paragraphs) - 1)])
    lines = [title, "", photo]
    if rng.random() < 0.5:
        lines.append(photo)  # the caption printed twice (the image's alt text and its caption)
    lines.append(rng.choice(FONT_WIDGETS))
    if rng.random() < 0.5:  # the headline and caption rendered again over the body
        lines += ["", title, "", photo]
    lines += ["", *rng.choice(SHARE_BARS)]
    # Half the time a second photo inside the body, its caption before the paragraph it illustrates.
    inner = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 and rng.random() < 0.5 else None
    for n, paragraph in enumerate(paragraphs):
        if n == inner:
            lines += ["", caption(rng, paragraph)]
        lines += ["", paragraph]
    lines += ["", rng.choice(END_WIDGETS)]
    return lines


def new_headline(rng: random.Random, title: str) -> str:
    how = rng.randrange(4)
    if how == 0:
        return rng.choice(HEADLINE_PREFIXES) + title
    if how == 1:
        return title + rng.choice(HEADLINE_SUFFIXES)
    if how == 2:
        return title.upper()
    words = title.split()
    cut = max(3, len(words) * 2 // 3)
    return " ".join(words[:cut]).rstrip(",;:") + ", " + rng.choice(ATTRIBUTIONS)


def add_paragraph(rng: random.Random, paragraphs: list[str], extra: str) -> list[str]:
    """`extra` inserted after the lead or at the end."""
    at = rng.choice([1, len(paragraphs)])
    return [*paragraphs[:at], extra, *paragraphs[at:]]


def cut_paragraph(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """One paragraph of at most a third of the article's words left out."""
    limit = sum(len(p.split()) for p in paragraphs) / MAX_PARAGRAPH_SHARE
    at = rng.choice([n for n, p in enumerate(paragraphs) if len(p.split()) <= limit])
    return [p for n, p in enumerate(paragraphs) if n != at]


def typo(rng: random.Random, word: str) -> str:
    """One OCR misreading of a word of 3+ letters."""
    ways = ["drop"]
    if "rn" in word or "m" in word:
        ways.append("rn")
    if "l" in word:
        ways.append("l1")
    if "e" in word:
        ways.append("ec")
    way = rng.choice(ways)
    if way == "rn":
        return word.replace("rn", "m", 1) if "rn" in word else word.replace("m", "rn", 1)
    if way in ("l1", "ec"):
        old, new = ("l", "1") if way == "l1" else ("e", "c")
        spots = [i for i, c in enumerate(word) if c == old]
        i = rng.choice(spots)
        return word[:i] + new + word[i + 1 :]
    i = rng.randrange(1, len(word))  # never the first letter: OCR drops thin letters inside words
    return word[:i] + word[i + 1 :]


def ocr(rng: random.Random, title: str, paragraphs: Sequence[str], rate: float) -> tuple[str, list[str]]:
    """The title and paragraphs with round(words * rate) words of 3+ letters misread."""
    texts = [title, *paragraphs]
    spots = [(t, m.start(), m.end()) for t, text in enumerate(texts) for m in _OCR_TARGET.finditer(text)]
    total = sum(len(text.split()) for text in texts)
    chosen = sorted(rng.sample(spots, min(len(spots), round(total * rate))), reverse=True)
    damaged = list(texts)
    for t, start, end in chosen:  # from the end, so earlier offsets stay valid
        text = damaged[t]
        damaged[t] = text[:start] + typo(rng, text[start:end]) + text[end:]
    return damaged[0], damaged[1:]


# Hard negatives ------------------------------------------------------------------------------------


def shingles(source: Source, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORDS.findall(" ".join([source.title, *source.paragraphs]).lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def content_words(source: Source) -> set[str]:
    words = _WORDS.findall(" ".join([source.title, *source.paragraphs]).lower())
    return {w for w in words if len(w) >= 4 and w not in _STOPWORDS}


def most_alike(sets: Sequence[set[T]], count: int) -> list[tuple[float, int, int]]:
    """The `count` pairs (i < j) of sets with the highest Jaccard similarity, best first."""
    index: dict[T, list[int]] = {}
    for i, items in enumerate(sets):
        for item in items:
            index.setdefault(item, []).append(i)
    common: Counter[tuple[int, int]] = Counter()
    for holders in index.values():
        common.update(itertools.combinations(holders, 2))
    scored = [(c / (len(sets[i]) + len(sets[j]) - c), i, j) for (i, j), c in common.items()]
    return sorted(scored, key=lambda s: (-s[0], s[1], s[2]))[:count]


# The corpus ----------------------------------------------------------------------------------------


def build(sources: Sequence[Source], seed: int = SEED) -> Corpus:
    """The documents, their articles and the hard negatives: see the module's documentation."""
    rng = random.Random(seed)
    corpus = Corpus()
    ids = [s.id for s in sources]
    if len(set(ids)) != len(ids):
        raise ValueError("source ids must be unique")

    alike = most_alike([shingles(s) for s in sources], HARD_PAIRS)
    alike += most_alike([content_words(s) for s in sources], HARD_PAIRS)
    topic_pairs = sorted({(sources[i].id, sources[j].id) for _, i, j in alike})
    corpus.hard_negatives += [(a, b, SAME_TOPIC) for a, b in topic_pairs]
    in_topic_pairs = {s for pair in topic_pairs for s in pair}

    eligible = [s for s in sources if s.words >= MIN_WORDS]
    corpus.skipped = [s.id for s in sources if s.words < MIN_WORDS]
    sample = rng.sample(eligible, min(SAMPLE, len(eligible)))
    sampled = {s.id for s in sample}
    reserve = [s for s in sources if s.id not in sampled and s.id not in in_topic_pairs]
    templated = rng.sample(reserve, min(TEMPLATE_ARTICLES, len(reserve)))
    left_out = {s.id for s in templated}
    fillers = [s for s in sources if s.id not in sampled and s.id not in left_out]

    for source in sources:
        if source.id not in left_out:
            corpus.documents.append(
                Document(source.id, as_text(render(source.title, source.paragraphs)), True)
            )
            corpus.occurrences.append(Occurrence((source.id, 1), source.id))

    deck = _Deck(rng, fillers)
    kind_deck = _Deck(rng, [*KINDS])
    number = 0
    for source in sample:
        for _ in range(rng.choice(VARIANTS_PER_ARTICLE)):
            number += 1
            kinds = [kind_deck.deal([])]
            if rng.random() < COMBINED_SHARE:
                kinds.append(kind_deck.deal([*kinds, *({ADDED, CUT} if kinds[0] in (ADDED, CUT) else ())]))
            _variant(rng, corpus, f"v{number:03d}", source, tuple(sorted(kinds)), sources, deck)

    for n, source in enumerate(templated):
        closing = n % 2 == 1
        body: list[str] = []
        for paragraph in source.paragraphs:
            body.append(paragraph)
            if sum(len(p.split()) for p in body) >= TEMPLATE_BODY_WORDS:
                break
        paragraphs = [TEMPLATE_INTRO, *body, *([TEMPLATE_CLOSING] if closing else [])]
        doc_id = f"t{n + 1:02d}"
        corpus.documents.append(Document(doc_id, as_text(render(source.title, paragraphs))))
        corpus.occurrences.append(Occurrence((doc_id, 1), source.id, (TEMPLATE,)))
    corpus.hard_negatives += [(a.id, b.id, TEMPLATE) for a, b in itertools.combinations(templated, 2)]
    return corpus


class _Deck(Generic[T]):
    """Deals items in shuffled rounds, so each is used about equally often."""

    def __init__(self, rng: random.Random, items: Sequence[T]) -> None:
        self.rng = rng
        self.items = list(items)
        self.pending: list[T] = []

    def deal(self, avoid: Sequence[T]) -> T:
        while True:
            for i in range(len(self.pending) - 1, -1, -1):
                if self.pending[i] not in avoid:
                    return self.pending.pop(i)
            round_ = list(self.items)
            self.rng.shuffle(round_)
            self.pending = round_ + self.pending


def _variant(
    rng: random.Random,
    corpus: Corpus,
    doc_id: str,
    source: Source,
    kinds: tuple[str, ...],
    sources: Sequence[Source],
    fillers: _Deck[Source],
) -> None:
    """Add one document holding a damaged copy of `source`, and its articles, to the corpus."""
    title, paragraphs = source.title, list(source.paragraphs)
    if HEADLINE in kinds:
        title = new_headline(rng, title)
    if ADDED in kinds:
        limit = source.words / MAX_PARAGRAPH_SHARE
        extras = [p for s in sources if s.id != source.id for p in s.paragraphs if len(p.split()) <= limit]
        paragraphs = add_paragraph(rng, paragraphs, rng.choice(extras))
    if CUT in kinds:
        paragraphs = cut_paragraph(rng, paragraphs)
    if OCR in kinds:
        title, paragraphs = ocr(rng, title, paragraphs, rng.uniform(*OCR_RATE))
    lines = rescrape(rng, title, paragraphs) if RESCRAPE in kinds else render(title, paragraphs)
    if MULTI not in kinds:
        corpus.documents.append(Document(doc_id, as_text(lines)))
        corpus.occurrences.append(Occurrence((doc_id, 1), source.id, kinds))
        return
    position = rng.choice([2, 3])
    after = rng.random() < 0.4
    glued: list[Source] = []
    while len(glued) < position - 1 + after:
        glued.append(fillers.deal(glued))
    parts: list[tuple[list[str], str, tuple[str, ...]]] = [
        (render(f.title, f.paragraphs), f.id, (MULTI,)) for f in glued
    ]
    parts.insert(position - 1, (lines, source.id, kinds))
    text: list[str] = []
    for n, (part, part_source, part_kinds) in enumerate(parts, start=1):
        if text:
            text += [""] * rng.choice([2, 3])
        text += part
        corpus.occurrences.append(Occurrence((doc_id, n), part_source, part_kinds))
    corpus.documents.append(Document(doc_id, as_text(text)))
