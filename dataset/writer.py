"""Writing a validated `Dataset` to the database, changing only what differs.

Each model is synchronised by its natural key (slug, number, or parent + order): rows that
match are left alone, rows that differ are updated, new rows are created and rows no longer in
the fixtures are deleted (children before parents). So a second load of the same fixtures
changes nothing, and primary keys stay stable for links, the admin and caches. Every object
passes `full_clean()` before it is saved; a failure names the fixture record. The caller wraps
`write_dataset` in one transaction.
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
from practices.models import GoodPractice, PracticeListing, PracticeReference
from provenance.models import DataNote, ReportSection, Source
from regions.models import Country, NationalFinding, Region, RegionalChallenge

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

        `key` names the fields that identify a row. Returns {key tuple: saved object}.
        """
        existing = {self.key_of(obj, key): obj for obj in model.objects.all()}
        self.park_moving_rows(model, key, existing, rows)
        saved = {}
        for row in rows:
            origin = row.pop("_origin", model._meta.verbose_name)
            row_key = tuple(plain(row[name]) for name in key)
            obj = existing.pop(row_key, None)
            saved[row_key] = self.save(model, obj, row, origin)
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
    return {"source": sources[row["source"]], "section": row["section"], "note": row["note"]}


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
    rows = [dict(source) for source in dataset.sources]
    sources = {key[0]: obj for key, obj in sync.sync(Source, ["slug"], rows).items()}
    rows = [
        {key: section[key] for key in REPORT_SECTION_FIELDS}
        | provenance(section, sources)
        | {"_origin": f"report.yaml: section {section['slug']!r}"}
        for section in dataset.report_sections
    ]
    saved = {key[0]: obj for key, obj in sync.sync(ReportSection, ["slug"], rows).items()}
    for section in dataset.report_sections:
        obj, parent = saved[section["slug"]], saved.get(section["parent"])
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])
            if (ReportSection, obj.pk) not in sync.created:
                sync.stats[ReportSection]["updated"] += 1
    return sources


REPORT_SECTION_FIELDS = ("slug", "order", "heading", "text", "highlights", "footnotes")


def write_countries(sync, dataset):
    rows = [
        dict(country, _origin=f"countries.yaml: code {country['code']!r}")
        for country in dataset.countries
    ]
    return {key[0]: obj for key, obj in sync.sync(Country, ["code"], rows).items()}


REGION_FIELDS = ("slug", "name", "order", "attributions", "factsheet_label", "overview")


def write_regions(sync, dataset, sources, countries):
    rows = []
    for region in dataset.regions:
        row = {key: region[key] for key in REGION_FIELDS}
        row.update(provenance(region, sources), country=countries[region["country"]])
        row.update({f"interviews_{k}": v for k, v in region["interviews"].items()})
        row.update(region["workshop"])
        row["_origin"] = f"regions/{region['slug']}.yaml"
        rows.append(row)
    regions = {key[0]: obj for key, obj in sync.sync(Region, ["slug"], rows).items()}
    challenges = []
    for region in dataset.regions:
        for order, challenge in enumerate(region["challenges"], start=1):
            challenges.append(
                {
                    "region": regions[region["slug"]],
                    "order": order,
                    "title": challenge["title"],
                    "text": challenge["text"],
                    **provenance(challenge, sources),
                    "_origin": f"regions/{region['slug']}.yaml: challenges[{order - 1}]",
                }
            )
    return regions, sync.sync(RegionalChallenge, ["region", "order"], challenges)


def write_barriers(sync, dataset, sources, regions):
    categories = {
        key[0]: obj
        for key, obj in sync.sync(
            Category,
            ["slug"],
            [
                {key: c[key] for key in ("slug", "name", "order")}
                | provenance(c, sources)
                | {"_origin": f"categories.yaml: slug {c['slug']!r}"}
                for c in dataset.categories
            ],
        ).items()
    }
    rows = []
    for barrier in dataset.barriers:
        row = {key: barrier[key] for key in ("number", "slug", "title", "introduction")}
        row.update(provenance(barrier, sources), category=categories[barrier["category"]])
        row["_origin"] = barrier_file(barrier)
        rows.append(row)
    barriers = {key[0]: obj for key, obj in sync.sync(Barrier, ["number"], rows).items()}
    sections, quotes, comments = [], [], []
    for barrier in dataset.barriers:
        obj, where = barriers[barrier["number"]], barrier_file(barrier)
        for order, section in enumerate(barrier["sections"], start=1):
            sections.append(
                {
                    "barrier": obj,
                    "order": order,
                    **section,
                    "_origin": f"{where}: sections[{order - 1}]",
                }
            )
        for order, quote in enumerate(barrier["quotes"], start=1):
            quotes.append(
                {
                    "barrier": obj,
                    "order": order,
                    "region": regions[quote["region"]],
                    "text": quote["text"],
                    "attribution": quote["attribution"],
                    **provenance(quote, sources),
                    "_origin": f"{where}: quotes[{order - 1}]",
                }
            )
        for order, comment in enumerate(barrier["comments"], start=1):
            comments.append(
                {
                    "barrier": obj,
                    "order": order,
                    "text": comment["text"],
                    **provenance(comment, sources),
                    "_origin": f"{where}: comments[{order - 1}]",
                }
            )
    sync.sync(BarrierSection, ["barrier", "order"], sections)
    sync.sync(Quote, ["barrier", "order"], quotes)
    saved_comments = sync.sync(PolicyComment, ["barrier", "order"], comments)
    references = []
    for barrier in dataset.barriers:
        for order, comment in enumerate(barrier["comments"], start=1):
            parent = saved_comments[(barriers[barrier["number"]].pk, order)]
            where = f"{barrier_file(barrier)}: comments[{order - 1}]"
            references += reference_rows("comment", parent, comment["references"], where)
    sync.sync(CommentReference, ["comment", "order"], references)
    return barriers


