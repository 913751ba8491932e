"""The strict verbatim check: a text, word for word and in order, against its source.

A source document (`sources/<slug>.txt`) is read once into a `SourceText`: its words in
order, with the page furniture removed (the funding footer and the page number under it) and
each word remembering its line. `differences(text, source)` then finds the text's paragraphs
in that stream of words and returns every place where the record and the source differ, with
the source's words beside the record's; an empty list means the text is verbatim.

What a transcription may change, and nothing else (docs/fixtures.md, "Verbatim
allowances"):

- universal, mechanical: whitespace and line breaks; page furniture between the words (the
  footer, the page number, the footnotes printed at the foot of the page); a word split by a
  line-end hyphen is one word, with or without its hyphen (`inter-\\noperable`,
  `real-\\nworld`), and one broken after an em dash is one word; a heading printed in
  capitals may be stored in sentence case;
- a footnote marker glued to a word (`FINDATA9` → `FINDATA`), when the record holds that
  footnote (its references or footnotes);
- the allowances of `ALLOWANCES`, each only on a record that names it (`verbatim:` in its
  fixture).

It imports no app and no settings, so a fixture check, a test or an admin form can call it.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

# Allowances a record must name (its fixture's `verbatim:` list) to be granted them.
ALLOWANCES = {
    "dropped-full-stop": "the record ends without the full stop the source prints after it",
    "cut-from-sentence": "the record (a name the source prints only inside a sentence) is a "
    "phrase of that sentence: it starts and ends inside it, without the comma printed after it",
    "footnote-marker": "the footnote marker named (`footnote-marker: <number>`), glued to a "
    "word, is removed though the record holds no such footnote (the marker points elsewhere)",
    "unprinted-heading": "the heading is the editors' label: the source prints none",
    "interrupted": "the printed paragraph is interrupted, after the words named "
    "(`interrupted: <words>`), by other printed matter (a table, a quote box) and continues "
    "at the start of a later line",
    "differs-from-source": "an editor changed the text from the printed one (a correction, "
    "saved through the admin's verbatim guard); the record's note says what and why, and its "
    "page says that it differs from the source",
}

QUOTE_MARKS = '“”"„'
WORD = re.compile(rf"[{QUOTE_MARKS}]|[^\s{QUOTE_MARKS}]+")
FOOTER = re.compile(r"^This project has received funding from the European Union")
FOOTNOTE_MARKER = re.compile(r"^(.*[^\d\s])(\d{1,4})([.,;:)]*)$")
CONTEXT = 6  # words of context on each side of a difference


@dataclass(frozen=True)
class Word:
    text: str
    line: int  # 1-based line of the source file
    line_end: bool  # the last word of its line
    furniture: bool  # printed at the foot of a page (a footnote), not part of the body


class SourceText:
    """The words of one source document, in order, page footers removed."""

    def __init__(self, slug, raw):
        self.slug = slug
        self.lines = raw.splitlines()
        self.words = []
        furniture = self.furniture_lines()
        footnotes = self.footnote_lines(furniture)
        for number, line in enumerate(self.lines, start=1):
            if number in furniture:
                continue
            parts = WORD.findall(line)
            for index, part in enumerate(parts):
                self.words.append(Word(part, number, index == len(parts) - 1, number in footnotes))
        self.index, self.upper_index = {}, {}
        for position in range(len(self.words)):
            for form, _size, _marker in self.forms(position):
                self.index.setdefault(form, []).append(position)
                self.upper_index.setdefault(form.upper(), []).append(position)

    def furniture_lines(self):
        """Line numbers of the funding footer (three lines) and the page number below it."""
        lines, skip = set(), 0
        for number, line in enumerate(self.lines, start=1):
            if FOOTER.match(line.strip()):
                skip = 3
            if skip:
                lines.add(number)
                skip -= 1
                if not skip:
                    following = number + 1
                    while following <= len(self.lines) and not self.lines[following - 1].strip():
                        following += 1
                    if following <= len(self.lines) and self.lines[following - 1].strip().isdigit():
                        lines.add(following)
        return lines

    def footnote_lines(self, furniture):
        """Line numbers of the footnotes printed at the foot of a page: a line opening with the
        next footnote's number (`3 https://…`, `17https://…`), and the one line after it that
        finishes it when it breaks off mid-URL or mid-sentence (`instead.`); a bare URL right
        after them is a footnote's link printed beside it."""
        lines, expected, previous, after_footnote = set(), 1, None, False
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if number in furniture or not stripped:
                continue
            match = re.match(r"^(\d{1,2})(?: \S|https?://)", stripped)
            if match and expected <= int(match[1]) <= expected + 2:
                expected = int(match[1]) + 1
                lines.add(number)
                previous, after_footnote = stripped, True
                continue
            finishing = previous is not None and self.finishes(previous, stripped)
            link = after_footnote and re.fullmatch(r"https?://\S+", stripped)
            if finishing or link:
                lines.add(number)
            previous, after_footnote = None, bool(finishing or link)

        return lines

    @staticmethod
    def finishes(footnote, line):
        """True if `line` finishes the footnote line before it: that one breaks off mid-URL or
        mid-sentence, and this one is short and opens no quote."""
        broken = not re.search(r"[.)]$", footnote) or footnote.endswith("-")
        return broken and len(line.split()) <= 8 and not line.startswith(("“", '"'))

    def forms(self, position):
        """(form, words consumed, footnote marker or None) a record's word may take for the
        source's word at `position`."""
        word = self.words[position].text
        yield word, 1, None
        following = self.next_body_word(position)
        if self.words[position].line_end and following is not None:
            joined, size = self.words[following].text, following - position + 1
            if re.search(r"\w-$", word):  # line-end hyphenation: with or without the hyphen
                yield word + joined, size, None
                yield word[:-1] + joined, size, None
            elif word.endswith("—"):  # a line broken after an em dash
                yield word + joined, size, None
        marker = FOOTNOTE_MARKER.match(word)
        if marker and not re.match(r"^\d*https?:", word):
            yield marker[1] + marker[3], 1, marker[2]
        elif word.isdigit() and len(word) > 2:  # a year and its marker: "202524"
            for size in (1, 2):
                yield word[:-size], 1, word[-size:]

    def next_body_word(self, position):
        """The next word after `position`, over the footnotes at the foot of a page."""
        following = position + 1
        if not self.words[position].furniture:
            while following < len(self.words) and self.words[following].furniture:
                following += 1
        return following if following < len(self.words) else None

    @cached_property
    def url_starts(self):
        """(position, word without a glued footnote number) of every word opening a URL."""
        return [
            (position, re.sub(r"^\d{1,2}(?=https?:)", "", word.text))
            for position, word in enumerate(self.words)
            if re.match(r"^\d{0,2}https?://", word.text)
        ]

    def where(self, position):
        return self.words[min(position, len(self.words) - 1)].line if self.words else 0


