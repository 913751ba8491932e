"""Writing the database back to `fixtures/`, in the format `load_kb` reads.

`render_fixtures()` reads the database and returns {relative path: YAML text}, one entry per
fixture file; `write_fixtures()` writes them. The YAML is canonical (see docs/fixtures.md,
"Canonical style"), so that loading the fixtures and exporting them gives back the same
bytes, and an edit made in the admin shows in `git diff` as exactly that edit.

Keys that `load_kb` fills in by default (`source: d6-1`, a `section` derived from the
record's place) are written only where a record says something else, as in the hand-written
files. Tab. 3 and Tab. 4's captions, sections and printed totals are the report's and are not
in the database (the printed totals are only checked against the cells): they are carried
over from the methodology file the data was loaded from.
"""

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path

import yaml
from django.db.models import Prefetch

from barriers.models import Barrier, Category
from practices.models import GoodPractice
from provenance.models import DataNote, ReportSection, Source
from regions.models import INTERVIEW_GROUPS, Country, NationalFinding, Region

from . import fields
from .fields import Flow, Prose, export
from .reader import DEFAULT_SOURCE
from .records import FixtureError, load_yaml

# Folders whose files are one record each: the exporter owns every *.yaml in them, and
# removes the files of records no longer in the database.
RECORD_FOLDERS = ("barriers", "practices", "regions", "national")
TABLE_NOTE_SUBJECTS = {"interviews": "Tab. 3, transcription", "workshops": "Tab. 4, transcription"}
PRINTED_KEYS = {"section", "caption", "printed_totals"}


class FlowMap(dict):
    """A short mapping written on one line: `{code: SE, name: Sweden}`."""


# --- YAML: the canonical style ---------------------------------------------------------------


class CanonicalDumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, double quotes where a plain scalar
    is not possible, lines never folded."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def represent_prose(dumper, value):
    style = "|" if value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def represent_flow(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def represent_flow_map(dumper, value):
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


CanonicalDumper.add_representer(Prose, represent_prose)
CanonicalDumper.add_representer(Flow, represent_flow)
CanonicalDumper.add_representer(FlowMap, represent_flow_map)
CanonicalDumper.add_representer(
    dict, lambda dumper, value: dumper.represent_mapping("tag:yaml.org,2002:map", value.items())
)


def to_yaml(data):
    return yaml.dump(
        data, Dumper=CanonicalDumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )


# --- reading the database --------------------------------------------------------------------


def provenance(obj, default_section):
    """The `source` and `section` keys, each only where it is not the default."""
    keys = {}
    if obj.source.slug != DEFAULT_SOURCE:
        keys["source"] = obj.source.slug
    if obj.section != default_section:
        keys["section"] = obj.section
    return keys


def references(objects):
    return [export(fields.REFERENCE, ref) for ref in objects]


def mappings(objects):
    """Editorial links to barriers, in barrier-number order; None if there are none."""
    ordered = sorted(objects, key=lambda mapping: mapping.barrier.number)
    return [export(fields.BARRIER_MAPPING, m, number=m.barrier.number) for m in ordered] or None


def sources_file():
    return [
        export(fields.SOURCE, source, notes=source_notes(source))
        for source in Source.objects.prefetch_related("data_notes").order_by("order")
    ]


def source_notes(source):
    """The source's transcription notes; the tables' notes live in methodology.yaml, and
    discrepancies are `load_kb`'s own findings, computed at each load."""
    return [
        export(fields.SOURCE_NOTE, note)
        for note in sorted(source.data_notes.all(), key=lambda note: note.subject)
        if note.kind == DataNote.Kind.TRANSCRIPTION
        and note.subject not in TABLE_NOTE_SUBJECTS.values()
    ] or None


def report_file():
    sections = list(ReportSection.objects.select_related("source").order_by("order"))
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    return {"sections": [report_section(s, children) for s in children.get(None, [])]}


def report_section(section, children):
    return export(
        fields.REPORT_SECTION,
        section,
        footnotes=[{"number": f["number"], "text": f["text"]} for f in section.footnotes] or None,
        subsections=[report_section(s, children) for s in children.get(section.pk, [])] or None,
        **provenance(section, section.heading),
    )


def countries_file():
    return [
        FlowMap(export(fields.COUNTRY, country)) for country in Country.objects.order_by("code")
    ]


def categories_file():
    return [
        export(fields.CATEGORY, c, **provenance(c, "Overview of main barriers"))
        for c in Category.objects.select_related("source").order_by("order")
    ]


def region_files():
    regions = Region.objects.select_related("country", "source").prefetch_related(
        "challenges__source", "challenges__barrier_mappings__barrier"
    )
    return {f"regions/{region.slug}.yaml": region_record(region) for region in regions}


def region_record(region):
    section = f"Appendix A: Country fact sheets › {region.factsheet_label}"
    return export(
        fields.REGION,
        region,
        country=region.country.code,
        challenges=[
            challenge_record(challenge, f"{section} › Challenges")
            for challenge in region.challenges.all()
        ],
        **provenance(region, section),
    )


def challenge_record(challenge, section):
    return export(
        fields.CHALLENGE,
        challenge,
        barriers=mappings(challenge.barrier_mappings.all()),
        **provenance(challenge, section),
    )


def barrier_files():
    barriers = Barrier.objects.select_related("category", "source").prefetch_related(
        "sections",
        "quotes__region",
        "quotes__source",
        "comments__source",
        "comments__references",
        "listings__practice",
    )
    return {
        f"barriers/{barrier.number:02d}-{barrier.slug}.yaml": barrier_record(barrier)
        for barrier in barriers
    }


def barrier_record(barrier):
    section = (
        f"Overview of main barriers › {barrier.category.name} › {barrier.number}. {barrier.title}"
    )
    quotes = [
        export(fields.QUOTE, q, region=q.region.slug, **provenance(q, f"{section} › Quotes"))
        for q in barrier.quotes.all()
    ]
    comments = [
        export(
            fields.COMMENT,
            comment,
            references=references(comment.references.all()),
            **provenance(comment, f"{section} › Comment"),
        )
        for comment in barrier.comments.all()
    ]
    return export(
        fields.BARRIER,
        barrier,
        category=barrier.category.slug,
        sections=[export(fields.BARRIER_SECTION, s) for s in barrier.sections.all()],
        quotes=quotes,
        comments=comments or None,
        practices=[listing.practice.slug for listing in printed_listings(barrier)],
        **provenance(barrier, section),
    )


def printed_listings(barrier):
    """The rows of the barrier's good-practice table(s), in printed order."""
    listings = [listing for listing in barrier.listings.all() if listing.order is not None]
    return sorted(listings, key=lambda listing: listing.order)


def practice_files():
    practices = GoodPractice.objects.select_related("source", "part_of").prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("code")),
        "references",
        "listings__barrier",
        "kinds",
        "actors",
        "preconditions",
    )
    return {f"practices/{p.slug}.yaml": practice_record(p) for p in practices}