def write_challenge_mappings(sync, dataset, regions, challenges, barriers):
    """The editorial challenge → barrier links, keyed by (challenge, barrier)."""
    rows = []
    for region in dataset.regions:
        region_pk = regions[region["slug"]].pk
        for order, challenge in enumerate(region["challenges"], start=1):
            where = f"regions/{region['slug']}.yaml: challenges[{order - 1}]"
            rows += [
                {
                    "challenge": challenges[(region_pk, order)],
                    "barrier": barriers[mapping["number"]],
                    "rationale": mapping["rationale"],
                    "_origin": f"{where}: barriers[{index}]",
                }
                for index, mapping in enumerate(challenge["barriers"])
            ]
    sync.sync(ChallengeMapping, ["challenge", "barrier"], rows)


def barrier_file(barrier):
    return f"barriers/{barrier['number']:02d}-{barrier['slug']}.yaml"


def reference_rows(parent_field, parent, references, where):
    return [
        {
            parent_field: parent,
            "order": order,
            **reference,
            "_origin": f"{where}: references[{order - 1}]",
        }
        for order, reference in enumerate(references, start=1)
    ]


PRACTICE_FIELDS = (
    "slug",
    "name",
    "country_label",
    "locality",
    "description",
    "link",
    "key_players",
    "impact",
    "transferability",
    "responsible_body",
    "objectives",
)


def write_practices(sync, dataset, sources, countries, barriers):
    rows = [
        {key: practice[key] for key in PRACTICE_FIELDS}
        | provenance(practice, sources)
        | {"_origin": f"practices/{practice['slug']}.yaml"}
        for practice in dataset.practices
    ]
    practices = {key[0]: obj for key, obj in sync.sync(GoodPractice, ["slug"], rows).items()}
    sync.sync_m2m(
        GoodPractice,
        "countries",
        {
            practices[practice["slug"]]: [countries[code] for code in practice["countries"]]
            for practice in dataset.practices
        },
    )
    references = []
    for practice in dataset.practices:
        where = f"practices/{practice['slug']}.yaml"
        references += reference_rows(
            "practice", practices[practice["slug"]], practice["references"], where
        )
    sync.sync(PracticeReference, ["practice", "order"], references)
    write_practice_parents(sync, dataset, practices)
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
    listings += [
        {
            "barrier": barriers[link["number"]],
            "practice": practices[practice["slug"]],
            "order": None,
            "rationale": link["rationale"],
            "_origin": f"practices/{practice['slug']}.yaml: barriers[{index}]",
        }
        for practice in dataset.practices
        for index, link in enumerate(practice["barriers"])
    ]
    sync.sync(PracticeListing, ["barrier", "practice"], listings)


def write_practice_parents(sync, dataset, practices):
    """`part_of`, set once every practice exists (a measure and its actions may come in any
    order)."""
    for practice in dataset.practices:
        obj, parent = practices[practice["slug"]], practices.get(practice["part_of"])
        if obj.part_of_id != (parent.pk if parent else None):
            obj.part_of = parent
            obj.save(update_fields=["part_of"])
            if (GoodPractice, obj.pk) not in sync.created:
                sync.stats[GoodPractice]["updated"] += 1


def write_findings(sync, dataset, sources, countries, barriers):
    """National findings, keyed by (source, order), and their editorial barrier mappings."""
    rows = [
        {key: finding[key] for key in ("area", "kind", "heading", "order", "text")}
        | provenance(finding, sources)
        | {"country": countries[finding["country"]], "_origin": finding["_where"]}
        for finding in dataset.findings
    ]
    saved = sync.sync(NationalFinding, ["source", "order"], rows)
    mappings = [
        {
            "finding": saved[(sources[finding["source"]].pk, finding["order"])],
            "barrier": barriers[mapping["number"]],
            "rationale": mapping["rationale"],
            "_origin": f"{finding['_where']}: barriers[{index}]",
        }
        for finding in dataset.findings
        for index, mapping in enumerate(finding["barriers"])
    ]
    sync.sync(FindingMapping, ["finding", "barrier"], mappings)


def write_data_notes(sync, dataset, sources):
    rows = [
        note | {"source": sources[note["source"]], "_origin": f"data note {note['subject']!r}"}
        for note in dataset.data_notes
    ]
    sync.sync(DataNote, ["source", "subject"], rows)