@dataclass
class Match:
    start: int
    end: int  # the source position after the last word matched


@dataclass(frozen=True)
class Difference:
    """One place where a record's text differs from its source."""

    what: str
    line: int  # the source's line where the difference is (or the closest text was found)
    source_words: str
    record_words: str

    def __str__(self):
        return (
            f"{self.what} (source line {self.line}):\n"
            f"    source: {self.source_words}\n"
            f"    record: {self.record_words}"
        )


def words(text):
    return WORD.findall(text)


def differences(
    text,
    source,
    allowances=(),
    footnotes=(),
    what="text",
    heading=False,
    whole=False,
    leads=(),
    trails=(),
):
    """Where `text` differs from `source` (a SourceText), paragraph by paragraph: [] when
    every paragraph is in the source word for word, each in order after the one before.

    `allowances` are the names (of ALLOWANCES) the record is granted; `footnotes` the
    footnote numbers the record holds, whose markers its words may drop. A `heading` printed
    in capitals may be stored in sentence case (docs/fixtures.md, `report.yaml`). A `whole`
    paragraph (prose, a heading) starts and ends with the printed one: at a line's start or
    end, at a quotation mark, or right after one of its `leads` (its start) or before one of
    its `trails` (its end); a text that starts or stops a word short of its paragraph
    differs."""
    unknown = {a.split(":")[0] for a in allowances} - set(ALLOWANCES)
    if unknown:
        return [Difference(what, 0, "", f"unknown allowance(s): {', '.join(sorted(unknown))}")]
    if heading and "unprinted-heading" in allowances:
        return []
    if "differs-from-source" in allowances:
        return []  # dataset/verbatim.py requires the record's note instead
    found, position = [], 0
    paragraphs = [p for p in text.split("\n") if p.strip()]
    # Compared without spaces, so that a URL broken over two lines still reads as one.
    leads = tuple("".join(words(lead)[-4:]) for lead in leads)  # before the first paragraph
    trails = tuple("".join(words(trail)[:4]) for trail in trails)  # after the last one
    for order, paragraph in enumerate(paragraphs):
        rules = Rules(
            tuple(allowances),
            tuple(footnotes),
            heading,
            whole,
            leads if order == 0 else (),
            trails if order == len(paragraphs) - 1 else (),
        )
        match, furthest = search(words(paragraph), source, rules, position)
        if match is None:
            found.append(explain(paragraph, source, what, furthest))
            continue
        position = match.end
    return found