def practice_record(practice):
    return export(
        fields.PRACTICE,
        practice,
        countries=Flow(country.code for country in practice.countries.all()),
        references=references(practice.references.all()),
        part_of=practice.part_of.slug if practice.part_of else None,
        # the barriers the editors link a practice of another source to (no table prints it)
        barriers=mappings(listing for listing in practice.listings.all() if listing.order is None),
        transfer_profile=transfer_profile(practice),
        **provenance(practice, default_practice_section(practice)),
    )


def transfer_profile(practice):
    """The editors' transfer profile: every key written, an empty list where none is stated;
    None (no block) for a practice not profiled, whose profile states nothing."""
    kinds, actors, preconditions = (
        list(practice.kinds.all()),
        list(practice.actors.all()),
        list(practice.preconditions.all()),
    )
    if practice.level == GoodPractice.Level.NOT_STATED and not (kinds or actors or preconditions):
        return None
    return export(
        fields.TRANSFER_PROFILE,
        practice,
        kinds=[export(fields.PRACTICE_KIND, kind) for kind in kinds],
        actors=[export(fields.PRACTICE_ACTOR, actor) for actor in actors],
        preconditions=[export(fields.PRACTICE_PRECONDITION, p) for p in preconditions],
    )


def default_practice_section(practice):
    """The section `load_kb` derives from the barrier tables that print the practice."""
    numbers = sorted(
        listing.barrier.number for listing in practice.listings.all() if listing.order is not None
    )
    plural = "s" if len(numbers) > 1 else ""
    tables = ", ".join(str(n) for n in numbers)
    return f"Overview of main barriers › good-practice table{plural} of barrier{plural} {tables}"


def national_files():
    """One file per source of national findings: its areas, their lists, their findings."""
    findings = NationalFinding.objects.select_related("source", "country").prefetch_related(
        "barrier_mappings__barrier"
    )
    files = {}
    for finding in findings.order_by("source__order", "order"):
        content = files.setdefault(
            f"national/{finding.source.slug}.yaml",
            {"source": finding.source.slug, "country": finding.country.code, "areas": []},
        )
        areas = content["areas"]
        if not areas or areas[-1]["area"] != finding.area:
            areas.append({"area": finding.area, "lists": []})
        lists = areas[-1]["lists"]
        if not lists or (lists[-1]["heading"], lists[-1]["kind"]) != (
            finding.heading,
            finding.kind,
        ):
            lists.append({"heading": finding.heading, "kind": finding.kind, "findings": []})
        lists[-1]["findings"].append(finding_record(finding))
    return files


def finding_record(finding):
    return export(
        fields.NATIONAL_FINDING, finding, barriers=mappings(finding.barrier_mappings.all())
    )


