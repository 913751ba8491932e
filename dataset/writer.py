"""Writing a validated `Dataset` to the database, changing only what differs.

Each model is synchronised by its natural key (slug, number, or parent + order): rows that
match are left alone, rows that differ are updated, new rows are created and rows no longer in
the fixtures are deleted (children before parents). So a second load of the same fixtures
changes nothing, and primary keys stay stable for links, the admin and caches. Every object
passes `full_clean()` before it is saved; a failure names the fixture record. A row sets the
plain fields the field map declares, its provenance and its relations, looked up by natural
key. The caller wraps `write_dataset` in one transaction.
"""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from barriers.models import (
    Barrier,
    BarrierSection,
    Category,
    ChallengeMapping,
    CommentReference,
    FindingMapping,
    PolicyComment,
    Quote,
)
from practices.models import (
    GoodPractice,
    PracticeActor,
    PracticeKind,
    PracticeListing,
    PracticePrecondition,
    PracticeReference,
)
from provenance.models import DataNote, ReportSection, Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge

from . import fields
from .fields import columns
from .records import FixtureError

PARKED_OFFSET = 30000  # above any real order, below PositiveSmallIntegerField's maximum


class Synchroniser:
    def __init__(self):
        self.stats = defaultdict(Counter)
        self.created = set()  # (model, pk) of rows created in this run
        self.stale = []  # (model, objects) in creation order; deleted in reverse
        self.problems = []

    def sync(self, model, key, rows):
        """Make `model`'s table hold exactly `rows` (dicts of field values, FKs as objects).

        `key` names the fields that identify a row. Returns {key: saved object}, the key a
        tuple where it has several fields.
        """
        existing = {self.key_of(obj, key): obj for obj in model.objects.all()}
        self.park_moving_rows(model, key, existing, rows)
        saved = {}
        for row in rows:
            origin = row.pop("_origin", model._meta.verbose_name)
            row_key = tuple(plain(row[name]) for name in key)
            obj = existing.pop(row_key, None)
            saved[row_key if len(key) > 1 else row_key[0]] = self.save(model, obj, row, origin)
        if self.problems:  # later models must never see an unsaved parent
            raise FixtureError(self.problems)
        self.stale.append((model, list(existing.values())))
        self.stats[model]["total"] = len(saved)
        return saved

    def save(self, model, obj, row, origin):
        if obj is None:
            obj, action = model(**row), "created"
        elif any(field_value(obj, name) != plain(value) for name, value in row.items()):
            for name, value in row.items():
                setattr(obj, name, value)
            action = "updated"
        else:
            return obj
        try:
            obj.full_clean()
        except ValidationError as error:
            self.problems.append(f"{origin}: {format_validation_error(error)}")
            return obj
        obj.save()
        self.stats[model][action] += 1
        if action == "created":
            self.created.add((model, obj.pk))
        return obj

    @staticmethod
    def park_moving_rows(model, key, existing, rows):
        """Move rows whose `order` changes (or that will be deleted) out of the way first, so
        that reordering never collides with a unique (parent, order) constraint midway."""
        if "order" in key or "order" not in {f.name for f in model._meta.fields}:
            return
        wanted = {tuple(plain(row[name]) for name in key): row["order"] for row in rows}
        moving = [
            obj
            for k, obj in existing.items()
            if obj.order is not None and wanted.get(k) != obj.order
        ]
        model.objects.filter(pk__in=[obj.pk for obj in moving]).update(
            order=F("order") + PARKED_OFFSET
        )
        for obj in moving:
            obj.order += PARKED_OFFSET

    def sync_m2m(self, model, field, wanted):
        """Set `field` of each object to its targets; `wanted` maps object -> targets.
        The current links are read in one query."""
        through = model._meta.get_field(field).remote_field.through
        source, target = m2m_columns(through, model)
        current = defaultdict(set)
        for owner, related in through.objects.values_list(source, target):
            current[owner].add(related)
        for obj, targets in wanted.items():
            if current[obj.pk] != {t.pk for t in targets}:
                getattr(obj, field).set(targets)
                if (model, obj.pk) not in self.created:
                    self.stats[model]["updated"] += 1

    def delete_stale(self):
        for model, objects in reversed(self.stale):
            model.objects.filter(pk__in=[obj.pk for obj in objects]).delete()
            self.stats[model]["deleted"] += len(objects)

    @staticmethod
    def key_of(obj, key):
        return tuple(field_value(obj, name) for name in key)


def m2m_columns(through, model):
    """The through table's columns pointing at `model` and at the other side."""
    keys = [f for f in through._meta.fields if f.is_relation]
    source = next(f for f in keys if f.related_model is model)
    target = next(f for f in keys if f is not source)
    return source.attname, target.attname


def plain(value):
    return value.pk if isinstance(value, models.Model) else value


def field_value(obj, name):
    """A field's stored value; a foreign key's id, so comparing costs no query."""
    return getattr(obj, obj._meta.get_field(name).attname)