def find(record, source, allowances=(), footnotes=(), after=0, heading=False):
    """The first Match of the words `record` in the source at or after `after`, or None."""
    return search(record, source, Rules(allowances, footnotes, heading), after)[0]


@dataclass(frozen=True)
class Rules:
    allowances: tuple = ()
    footnotes: tuple = ()
    heading: bool = False
    whole: bool = False
    leads: tuple = ()  # what may stand right before a whole paragraph (without spaces)
    trails: tuple = ()  # and right after it

    def named(self, name):
        """The arguments of the allowances called `name` (`name: argument`)."""
        prefix = f"{name}:"
        return [a[len(prefix) :].strip() for a in self.allowances if a.startswith(prefix)]

    def markers(self):
        return (*self.footnotes, *(int(n) for n in self.named("footnote-marker") if n.isdigit()))

    def interruptions(self):
        """The words after which the record's paragraph is interrupted in the source."""
        return [tuple(words(phrase)) for phrase in self.named("interrupted")]


def search(record, source, rules, after=0, line_start=False):
    """(Match or None, furthest (record index, source position, start) reached by any
    start): the furthest is where an unmatched paragraph parted from the source."""
    furthest = (0, None, None)
    if not record:
        return None, furthest
    first = record[0].upper() if rules.heading else record[0]
    index = source.upper_index if rules.heading else source.index
    for start in index.get(first, ()):
        if start < after or (line_start and not starts_line(source, start)):
            continue
        cut = "cut-from-sentence" in rules.allowances
        if rules.whole and not cut and not starts_paragraph(source, start, rules.leads):
            continue
        match, reached = walk(record, source, start, rules)
        if match is not None and (
            not rules.whole or cut or ends_paragraph(source, match.end, rules.trails)
        ):
            return match, reached
        if match is not None:
            reached = (len(record), match.end, start)  # the source's paragraph goes on
        if reached[0] > furthest[0] or furthest[1] is None:
            furthest = reached
    return None, furthest


def starts_paragraph(source, start, leads):
    """True if a whole paragraph may start at `start`: at a line's start, after an opening
    quotation mark, or right after one of its `leads` (what the source prints before it on
    the same line: a table's country column, a list's dash, `Overview:`)."""
    if starts_line(source, start) or (start and source.words[start - 1].text in QUOTE_MARKS):
        return True
    before = "".join(w.text for w in source.words[max(start - 12, 0) : start])
    return any(lead and before.endswith(lead) for lead in leads)


def ends_paragraph(source, end, trails=()):
    """True if the words matched up to `end` finish their line or a quotation, or are
    followed right away by one of their `trails` (a section's text on its heading's line, a
    footnote's URL after its words)."""
    following = source.words[end].text if end < len(source.words) else ""
    if source.words[end - 1].line_end or following in QUOTE_MARKS:
        return True
    after = "".join(w.text for w in source.words[end : end + 12])
    return any(trail and after.startswith(trail) for trail in trails)


def starts_line(source, position):
    return position == 0 or source.words[position - 1].line_end


def walk(record, source, start, rules):
    """Match `record` word by word from `start`: (Match, reached) or (None, reached), reached
    being the record's index and the source's position of the first difference."""
    position, last = start, len(record) - 1
    for index, expected in enumerate(record):
        position = skip_furniture(source, position, start)
        step = None
        if position < len(source.words):
            step = step_for(expected, source, position, rules, index == last)
        if step is None:
            resumed = resume(record, index, source, position, rules)
            if resumed is not None:
                return Match(start, resumed.end), (len(record), resumed.end, start)
            return None, (index, position, start)
        position += step
    return Match(start, position), (len(record), position, start)


def resume(record, index, source, position, rules):
    """Where a record named `interrupted: <words>` continues, after other printed matter
    (a table, a quote box): the words before `index` end with <words> at the end of a line,
    and the rest starts a line further on."""
    if not index or not source.words[position - 1].line_end:
        return None
    for words_before in rules.interruptions():
        if tuple(record[max(index - len(words_before), 0) : index]) == words_before:
            return search(record[index:], source, rules, position, line_start=True)[0]
    return None


def skip_furniture(source, position, start):
    """Footnotes at the foot of a page, between two words of the body, are skipped (but not
    when the record itself starts in one: a footnote is checked against its own words)."""
    if source.words[start].furniture:
        return position
    while position < len(source.words) and source.words[position].furniture:
        position += 1
    return position


