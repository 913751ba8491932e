"""Reading and validating `fixtures/` (see docs/fixtures.md for the format).

`read_fixtures(directory)` parses every file, checks each record's keys and types (as the
field map declares them), the links between records (category, region, practice, country) and
the report's own arithmetic, and returns a `Dataset`: plain Python values ready for the
writer. Every problem is reported as "file: record: problem"; nothing touches the database
here.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from barriers.models import BARRIER_COUNT
from practices.models import Kind, Level, own_text, quotes_own_text
from regions.models import MAX_ORDER, NationalFinding, attribution_mismatch

from . import fields
from .fields import read
from .methodology import read_methodology
from .records import FixtureError, Record, load_yaml

DEFAULT_SOURCE = "d6-1"


@dataclass
class Dataset:
    sources: list = field(default_factory=list)
    report_sections: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    categories: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    barriers: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    data_notes: list = field(default_factory=list)


def fixtures_checksum(directory):
    """A short digest of every fixture file (names and bytes): which fixtures a load read, as
    the versions it writes name them ("Loaded from fixtures at …")."""
    base = Path(directory)
    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def read_fixtures(directory):
    """Parse and validate every fixture under `directory`; raise FixtureError on problems."""
    base = Path(directory)
    if not base.is_dir():
        raise FixtureError([f"{base}: no such fixtures directory"])
    problems = []
    reader = _Reader(base, problems)
    dataset = reader.read()
    if problems:
        raise FixtureError(problems)
    return dataset


class _Reader:
    def __init__(self, base, problems):
        self.base, self.problems = base, problems
        self.dataset = Dataset()

    def file_records(self, name, label_key):
        """Records of a file holding a list of mappings."""
        path = self.base / name
        if not path.exists():
            self.problems.append(f"{name}: missing")
            return []
        name, data = load_yaml(path, self.base, self.problems)
        if data is None:
            return []
        if not isinstance(data, list):
            self.problems.append(f"{name}: expected a list of records")
            return []
        return [
            Record(
                item,
                name,
                f"{label_key} {item.get(label_key)!r}" if isinstance(item, dict) else f"record {i}",
                self.problems,
            )
            for i, item in enumerate(data)
        ]

    def folder_records(self, folder, label_key, required=True):
        """One record per file of a folder, in file-name order."""
        records = []
        for path in sorted((self.base / folder).glob("*.yaml")):
            name, data = load_yaml(path, self.base, self.problems)
            if data is not None:
                label = f"{label_key} {data.get(label_key)!r}" if isinstance(data, dict) else ""
                records.append(Record(data, name, label, self.problems))
        if not records and required:
            self.problems.append(f"{folder}/: no fixtures found")
        return records

    def read(self):
        self.read_sources()
        self.read_report()
        self.read_countries()
        self.read_categories()
        self.read_regions()
        self.read_methodology()
        self.read_practices()
        self.read_barriers()
        self.check_practices_listed()
        self.read_national()
        return self.dataset

    # --- helpers -------------------------------------------------------------------------

    def provenance(self, record, default_section):
        source = record.get("source", required=False, default=DEFAULT_SOURCE)
        if source not in self.source_slugs:
            record.problem(f"unknown source {source!r}")
        return {
            "source": source,
            "section": record.text("section", required=False) or default_section,
        }

    def unique(self, records, key, values):
        seen = {}
        for record, value in zip(records, values, strict=True):
            if value in seen:
                record.problem(f"duplicate {key} {value!r} (also in {seen[value]})")
            seen.setdefault(value, record.where)

    @staticmethod
    def check_file_name(record, stem):
        if isinstance(stem, str) and Path(record.file).stem != stem:
            record.problem(f"file name should be {stem}.yaml")

    def references(self, record):
        refs = record.children("references", required=False)
        result = []
        for ref in refs:
            row = read(ref, fields.REFERENCE)
            if not row["text"] and not row["url"]:
                ref.problem("a reference needs text or a url")
            if row["url"] and not re.match(r"^https?://\S+$", row["url"]):
                ref.problem(f"'url' is not an http(s) URL: {row['url']!r}")
            ref.finish()
            result.append(row)
        return result

    # --- files ---------------------------------------------------------------------------

    def read_sources(self):
        records = self.file_records("sources.yaml", "slug")
        for order, record in enumerate(records, start=1):
            self.dataset.sources.append(read(record, fields.SOURCE) | {"order": order})
            self.source_notes(record)
            record.finish()
        self.source_slugs = {source["slug"] for source in self.dataset.sources}
        self.unique(records, "slug", [s["slug"] for s in self.dataset.sources])

    def source_notes(self, record):
        """A source's transcription notes (what its text leaves out or uncertain)."""
        for note in record.children("notes", required=False):
            self.dataset.data_notes.append(
                {
                    "source": record.data.get("slug"),
                    "kind": "transcription",
                    **read(note, fields.SOURCE_NOTE),
                }
            )
            note.finish()

    def read_report(self):
        path = self.base / "report.yaml"
        if not path.exists():
            self.problems.append("report.yaml: missing")
            return
        name, data = load_yaml(path, self.base, self.problems)
        if data is None:
            return
        root = Record(data, name, "", self.problems)
        sections = root.children("sections")
        records = []
        for section in sections:
            self.read_report_section(section, None, records)
        root.finish()
        self.unique(records, "slug", [s["slug"] for s in self.dataset.report_sections])

    def read_report_section(self, record, parent, records):
        row = read(record, fields.REPORT_SECTION)
        row.update(
            footnotes=self.section_footnotes(record),
            parent=parent,
            order=len(self.dataset.report_sections) + 1,
            **self.provenance(record, row["heading"]),
        )
        self.dataset.report_sections.append(row)
        records.append(record)
        subsections = record.children("subsections", required=False)
        for subsection in subsections:
            self.read_report_section(subsection, row["slug"], records)
        record.finish()

    def section_footnotes(self, record):
        items = record.children("footnotes", required=False)
        footnotes = []
        for item in items:
            footnotes.append({"number": item.get("number", int), "text": item.text("text")})
            item.finish()
        return footnotes

    def read_countries(self):
        records = self.file_records("countries.yaml", "code")
        for record in records:
            country = read(record, fields.COUNTRY)
            if not re.fullmatch(r"[A-Z]{2}", country["code"]):
                record.problem(f"'code' must be two capital letters, not {country['code']!r}")
            self.dataset.countries.append(country)
            record.finish()
        self.country_codes = {c["code"] for c in self.dataset.countries}
        self.unique(records, "code", [c["code"] for c in self.dataset.countries])
        self.unique(records, "name", [c["name"] for c in self.dataset.countries])

    def read_categories(self):
        records = self.file_records("categories.yaml", "slug")
        for order, record in enumerate(records, start=1):
            self.dataset.categories.append(
                read(record, fields.CATEGORY)
                | {"order": order, **self.provenance(record, "Overview of main barriers")}
            )
            record.finish()
        self.categories = {c["slug"]: c for c in self.dataset.categories}
        self.unique(records, "slug", [c["slug"] for c in self.dataset.categories])

    def read_regions(self):
        records = self.folder_records("regions", "slug")
        for record in records:
            region = read(record, fields.REGION) | {"country": record.get("country")}
            section = f"Appendix A: Country fact sheets › {region['factsheet_label']}"
            challenges = record.children("challenges")
            region.update(
                **self.provenance(record, section),
                challenges=[self.challenge(c, section) for c in challenges],
            )
            if region["country"] not in self.country_codes:
                record.problem(f"unknown country {region['country']!r}")
            if region["order"] is not None and not 1 <= region["order"] <= MAX_ORDER:
                record.problem(f"'order' must be between 1 and {MAX_ORDER}")
            self.check_file_name(record, region["slug"])
            if not challenges:
                record.problem("a fact sheet lists at least one challenge")
            record.finish()
            self.dataset.regions.append(region)
        for key in ("slug", "name", "country", "order"):
            self.unique(records, key, [r[key] for r in self.dataset.regions])
        self.regions = {r["slug"]: r for r in self.dataset.regions}
        self.unique(
            [
                rec
                for rec, r in zip(records, self.dataset.regions, strict=True)
                for _ in r["attributions"]
            ],
            "attribution",
            [a for r in self.dataset.regions for a in r["attributions"]],
        )

    def challenge(self, record, section):
        row = read(record, fields.CHALLENGE) | {
            **self.provenance(record, f"{section} › Challenges"),
            "barriers": self.barrier_mappings(record, "challenge"),
        }
        record.finish()
        return row

    def barrier_mappings(self, record, what):
        mappings = record.children("barriers", required=False)
        rows = [self.barrier_mapping(m, what) for m in mappings]
        self.unique(mappings, "barrier", [m["number"] for m in rows])
        return rows

    @staticmethod
    def barrier_mapping(record, what):
        """A barrier the record (a challenge, a finding, a practice) corresponds to, in the
        editors' judgement, and why."""
        number = record.get("number", int)
        mapping = read(record, fields.BARRIER_MAPPING)
        if number is not None and not 1 <= number <= BARRIER_COUNT:
            record.problem(f"unknown barrier {number} (barriers run from 1 to {BARRIER_COUNT})")
        if "rationale" in record.data and not mapping["rationale"]:
            record.problem(f"'rationale' is empty: say why the {what} matches the barrier")
        record.finish()
        return mapping | {"number": number}

    def read_methodology(self):
        path = self.base / "methodology.yaml"
        if not path.exists():
            self.problems.append("methodology.yaml: missing")
            return
        name, data = load_yaml(path, self.base, self.problems)
        if data is not None:
            root = Record(data, name, "", self.problems)
            notes = read_methodology(root, self.regions)
            self.dataset.data_notes += [note | {"source": DEFAULT_SOURCE} for note in notes]
            root.finish()
            self.check_table_captions(name, data)

    def check_table_captions(self, name, data):
        """Tab. 3 and Tab. 4 are shown under the report section their `section` names (its
        headings, then the table's label), with the caption that section prints: the two files
        must agree."""
        by_slug = {s["slug"]: s for s in self.dataset.report_sections}

        def path(section):
            parent = by_slug.get(section["parent"])
            return [*(path(parent) if parent else []), section["heading"]]

        printed = {
            " › ".join(path(s)): s["captions"]
            for s in self.dataset.report_sections
            if s["source"] == DEFAULT_SOURCE
        }
        for key in ("interviews", "workshops"):
            table = data.get(key) if isinstance(data, dict) else None
            if not isinstance(table, dict) or not isinstance(table.get("section"), str):
                continue  # reported by read_methodology
            heading = table["section"].rpartition(" › ")[0]
            if table.get("caption") not in printed.get(heading, []):
                self.problems.append(
                    f"{name} {key}: caption {table.get('caption')!r} is not among the captions "
                    f"of the report section {heading!r} in report.yaml"
                )

    def read_practices(self):
        records = self.folder_records("practices", "slug")
        for record in records:
            practice = read(record, fields.PRACTICE) | {
                "countries": record.strings("countries", required=False),
                "references": self.references(record),
                "part_of": record.get("part_of", required=False),
                "barriers": self.barrier_mappings(record, "practice"),
                **self.provenance(record, ""),
            }
            practice["transfer_profile"] = self.transfer_profile(record, own_text(practice))
            for code in practice["countries"]:
                if code not in self.country_codes:
                    record.problem(f"unknown country {code!r}")
            if practice["link"] and not re.match(r"^https?://\S+$", practice["link"]):
                record.problem(f"'link' is not an http(s) URL: {practice['link']!r}")
            self.check_file_name(record, practice["slug"])
            record.finish()
            self.dataset.practices.append(practice)
        self.unique(records, "slug", [p["slug"] for p in self.dataset.practices])
        self.practices = {p["slug"]: p for p in self.dataset.practices}
        for practice, record in zip(self.dataset.practices, records, strict=True):
            parent = practice["part_of"]
            if parent is not None and (parent not in self.practices or parent == practice["slug"]):
                record.problem(f"'part_of' names no other practice: {parent!r}")
        self.practice_records = {
            p["slug"]: record for p, record in zip(self.dataset.practices, records, strict=True)
        }
        self.listed_in = {slug: [] for slug in self.practices}

    def transfer_profile(self, record, text):
        """A practice's transfer profile: a level, kinds, actors and preconditions, each
        value with a rationale quoting `text` (the practice's own words) exactly. A practice
        without one states nothing: its level is not stated and it has no values."""
        data = record.get("transfer_profile", dict, required=False)
        if data is None:  # not profiled yet: nothing is stated
            return {"level": Level.NOT_STATED, "level_rationale": ""} | dict.fromkeys(
                ("kinds", "actors", "preconditions"), []
            )
        profile = Record(
            data, record.file, f"{record.label} transfer_profile".strip(), self.problems
        )
        row = read(profile, fields.TRANSFER_PROFILE)
        if row["level"] is not None and row["level"] not in Level.values:
            profile.problem(
                f"'level' must be one of {', '.join(Level.values)}, not {row['level']!r}"
            )
        if row["level"] == Level.NOT_STATED and row["level_rationale"]:
            profile.problem("'level_rationale' is given for a level not stated")
        elif row["level"] != Level.NOT_STATED and not row["level_rationale"]:
            profile.problem("'level_rationale' is missing: quote the words that give the level")
        else:
            self.check_quote(profile, "level_rationale", row["level_rationale"], text)
        row["kinds"] = self.profile_values(profile, "kinds", fields.PRACTICE_KIND, text)
        row["actors"] = self.profile_values(profile, "actors", fields.PRACTICE_ACTOR, text)
        row["preconditions"] = self.profile_values(
            profile, "preconditions", fields.PRACTICE_PRECONDITION, text
        )
        profile.finish()
        return row

    def profile_values(self, profile, key, declared, text):
        items, values = profile.children(key), []
        for item in items:
            value = read(item, declared)
            self.check_quote(item, "rationale", value["rationale"], text)
            if key == "kinds" and value["kind"] not in Kind.values:
                item.problem(
                    f"'kind' must be one of {', '.join(Kind.values)}, not {value['kind']!r}"
                )
            if key == "actors" and value["name"] not in value["rationale"]:
                item.problem(f"the actor {value['name']!r} is not named in its rationale")
            item.finish()
            values.append(value)
        if key == "kinds":
            self.unique(items, "kind", [value["kind"] for value in values])
        return values

    @staticmethod
    def check_quote(record, key, rationale, text):
        if rationale and not quotes_own_text(rationale, text):
            record.problem(
                f"'{key}' does not quote the practice's own words exactly (name, description, "
                f"country, locality, responsible body or objectives, case included): {rationale!r}"
            )

    def read_barriers(self):
        records = self.folder_records("barriers", "number")
        for record in records:
            self.dataset.barriers.append(self.barrier(record))
        for key in ("number", "slug", "title"):
            self.unique(records, key, [b[key] for b in self.dataset.barriers])
        numbers = sorted(b["number"] for b in self.dataset.barriers if b["number"])
        if numbers != list(range(1, BARRIER_COUNT + 1)):
            self.problems.append(f"barriers/: expected barriers 1–{BARRIER_COUNT}, found {numbers}")

    def barrier(self, record):
        barrier = read(record, fields.BARRIER)
        number, category = barrier["number"], record.get("category")
        if category not in self.categories:
            record.problem(f"unknown category {category!r}")
        category_name = self.categories.get(category, {}).get("name", category)
        section = f"Overview of main barriers › {category_name} › {number}. {barrier['title']}"
        sections = record.children("sections")
        quotes = record.children("quotes")
        comments = record.children("comments", required=False)
        barrier.update(
            category=category,
            **self.provenance(record, section),
            sections=[self.barrier_section(s) for s in sections],
            quotes=[self.quote(q, f"{section} › Quotes") for q in quotes],
            comments=[self.comment(c, f"{section} › Comment") for c in comments],
            practices=record.strings("practices"),
        )
        if number is not None and not 1 <= number <= BARRIER_COUNT:
            record.problem(f"barrier number {number} is outside 1–{BARRIER_COUNT}")
        if number is not None:
            self.check_file_name(record, f"{number:02d}-{barrier['slug']}")
        for slug in barrier["practices"]:
            if slug not in self.practices:
                record.problem(f"unknown practice {slug!r}")
            elif number in self.listed_in[slug]:
                record.problem(f"practice {slug!r} is listed twice")
            else:
                self.listed_in[slug].append(number)
        record.finish()
        return barrier

    def barrier_section(self, record):
        row = read(record, fields.BARRIER_SECTION)
        record.finish()
        return row

    def quote(self, record, section):
        region = record.get("region")
        row = read(record, fields.QUOTE) | {"region": region, **self.provenance(record, section)}
        attribution = row["attribution"]
        if region not in self.regions:
            record.problem(f"unknown region {region!r}")
        elif mismatch := attribution_mismatch(
            attribution, region, self.regions[region]["attributions"]
        ):
            record.problem(mismatch)
        record.finish()
        return row

    def comment(self, record, section):
        row = read(record, fields.COMMENT) | {
            "references": self.references(record),
            **self.provenance(record, section),
        }
        record.finish()
        return row

    def check_practices_listed(self):
        """Every practice of D6.1 appears in at least one barrier's table, and its provenance
        names them. A practice of another source (PERTE) is printed in no table: the editors
        link it to barriers (`barriers:`), and it says itself where it is printed."""
        for slug, numbers in self.listed_in.items():
            practice, record = self.practices[slug], self.practice_records[slug]
            linked = sorted({link["number"] for link in practice["barriers"]} & set(numbers))
            if linked:
                record.problem(
                    f"'barriers' links it to barrier(s) {', '.join(map(str, linked))}, "
                    "whose table already lists it"
                )
            if not numbers and practice["source"] == DEFAULT_SOURCE:
                record.problem("no barrier lists this practice")
            elif not numbers and not practice["section"]:
                record.problem("'section' is missing: say where in its source it is printed")
            elif not practice["section"]:
                tables = ", ".join(str(n) for n in sorted(numbers))
                plural = "s" if len(numbers) > 1 else ""
                practice["section"] = (
                    f"Overview of main barriers › good-practice table{plural} of barrier{plural} "
                    f"{tables}"
                )

    # --- national findings -------------------------------------------------------------------

    def read_national(self):
        """One file per source of country-level findings: areas › lists › findings."""
        records = self.folder_records("national", "source", required=False)
        for record in records:
            source, country = record.get("source"), record.get("country")
            if source not in self.source_slugs:
                record.problem(f"unknown source {source!r}")
            if country not in self.country_codes:
                record.problem(f"unknown country {country!r}")
            self.check_file_name(record, source)
            for area in record.children("areas"):
                self.national_area(area, source, country)
            record.finish()
        self.unique(records, "source", [r.data.get("source") for r in records])

    def national_area(self, record, source, country):
        area = record.text("area")
        for listing in record.children("lists"):
            heading, kind = listing.text("heading"), listing.get("kind")
            if kind not in NationalFinding.Kind.values:
                kinds = ", ".join(NationalFinding.Kind.values)
                listing.problem(f"'kind' must be one of {kinds}, not {kind!r}")
            findings = listing.children("findings")
            if not findings:
                listing.problem("a list holds at least one finding")
            for finding in findings:
                self.dataset.findings.append(
                    {
                        "source": source,
                        "country": country,
                        "area": area,
                        "kind": kind,
                        "heading": heading,
                        "order": sum(f["source"] == source for f in self.dataset.findings) + 1,
                        **read(finding, fields.NATIONAL_FINDING),
                        "section": f"{area} › {heading}",
                        "barriers": self.barrier_mappings(finding, "finding"),
                        "_where": finding.where,
                    }
                )
                finding.finish()
            listing.finish()
        record.finish()
