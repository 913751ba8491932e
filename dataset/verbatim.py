"""Every loaded text against its own source, word for word (bases/verbatim.py does the
matching; this module says which texts a dataset holds and where each comes from).

`check(dataset)` returns the differences of a `Dataset` read from the fixtures: each quote
(with the attribution printed after it), barrier and section text, comment, practice (name,
description, template fields, objectives), region (label, overview), challenge, report
section (heading, text, highlights, footnotes), national finding (area, heading, text), and
every reference (its words after the footnote's number, its URL somewhere in the source).
`load_kb --check` and the tests call it; an empty list means the data is verbatim.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from bases.verbatim import Difference, SourceText, differences, find, url_in_source, words

# The allowance of a text an editor changed from the printed one (provenance.admin_guard).
DEPARTURE = "differs-from-source"

# Appendix B's form tables are stored one row a line, cells joined by " | ".
CELL = " | "


@dataclass(frozen=True)
class Text:
    """One text of a record: what it is, the text, its source, what the record allows."""

    what: str
    text: str
    source: str
    allowances: tuple = ()
    footnotes: tuple = ()
    heading: bool = False  # printed in capitals, stored in sentence case
    whole: bool = False  # prose: each paragraph runs to the end of the printed one
    variants: tuple = ()  # other printed forms, any of which is verbatim
    leads: tuple = ()  # what may be printed right before it on its line
    trails: tuple = ()  # and right after it


def sources_dir():
    return Path(settings.BASE_DIR, "sources")


@cache
def source_text(slug, directory=None):
    path = Path(directory or sources_dir(), f"{slug}.txt")
    return SourceText(slug, path.read_text(encoding="utf-8"))


def check(dataset, directory=None):
    """The differences (bases.verbatim.Difference) of every text of `dataset`, and of every
    quote in its rationales. A source with no text in `directory` (the synthetic source of
    synth_kb) is not checked; the tests require a text for every real source."""
    directory = Path(directory or sources_dir())
    checked = {s["slug"] for s in dataset.sources if Path(directory, f"{s['slug']}.txt").exists()}
    found = []
    for text in texts(dataset):
        if text.source in checked:
            found += first_verbatim(text, source_text(text.source, directory))
    for what, quote in quotes(dataset):
        if quote["source"] in checked:
            source = source_text(quote["source"], directory)
            found += attribution_differences(what, quote, source)
    for what, url, slug in urls(dataset):
        if slug in checked and not url_in_source(url, source_text(slug, directory)):
            found.append(Difference(what, 0, "(no such URL in the source)", url))
    return found + rationale_differences(dataset) + unexplained_departures(dataset)


def records(dataset):
    """(what, record) of every record that may name allowances and carry a note."""
    for category in dataset.categories:
        yield f"category {category['slug']}", category
    for barrier in dataset.barriers:
        yield f"barrier {barrier['number']}", barrier
        for name in ("quotes", "comments"):
            for order, record in enumerate(barrier[name], start=1):
                yield f"barrier {barrier['number']} {name[:-1]} {order}", record
    for region in dataset.regions:
        yield f"region {region['slug']}", region
        for order, challenge in enumerate(region["challenges"], start=1):
            yield f"region {region['slug']} challenge {order}", challenge
    for practice in dataset.practices:
        yield f"practice {practice['slug']}", practice
    for finding in dataset.findings:
        yield f"finding {finding['source']} {finding['order']}", finding


def unexplained_departures(dataset):
    """A record naming `differs-from-source` (saved through the admin's verbatim guard) is not
    compared with its source, but it must say why in its note: without one it fails."""
    return [
        Difference(what, 0, "(the text differs from the source)", "no note says why")
        for what, record in records(dataset)
        if DEPARTURE in allowed(record) and not (record.get("note") or "").strip()
    ]


def first_verbatim(text, source):
    """The differences of the text, or [] if it or one of its variants is verbatim."""
    first = None
    for printed in (text.text, *text.variants):
        found = differences(
            printed,
            source,
            text.allowances,
            text.footnotes,
            text.what,
            text.heading,
            text.whole,
            text.leads,
            text.trails,
        )
        if not found:
            return []
        first = found if first is None else first
    return first


# A challenge is printed "Title; text"; the report sometimes spaces or colons the separator.
SEPARATORS = ("; ", " ; ", ": ")


def allowed(record):
    return tuple(record.get("verbatim") or ())


def numbers(references):
    return tuple(r["footnote"] for r in references if r.get("footnote") is not None)


def texts(dataset):
    """Every Text of the dataset."""
    for section in dataset.report_sections:
        what, source = f"report section {section['slug']}", section["source"]
        notes = tuple(f["number"] for f in section["footnotes"])
        body = section["text"].replace(CELL, "\n")
        yield Text(
            f"{what} heading",
            section["heading"],
            source,
            allowed(section),
            heading=True,
            whole=True,
        )
        # A form table's cells share a line: only plain prose runs to a line end.
        prose = CELL not in section["text"]
        yield Text(f"{what} text", body, source, allowed(section), notes, whole=prose)
        for highlight in section["highlights"]:
            yield Text(f"{what} highlight", highlight, source, allowed(section), whole=True)
        for footnote in section["footnotes"]:
            yield Text(
                f"{what} footnote {footnote['number']}",
                f"{footnote['number']} {footnote['text']}",
                source,
            )
    for category in dataset.categories:
        yield Text(
            f"category {category['slug']}", category["name"], category["source"], allowed(category)
        )
    for region in dataset.regions:
        what, source = f"region {region['slug']}", region["source"]
        yield Text(
            f"{what} fact-sheet label",
            region["factsheet_label"],
            source,
            allowed(region),
            whole=True,
        )
        yield Text(
            f"{what} overview",
            region["overview"],
            source,
            allowed(region),
            whole=True,
            leads=("Overview:",),
        )
        challenges = region["challenges"]
        for order, challenge in enumerate(challenges, start=1):
            # A fact sheet prints its challenges one after another, sometimes on one line.
            before = challenges[order - 2]["text"] if order > 1 else ""
            after = challenges[order]["title"] if order < len(challenges) else ""
            printed = [
                separator.join(p for p in (challenge["title"], challenge["text"]) if p)
                for separator in SEPARATORS
            ]
            yield Text(
                f"{what} challenge {order}",
                printed[0],
                challenge["source"],
                allowed(challenge),
                whole=True,
                variants=tuple(printed[1:]),
                leads=(before,),
                trails=(after,),
            )
    for barrier in dataset.barriers:
        what, source = f"barrier {barrier['number']}", barrier["source"]
        yield Text(f"{what} title", f"{barrier['number']}. {barrier['title']}", source, whole=True)
        yield Text(
            f"{what} introduction", barrier["introduction"], source, allowed(barrier), whole=True
        )
        for order, section in enumerate(barrier["sections"], start=1):
            allows = allowed(section)
            yield Text(
                f"{what} section {order} heading",
                section["heading"],
                source,
                allows,
                whole=True,
                trails=(section["text"],),  # a text printed on its heading's line
            )
            yield Text(
                f"{what} section {order} text",
                section["text"],
                source,
                allows,
                whole=True,
                leads=(section["heading"],),  # printed on the heading's line
            )
        for order, quote in enumerate(barrier["quotes"], start=1):
            yield Text(
                f"{what} quote {order}", quote["text"], quote["source"], allowed(quote), whole=True
            )
        for order, comment in enumerate(barrier["comments"], start=1):
            yield Text(
                f"{what} comment {order}",
                comment["text"],
                comment["source"],
                allowed(comment),
                numbers(comment["references"]),
                whole=True,
            )
            yield from reference_texts(f"{what} comment {order}", comment)
    for practice in dataset.practices:
        what, source = f"practice {practice['slug']}", practice["source"]
        notes, allows = numbers(practice["references"]), allowed(practice)
        yield Text(
            f"{what} name",
            practice["name"],
            source,
            allows,
            notes,
            whole=True,
            leads=("•",),  # a list item
            trails=(practice["country_label"],),  # the table's Country column
        )
        yield Text(
            f"{what} description",
            practice["description"],
            source,
            allows,
            notes,
            whole=True,
            leads=(practice["country_label"],),  # the table's Country column
        )
        for key in ("key_players", "impact", "transferability", "responsible_body"):
            if practice.get(key):
                yield Text(
                    f"{what} {key}", practice[key], source, allows, whole=key != "responsible_body"
                )
        for order, objective in enumerate(practice.get("objectives") or (), start=1):
            yield Text(f"{what} objective {order}", objective, source, allows, whole=True)
        yield from reference_texts(what, practice)
    for finding in dataset.findings:
        what, source = f"finding {finding['source']} {finding['order']}", finding["source"]
        yield Text(f"{what} area", finding["area"], source, whole=True)
        yield Text(f"{what} heading", finding["heading"], source, whole=True)
        yield Text(
            f"{what} text", finding["text"], source, allowed(finding), whole=True, leads=("-",)
        )


def reference_texts(what, record):
    for reference in record["references"]:
        if reference["text"]:
            number = reference.get("footnote")
            printed = f"{number} {reference['text']}" if number is not None else reference["text"]
            yield Text(
                f"{what} footnote {number}",
                printed,
                record["source"],
                whole=True,
                trails=(reference["url"],),  # printed after the words on their line
            )


def quotes(dataset):
    for barrier in dataset.barriers:
        for order, quote in enumerate(barrier["quotes"], start=1):
            yield f"barrier {barrier['number']} quote {order}", quote


def urls(dataset):
    for barrier in dataset.barriers:
        for order, comment in enumerate(barrier["comments"], start=1):
            for reference in comment["references"]:
                if reference["url"]:
                    what = f"barrier {barrier['number']} comment {order} footnote URL"
                    yield what, reference["url"], comment["source"]
    for practice in dataset.practices:
        if practice["link"]:
            yield f"practice {practice['slug']} link", practice["link"], practice["source"]
        for reference in practice["references"]:
            if reference["url"]:
                what = f"practice {practice['slug']} footnote {reference.get('footnote')} URL"
                yield what, reference["url"], practice["source"]


ATTRIBUTION = re.compile(r"^[”\"]?[-–—]")


def attribution_differences(what, quote, source):
    """The attribution printed after the quote's closing mark and dash must be the record's:
    a quote moved to another region, or given another's attribution, fails here."""
    match = find(words(quote["text"]), source, allowed(quote))
    if match is None:
        return []  # the text's own difference is reported
    following = "".join(w.text for w in source.words[match.end : match.end + 8])
    if "dropped-full-stop" in allowed(quote):
        following = re.sub(r"^([”\"])\.", r"\1", following)
    expected = re.sub(r"\s+", "", quote["attribution"])
    tail = ATTRIBUTION.sub("", following, count=1)
    if ATTRIBUTION.match(following) and tail.startswith(expected):
        return []
    printed = " ".join(w.text for w in source.words[match.end : match.end + 5])
    return [
        Difference(
            f"{what} attribution",
            source.where(match.end),
            f"{printed} …",
            f"- {quote['attribution']}",
        )
    ]


QUOTED = re.compile(r"“([^”]*)”")
CUT = re.compile(r"\[[^\]]*\]")  # `[…]` marks a cut, `[L]` a letter the editors changed


def rationale_differences(dataset):
    """Every piece a rationale quotes (between “curly quotes”, cut at `[…]`) must be the
    record's own words exactly, case included, within one of its texts."""
    found = []
    for what, rationale, own in rationales(dataset):
        for quoted in QUOTED.findall(rationale):
            for piece in filter(None, (p.strip() for p in CUT.split(quoted))):
                if not any(piece in text for text in own):
                    found.append(Difference(f"{what} rationale", 0, " / ".join(own), f"“{piece}”"))
    return found


def rationales(dataset):
    """(what, rationale, the record's own texts) of every editorial mapping."""
    for region in dataset.regions:
        for order, challenge in enumerate(region["challenges"], start=1):
            own = [challenge["title"], challenge["text"]]
            for mapping in challenge["barriers"]:
                what = f"region {region['slug']} challenge {order} → barrier {mapping['number']}"
                yield what, mapping["rationale"], own
    for finding in dataset.findings:
        for mapping in finding["barriers"]:
            what = f"finding {finding['source']} {finding['order']} → barrier {mapping['number']}"
            yield what, mapping["rationale"], [finding["text"]]
    for practice in dataset.practices:
        own = [practice["name"], practice["description"], *(practice.get("objectives") or ())]
        for mapping in practice["barriers"]:
            what = f"practice {practice['slug']} → barrier {mapping['number']}"
            yield what, mapping["rationale"], own