def step_for(expected, source, position, rules, last):
    for form, size, marker in source.forms(position):
        same = form == expected or (rules.heading and form.isupper() and form == expected.upper())
        if same and (marker is None or is_marker(marker, rules.markers())):
            return size
        for name, mark in (("dropped-full-stop", "."), ("cut-from-sentence", ",")):
            if last and name in rules.allowances and form == expected + mark and not marker:
                return size
    return None


def is_marker(digits, footnotes):
    """True if `digits` are footnote numbers of the record, glued (`1516` = 15 and 16)."""
    if not digits:
        return True
    return any(
        int(digits[:size]) in footnotes and is_marker(digits[size:], footnotes)
        for size in (1, 2)
        if len(digits) >= size and digits[0] != "0"
    )


def explain(paragraph, source, what, furthest):
    """The Difference of a paragraph not found, shown where it parted from the source: after
    the longest run of words it matched (or, if it matched hardly any, at the stretch its
    rarer words point to), the first differing words of each side in [brackets]."""
    record = words(paragraph)
    index, position, _start = furthest
    if position is not None and index == len(record):  # all matched, but the source goes on
        before = [w.text for w in source.words[max(position - CONTEXT, 0) : position]]
        going_on = [w.text for w in source.words[position : position + 3]]
        return Difference(
            what,
            source.where(position),
            mark([*before, *going_on], len(before), len(before) + len(going_on)),
            mark(record[-CONTEXT:], CONTEXT, CONTEXT),
        )
    if position is None or index < min(3, len(record) - 1):
        position, index = locate(record, source), 0
    if position is None:
        return Difference(what, 0, "(not found in the source)", shorten(paragraph))
    ahead = 2 * CONTEXT
    printed = [w.text for w in source.words[position : position + ahead]]
    rest = record[index : index + ahead]
    if index + ahead >= len(record):  # the record ends here: compare as many words
        printed = printed[: len(rest) + 1]
    blocks = difflib.SequenceMatcher(None, printed, rest, autojunk=False).get_opcodes()
    differing = [b for b in blocks if b[0] != "equal"]
    if not differing:  # the words are the source's, but the printed paragraph starts earlier
        before = [w.text for w in source.words[max(position - 3, 0) : position]]
        return Difference(
            what,
            source.where(position),
            mark([*before, *printed[:CONTEXT]], 0, len(before)),
            mark(rest[:CONTEXT], 0, 0),
        )
    tag, i1, i2, j1, j2 = differing[0]
    if tag == "replace" and i2 == len(printed) and i2 - i1 > j2 - j1:
        i2 = i1 + (j2 - j1)  # the source's next words are not part of the difference
    if tag == "delete" and j1 == len(rest) and i1 > 0:
        i1, i2 = i1, min(i2, i1 + 1)
    before_source = [w.text for w in source.words[max(position - CONTEXT, 0) : position]]
    before_record = record[max(index - CONTEXT, 0) : index]
    return Difference(
        what,
        source.where(position + i1),
        mark([*before_source, *printed], len(before_source) + i1, len(before_source) + i2),
        mark([*before_record, *rest], len(before_record) + j1, len(before_record) + j2),
    )


def locate(record, source):
    """The source position where most of the record's rarer words line up, or None."""
    votes = {}
    for index, word in enumerate(record):
        positions = source.index.get(word, ())
        if 0 < len(positions) <= 40:
            for position in positions:
                votes[position - index] = votes.get(position - index, 0) + 1
    if not votes:
        return None
    # Offsets drift by a word at each joined hyphenation: pool near offsets.
    best = max(votes, key=lambda s: sum(votes.get(s + d, 0) for d in range(-3, 4)))
    return max(best, 0)


def mark(tokens, start, end):
    """The words around tokens[start:end], the differing ones in [brackets]."""
    before = tokens[max(start - CONTEXT, 0) : start]
    middle = tokens[start:end]
    after = tokens[end : end + CONTEXT]
    if len(middle) > 2 * CONTEXT:
        middle = [*middle[:CONTEXT], "…", *middle[-CONTEXT:]]
    inner = f"[{' '.join(middle)}]" if middle else "[…nothing…]"
    return " ".join([*before, inner, *after])


def shorten(text, size=120):
    return text if len(text) <= size else text[: size - 1] + "…"


def url_in_source(url, source):
    """True if the URL is printed in the source as a whole, possibly broken over lines (and
    glued to its footnote's number, `13https://…`): from the start of a word to the end of one,
    or to a punctuation mark that ends the sentence it is printed in."""
    for start, first in source.url_starts:
        joined, position = first, start + 1
        while len(joined) < len(url) and position < len(source.words):
            joined += source.words[position].text
            position += 1
        if joined == url or (joined.startswith(url) and joined[len(url)] in ".,;)"):
            return True
    return False