def methodology_file(reference):
    """Tab. 3 and Tab. 4: the cells from the regions, the rest from `reference`."""
    printed = printed_tables(reference)
    regions = list(Region.objects.order_by("order"))
    notes = dict(
        DataNote.objects.filter(subject__in=TABLE_NOTE_SUBJECTS.values()).values_list(
            "subject", "text"
        )
    )
    interviews = table_head(printed["interviews"])
    interviews["rows"] = [
        FlowMap(
            region=region.slug,
            total=region.interviews_total,
            **{group: getattr(region, f"interviews_{group}") for group in INTERVIEW_GROUPS},
        )
        for region in regions
    ]
    interviews["printed_totals"] = FlowMap(printed["interviews"]["printed_totals"])
    workshops = table_head(printed["workshops"])
    workshops["rows"] = [
        FlowMap(
            region=region.slug,
            participants=region.workshop_participants,
            format=region.workshop_format,
            organizers=region.workshop_organizers,
        )
        for region in regions
        if region.engagement == Region.Engagement.WORKSHOP
    ]
    workshops["printed_totals"] = FlowMap(printed["workshops"]["printed_totals"])
    consultations = [
        {"region": region.slug, "footnote": region.engagement_note}
        for region in regions
        if region.engagement == Region.Engagement.CONSULTATIONS
    ]
    if consultations:
        workshops["consultations"] = consultations
    for key, subject in TABLE_NOTE_SUBJECTS.items():
        if subject in notes:
            (interviews if key == "interviews" else workshops)["note"] = Prose(notes[subject])
    return {"interviews": interviews, "workshops": workshops}


def table_head(table):
    return {"section": table["section"], "caption": table["caption"]}


def printed_tables(reference):
    """What the methodology file at `reference` holds that the database does not."""
    path = Path(reference) / "methodology.yaml"
    problems = []
    data = load_yaml(path, path.parent, problems)[1] if path.is_file() else None
    tables = data if isinstance(data, dict) else {}
    if not all(
        isinstance(tables.get(key), dict) and tables[key].keys() >= PRINTED_KEYS
        for key in TABLE_NOTE_SUBJECTS
    ):
        raise FixtureError(
            problems
            or [
                f"{path}: missing or incomplete; it gives Tab. 3 and Tab. 4's sections, "
                "captions and printed totals, which the database does not hold"
            ]
        )
    return tables


def render_fixtures(reference):
    """{path relative to the fixtures folder: YAML text} for the whole database."""
    data = {
        "sources.yaml": sources_file(),
        "report.yaml": report_file(),
        "countries.yaml": countries_file(),
        "categories.yaml": categories_file(),
        "methodology.yaml": methodology_file(reference),
        **region_files(),
        **barrier_files(),
        **practice_files(),
        **national_files(),
    }
    return {path: to_yaml(content) for path, content in data.items()}


# --- writing ---------------------------------------------------------------------------------


def write_fixtures(directory, files):
    """Write `files` under `directory` and remove the record files of records no longer in
    the database, all or nothing. Returns (written, removed): the paths that changed.

    The new folder is made beside the old one (a copy of it, so files the exporter does not
    own are kept), written there, flushed to disk, and swapped in by one rename: the target
    is the old folder or the new one whole, never a mixture and never a temporary file.
    A failure, or a kill, before the swap leaves the target as it was; the staging folder of
    a killed export is removed by the next one."""
    target = Path(directory)
    written = [path for path, text in files.items() if read_text(target / path) != text]
    removed = sorted(
        str(path.relative_to(target))
        for folder in RECORD_FOLDERS
        for path in (target / folder).glob("*.yaml")
        if str(path.relative_to(target)) not in files
    )
    if not written and not removed:
        return written, removed
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f"{staging_prefix(target)}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=staging_prefix(target)))
    try:
        if target.is_dir():
            shutil.copytree(target, staging, dirs_exist_ok=True)
        for path in written:
            write_file(staging / path, files[path])
        for path in removed:
            (staging / path).unlink()
        flush_tree(staging)
        swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the swap: the old folder
    return written, removed


def staging_prefix(target):
    return f".{target.name}.export-"


def write_file(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    os.chmod(path, 0o644)


def flush_tree(root):
    """fsync every file and folder under `root`, so that the swap never exposes a folder
    whose files a crash of the machine could still lose."""
    for folder, _, names in os.walk(root):
        for name in names:
            descriptor = os.open(Path(folder) / name, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        fsync_folder(folder)
    fsync_folder(Path(root).parent)


def fsync_folder(folder):
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


RENAME_EXCHANGE = 2  # linux/fs.h


def swap(staging, target):
    """Put `staging` at `target`. Over an existing folder, Linux's renameat2 exchanges the
    two in one step (the old folder is then at `staging`); elsewhere the old folder is
    renamed aside first, and put back if the second rename fails."""
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        return
    aside = staging.with_name(f"{staging.name}-old")
    os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    os.rename(aside, staging)


def exchange(first, second):
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where the system
    has no such call (not Linux, an old C library, a file system without it)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100  # AT_FDCWD
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