def format_validation_error(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def provenance(row, sources):
    return {"source": sources[row["source"]], "section": row["section"]}


def row_of(declared, row, origin, sources=None, **relations):
    """The model fields of a row of the reader: its plain fields (`declared` in the field map),
    its provenance if `sources` are given, and the relations named, looked up by natural key
    (`country=countries`). `origin` names the fixture record in problems."""
    values = columns(declared, row) | {
        name: objects[row[name]] for name, objects in relations.items()
    }
    if sources is not None:
        values |= provenance(row, sources)
    return values | {"_origin": origin}


def child_rows(declared, parent, items, where, sources=None, **relations):
    """The rows of the records nested in `parent` ({field: object}), numbered in file order."""
    return [
        row_of(declared, item, f"{where}[{order - 1}]", sources, **relations)
        | {**parent, "order": order}
        for order, item in enumerate(items, start=1)
    ]


def mapping_rows(owner, mappings, barriers, where):
    """The rows of an owner's ({field: object}) editorial links to barriers."""
    return [
        row_of(fields.BARRIER_MAPPING, mapping, f"{where}: barriers[{index}]")
        | {**owner, "barrier": barriers[mapping["number"]]}
        for index, mapping in enumerate(mappings)
    ]


def set_links(sync, model, field, links):
    """Point `field` of each object at its target (or None) once every object exists, since
    a record may name one that comes after it."""
    for obj, target in links:
        if getattr(obj, f"{field}_id") != (target.pk if target else None):
            setattr(obj, field, target)
            obj.save(update_fields=[field])
            if (model, obj.pk) not in sync.created:
                sync.stats[model]["updated"] += 1


def write_dataset(dataset):
    """Write `dataset`; return {model: Counter(total, created, updated, deleted)}."""
    sync = Synchroniser()
    sources = write_sources(sync, dataset)
    countries = write_countries(sync, dataset)
    regions, challenges = write_regions(sync, dataset, sources, countries)
    barriers = write_barriers(sync, dataset, sources, regions)
    write_challenge_mappings(sync, dataset, regions, challenges, barriers)
    write_practices(sync, dataset, sources, countries, barriers)
    write_findings(sync, dataset, sources, countries, barriers)
    write_data_notes(sync, dataset, sources)
    if sync.problems:
        raise FixtureError(sync.problems)
    sync.delete_stale()
    return dict(sync.stats)


def write_sources(sync, dataset):
    rows = [columns(fields.SOURCE, s) | {"order": s["order"]} for s in dataset.sources]
    sources = sync.sync(Source, ["slug"], rows)
    rows = [
        row_of(fields.REPORT_SECTION, section, f"report.yaml: section {section['slug']!r}", sources)
        | {"order": section["order"], "footnotes": section["footnotes"]}
        for section in dataset.report_sections
    ]
    saved = sync.sync(ReportSection, ["slug"], rows)
    links = [(saved[s["slug"]], saved.get(s["parent"])) for s in dataset.report_sections]
    set_links(sync, ReportSection, "parent", links)
    return sources


def write_countries(sync, dataset):
    rows = [
        row_of(fields.COUNTRY, country, f"countries.yaml: code {country['code']!r}")
        for country in dataset.countries
    ]
    return sync.sync(Country, ["code"], rows)


def write_regions(sync, dataset, sources, countries):
    rows = []
    for region in dataset.regions:
        row = row_of(fields.REGION, region, region_file(region), sources, country=countries)
        row.update({f"interviews_{k}": v for k, v in region["interviews"].items()})
        rows.append(row | region["workshop"])
    regions = sync.sync(Region, ["slug"], rows)
    challenges = []
    for region in dataset.regions:
        parent, where = {"region": regions[region["slug"]]}, f"{region_file(region)}: challenges"
        challenges += child_rows(fields.CHALLENGE, parent, region["challenges"], where, sources)
    return regions, sync.sync(RegionalChallenge, ["region", "order"], challenges)


def write_barriers(sync, dataset, sources, regions):
    rows = [
        row_of(fields.CATEGORY, c, f"categories.yaml: slug {c['slug']!r}", sources)
        | {"order": c["order"]}
        for c in dataset.categories
    ]
    categories = sync.sync(Category, ["slug"], rows)
    rows = [
        row_of(fields.BARRIER, b, barrier_file(b), sources, category=categories)
        for b in dataset.barriers
    ]
    barriers = sync.sync(Barrier, ["number"], rows)
    sections, quotes, comments = [], [], []
    for barrier in dataset.barriers:
        parent, where = {"barrier": barriers[barrier["number"]]}, barrier_file(barrier)
        sections += child_rows(
            fields.BARRIER_SECTION, parent, barrier["sections"], f"{where}: sections"
        )
        quotes += child_rows(
            fields.QUOTE, parent, barrier["quotes"], f"{where}: quotes", sources, region=regions
        )
        comments += child_rows(
            fields.COMMENT, parent, barrier["comments"], f"{where}: comments", sources
        )
    sync.sync(BarrierSection, ["barrier", "order"], sections)
    sync.sync(Quote, ["barrier", "order"], quotes)
    saved_comments = sync.sync(PolicyComment, ["barrier", "order"], comments)
    references = []
    for barrier in dataset.barriers:
        for order, comment in enumerate(barrier["comments"], start=1):
            parent = {"comment": saved_comments[(barriers[barrier["number"]].pk, order)]}
            where = f"{barrier_file(barrier)}: comments[{order - 1}]: references"
            references += child_rows(fields.REFERENCE, parent, comment["references"], where)
    sync.sync(CommentReference, ["comment", "order"], references)
    return barriers


def write_challenge_mappings(sync, dataset, regions, challenges, barriers):
    """The editorial challenge → barrier links, keyed by (challenge, barrier)."""
    rows = []
    for region in dataset.regions:
        region_pk = regions[region["slug"]].pk
        for order, challenge in enumerate(region["challenges"], start=1):
            owner = {"challenge": challenges[(region_pk, order)]}
            where = f"{region_file(region)}: challenges[{order - 1}]"
            rows += mapping_rows(owner, challenge["barriers"], barriers, where)
    sync.sync(ChallengeMapping, ["challenge", "barrier"], rows)


def region_file(region):
    return f"regions/{region['slug']}.yaml"


def barrier_file(barrier):
    return f"barriers/{barrier['number']:02d}-{barrier['slug']}.yaml"


def practice_file(practice):
    return f"practices/{practice['slug']}.yaml"


# The rows of a practice's transfer profile: (model, field map, key of the fixture block,
# the natural key of a row besides its practice).
PROFILE_ROWS = (
    (PracticeKind, fields.PRACTICE_KIND, "kinds", "kind"),
    (PracticeActor, fields.PRACTICE_ACTOR, "actors", "order"),
    (PracticePrecondition, fields.PRACTICE_PRECONDITION, "preconditions", "order"),
)


def write_practices(sync, dataset, sources, countries, barriers):
    rows = [
        row_of(fields.PRACTICE, p, practice_file(p), sources)
        | columns(fields.TRANSFER_PROFILE, p["transfer_profile"])
        for p in dataset.practices
    ]
    practices = sync.sync(GoodPractice, ["slug"], rows)
    wanted = {
        practices[p["slug"]]: [countries[c] for c in p["countries"]] for p in dataset.practices
    }
    sync.sync_m2m(GoodPractice, "countries", wanted)
    references = []
    for practice in dataset.practices:
        parent, where = {"practice": practices[practice["slug"]]}, practice_file(practice)
        references += child_rows(
            fields.REFERENCE, parent, practice["references"], f"{where}: references"
        )
    sync.sync(PracticeReference, ["practice", "order"], references)
    for model, declared, key, natural_key in PROFILE_ROWS:
        profile_rows = []
        for practice in dataset.practices:
            parent = {"practice": practices[practice["slug"]]}
            where = f"{practice_file(practice)}: transfer_profile: {key}"
            profile_rows += child_rows(declared, parent, practice["transfer_profile"][key], where)
        sync.sync(model, ["practice", natural_key], profile_rows)
    # `part_of` once every practice exists: a measure and its actions may come in any order
    links = [(practices[p["slug"]], practices.get(p["part_of"])) for p in dataset.practices]
    set_links(sync, GoodPractice, "part_of", links)
    listings = [
        {
            "barrier": barriers[barrier["number"]],
            "practice": practices[slug],
            "order": order,
            "rationale": "",
            "_origin": f"{barrier_file(barrier)}: practices[{order - 1}]",
        }
        for barrier in dataset.barriers
        for order, slug in enumerate(barrier["practices"], start=1)
    ]
    for practice in dataset.practices:
        owner = {"practice": practices[practice["slug"]], "order": None}
        listings += mapping_rows(owner, practice["barriers"], barriers, practice_file(practice))
    sync.sync(PracticeListing, ["barrier", "practice"], listings)


def write_findings(sync, dataset, sources, countries, barriers):
    """National findings, keyed by (source, order), and their editorial barrier mappings."""
    rows = [
        row_of(fields.NATIONAL_FINDING, f, f["_where"], sources, country=countries)
        | {key: f[key] for key in ("area", "kind", "heading", "order")}
        for f in dataset.findings
    ]
    saved = sync.sync(NationalFinding, ["source", "order"], rows)
    mappings = []
    for finding in dataset.findings:
        owner = {"finding": saved[(sources[finding["source"]].pk, finding["order"])]}
        mappings += mapping_rows(owner, finding["barriers"], barriers, finding["_where"])
    sync.sync(FindingMapping, ["finding", "barrier"], mappings)


def write_data_notes(sync, dataset, sources):
    rows = [
        note | {"source": sources[note["source"]], "_origin": f"data note {note['subject']!r}"}
        for note in dataset.data_notes
    ]
    sync.sync(DataNote, ["source", "subject"], rows)
