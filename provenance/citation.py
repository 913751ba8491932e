"""How a record of the knowledge base is cited: one reference, built once, written as the
page's text and as BibTeX, RIS and CSL-JSON.

A reference cites the record's source (the document whose words the record transcribes), at
the record's section, and names the record's permalink and the day it was read. Every field
comes from the `Source` row or the record: a field the source does not print (a year, a
publisher, a deliverable number) is left out of every format and named in `missing`, so the
page can say so. The knowledge base never makes one up.

The access date is the day of the answer (`accessed_on`): the response cache keys every
answer by it too (preciseu_kb/caching.py), so no reference says "accessed yesterday".
"""

import json
from dataclasses import dataclass, field
from datetime import date

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

SITE_NAME = "PRECISEU knowledge base"

# The three downloads of a page's reference: `<page>cite.<extension>`.
FORMATS = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}

DOWNLOAD_NAMES = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}

# What the page says for a field the source does not print.
MISSING_FIELDS = {
    "year": "no year of publication",
    "publisher": "no publisher",
    "identifier": "no deliverable or grant number",
}


def accessed_on():
    """The day of the answer, in the site's time zone."""
    return timezone.localdate()


@dataclass(frozen=True)
class Citation:
    """The reference of one record. `label` names the record as its page does ("Quote 5-3"),
    `key` is a stable identifier for reference managers ("preciseu-kb-quote-5-3")."""

    key: str
    label: str
    page: str
    url: str
    accessed: date
    source_title: str
    section: str
    language: str
    title_note: str = ""
    publisher: str = ""
    identifier: str = ""
    year: str = ""
    missing: list = field(default_factory=list)

    @classmethod
    def of(cls, record, *, kind, key, label, request):
        """The reference of `record` (anything with `source` and `section`, and a page at
        `get_absolute_url`)."""
        source = record.source
        page = record.get_absolute_url()
        known = {
            "publisher": source.publisher,
            "identifier": source.identifier,
            "year": source.published,
        }
        return cls(
            key=f"preciseu-kb-{kind}-{key}",
            label=label,
            page=page,
            url=request.build_absolute_uri(page),
            accessed=accessed_on(),
            source_title=source.title,
            title_note=source.title_note,
            section=record.section,
            language=source.language,
            missing=[MISSING_FIELDS[name] for name, value in known.items() if not value],
            **known,
        )

    @property
    def is_report(self):
        """A document with a deliverable or grant number is a report; others are documents."""
        return bool(self.identifier)

    @property
    def missing_text(self):
        """What the page says of the fields the source does not print."""
        *others, last = self.missing
        listed = f"{', '.join(others)} and {last}" if others else last
        return f"The source prints {listed}: the reference leaves {'them' if others else 'it'} out."

    @property
    def accessed_text(self):
        return f"{self.accessed.day} {self.accessed:%B %Y}"

    @property
    def record_note(self):
        """The record within the source, and where the knowledge base shows it."""
        return f"{self.label}, transcribed in the {SITE_NAME}"

    @property
    def note(self):
        """The files' note: `record_note`, and, for a document that prints no title, what
        the title is instead."""
        if self.title_note:
            return f"{self.record_note}. Title: {self.title_note}"
        return self.record_note

    @property
    def bracketed_title_note(self):
        """As a reference gives a description of an untitled work: in brackets."""
        return f"[{self.title_note.removesuffix('.')}]" if self.title_note else ""

    @property
    def downloads(self):
        """[(format name, URL)] of the three files, beside the page."""
        return [
            (DOWNLOAD_NAMES[extension], f"{self.page}cite.{extension}") for extension in FORMATS
        ]

    def text(self):
        """The reference as one line of plain text, ready to paste."""
        sentences = [
            self.publisher,
            f"{self.source_title} {self.bracketed_title_note}".strip(),
            self.identifier,
            self.year,
            self.section_sentence,
            self.record_note,
        ]
        read = f"{self.url} (accessed {self.accessed_text})"
        return " ".join([*(sentence(part) for part in sentences if part), read])

    @property
    def section_sentence(self):
        """The section as a sentence. A section may end with its own colon ("Current
        strengths:"), which takes no full stop after it."""
        return sentence(f"Section: {self.section}")

    # -- The downloads ------------------------------------------------------------------

    def bibtex(self):
        fields = [
            ("title", self.source_title),
            ("institution" if self.is_report else "publisher", self.publisher),
            ("number", self.identifier),
            ("year", self.year),
            ("note", f"{self.section_sentence} {self.note}"),
            ("url", self.url),
            ("urldate", self.accessed.isoformat()),
            ("language", self.language),
        ]
        entry_type = "techreport" if self.is_report else "misc"
        body = ",\n".join(
            # A URL is read verbatim: escaping it would change it.
            f"  {name} = {{{value if name == 'url' else bibtex_escape(value)}}}"
            for name, value in fields
            if value
        )
        return f"@{entry_type}{{{self.key},\n{body}\n}}\n"

    def ris(self):
        tags = [
            ("TY", "RPRT" if self.is_report else "GEN"),
            ("ID", self.key),
            ("TI", self.source_title),
            ("PB", self.publisher),
            ("VL", self.identifier),  # RIS gives a report's number in VL
            ("PY", self.year),
            ("SE", self.section),
            ("N1", self.note),
            ("UR", self.url),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("LA", self.language),
            ("ER", ""),
        ]
        return "".join(
            f"{tag}  - {' '.join(value.split())}\n" for tag, value in tags if value or tag == "ER"
        )

    def csl(self):
        """One CSL-JSON item (the downloads hold a list of one)."""
        item = {
            "id": self.key,
            "type": "report" if self.is_report else "document",
            "title": self.source_title,
            "publisher": self.publisher,
            "number": self.identifier,
            "section": self.section,
            "note": self.note,
            "URL": self.url,
            "accessed": {
                "date-parts": [[self.accessed.year, self.accessed.month, self.accessed.day]]
            },
            "language": self.language,
        }
        if self.year.isdigit():
            item["issued"] = {"date-parts": [[int(self.year)]]}
        elif self.year:
            item["issued"] = {"literal": self.year}
        return {name: value for name, value in item.items() if value}

    def render(self, extension):
        if extension == "bib":
            return self.bibtex()
        if extension == "ris":
            return self.ris()
        return json.dumps([self.csl()], ensure_ascii=False, indent=2) + "\n"


def sentence(text):
    """`text` ending as a sentence does: with its own stop, colon or question mark, or a full
    stop."""
    return text if text.endswith((".", ":", "?", "!")) else f"{text}."


# BibTeX reads these as markup; everything else (UTF-8 included, which biber and Zotero read)
# goes as it is.
BIBTEX_ESCAPES = {c: f"\\{c}" for c in "{}%&#_$"} | {"\\": "\\textbackslash{}"}


def bibtex_escape(value):
    return "".join(BIBTEX_ESCAPES.get(char, char) for char in " ".join(value.split()))


def citation_response(citation, extension):
    """The reference as a download, named after its key."""
    response = HttpResponse(citation.render(extension), content_type=FORMATS[extension])
    filename = f"{citation.key}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cite_urls(route, name, lookup, build):
    """The three downloads of the page at `route` ("quotes/<str:key>/"): `<route>cite.bib`,
    `.ris` and `.json`, named `<name>-cite-<extension>`. `lookup` takes the route's arguments
    and returns the record (or raises Http404), `build(request, record)` its `Citation`: the
    same that the page shows."""

    def download(request, extension, **kwargs):
        return citation_response(build(request, lookup(**kwargs)), extension)

    return [
        path(
            f"{route}cite.{extension}",
            download,
            {"extension": extension},
            name=f"{name}-cite-{extension}",
        )
        for extension in FORMATS
    ]
