"""Good practices and the regions they could serve, both ways round.

For a region: the good practices from elsewhere that address the barriers in question — the
barriers it raised, or the barriers a user chose (`chosen_barriers`, e.g. a region looking
beyond what its stakeholders said). For a practice: the partner regions that could adopt it.

A region *raised* a barrier when at least one of its quotes is printed under it, or when one of
its fact-sheet challenges is mapped to it (an editorial mapping, not the report's: see
`barriers.models.EDITORIAL_MAPPING_NOTE`); `barriers_raised_by` says which. The practices
worth showing a region are the ones it does not already have at home: none of the practice's
countries is the region's country. Among those, a practice is a match when it is listed under
at least one of the barriers in question, and matches rank by `suitability`: how many of those
barriers they address, most first, then how well the level the practice works at (its
editorial transfer profile) suits a region (`LEVEL_FIT`); ties go by name (ignoring case),
then slug, so the order never depends on the database. The regions that could adopt a
practice rank by the same `suitability`, then in the order of Tab. 3.

"Addressed" counts every listing of a practice under a barrier: a row of the barrier's printed
table, or an editorial link (with its rationale).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from barriers.models import Barrier, ChallengeMapping, Quote
from regions.models import Region

from .models import GoodPractice, PracticeListing


@dataclass(frozen=True)
class PracticeMatch:
    """A practice and the region's barriers it addresses, in barrier-number order."""

    practice: GoodPractice
    barriers: tuple[Barrier, ...]

    @property
    def count(self):
        return len(self.barriers)


# How well the level a practice works at (its transfer profile, editorial) suits a region,
# higher first: a regional practice was built for a region; an institution's (a hospital, a
# university, a centre) can be taken up by one of the region's own; a national or EU-level
# one, or one whose text states no level, needs more than a region to transfer.
LEVEL_FIT = {GoodPractice.Level.REGIONAL: 2, GoodPractice.Level.INSTITUTION: 1}


def suitability(barrier_ids, level=None) -> tuple[int, int]:
    """How well a practice and a region suit each other, higher first: how many of the
    barriers in question the practice addresses, then `LEVEL_FIT` of its level. Both
    rankings (practices for a region, regions for a practice) sort by it."""
    return len(barrier_ids), LEVEL_FIT.get(level, 0)


def descending(values):
    return tuple(-value for value in values)


def barriers_raised_by(region: Region) -> list[Barrier]:
    """The barriers `region` raised (`BarrierQuerySet.raised_by`), in number order, each
    annotated with `quoted` (it has quotes on it) and `mapped` (one of its fact-sheet
    challenges is mapped to it). One query."""
    return list(Barrier.objects.raised_by(region).order_by("number"))


def chosen_barriers(region: Region, barriers) -> list[Barrier]:
    """The chosen `barriers` (Barrier records, e.g. a `?barrier=` choice), in number order,
    annotated as `barriers_raised_by` annotates them: whether the region raised each one, and
    how (neither, for a barrier it did not raise). One query."""
    chosen = Barrier.objects.filter(pk__in=[barrier.pk for barrier in barriers])
    return list(chosen.with_raised_flags(region).order_by("number"))


def practices_from_elsewhere(region: Region, barriers_raised) -> list[PracticeMatch]:
    """Rank the practices from other countries than `region`'s by how many of
    `barriers_raised` (e.g. `barriers_raised_by(region)`) each one addresses.

    Practices that address none of them are left out. Four queries, however many practices.
    """
    matches, _ = best_practices_from_elsewhere(region, barriers_raised, limit=None)
    return matches


def best_practices_from_elsewhere(region: Region, barriers_raised, limit):
    """(the first `limit` matches of `practices_from_elsewhere`, how many there are in all).

    Four queries: the candidates' listings under the raised barriers (`ranked_candidates`),
    then only the practices shown, their countries and their profile kinds (for the cards).
    """
    raised = {barrier.pk: barrier for barrier in barriers_raised}
    ranked = ranked_candidates(region, raised)
    return matches_of(ranked[:limit], raised), len(ranked)


def candidate_listings(region, barrier_ids):
    """The listings under `barrier_ids` of practices none of whose countries is the region's."""
    return (
        PracticeListing.objects.filter(barrier__in=barrier_ids)
        .exclude(practice__countries=region.country_id)
        .order_by()
    )


def ranked_candidates(region, raised):
    """[(practice id, (barrier ids))] in rank order, from one query over the listings under the
    raised barriers (a row per practice and barrier, no model instances).

    The ranking itself stays in Python: ties go by `str.casefold` of the name, which neither
    SQLite's LOWER (ASCII only) nor PostgreSQL's collations reproduce exactly, and the rows
    are small (four values each).
    """
    if not raised:
        return []
    rows = candidate_listings(region, list(raised)).values_list(
        "practice_id", "practice__name", "practice__slug", "practice__level", "barrier_id"
    )
    candidates = {}
    for practice_id, name, slug, level, barrier_id in rows:
        candidate = candidates.setdefault(practice_id, (name.casefold(), slug, level, set()))
        candidate[3].add(barrier_id)
    ranked = sorted(candidates.items(), key=lambda item: rank(*item[1]))
    return [(practice_id, tuple(barrier_ids)) for practice_id, (*_, barrier_ids) in ranked]


def rank(casefolded_name, slug, level, barrier_ids):
    return (*descending(suitability(barrier_ids, level)), casefolded_name, slug)


def how_raised(barrier) -> str:
    """ "in its quotes", "in its fact sheet, as the editors read it", "in its quotes and fact
    sheet", or "not raised by the region" for a barrier annotated by `barriers_raised_by` or
    `chosen_barriers`: plain words, the editors' part said as such."""
    if barrier.quoted and barrier.mapped:
        return "in its quotes and fact sheet"
    if barrier.quoted:
        return "in its quotes"
    if barrier.mapped:
        return "in its fact sheet, as the editors read it"
    return "not raised by the region"


def in_question(count, chosen) -> str:
    """ "the 5 barriers the region raised" or "the 2 barriers chosen"."""
    plural = "" if count == 1 else "s"
    whose = "chosen" if chosen else "the region raised"
    return f"the {count} barrier{plural} {whose}"


def reason(match, count, chosen=False) -> str:
    """Why a practice is recommended, in words: "Addresses 2 of the 5 barriers the region
    raised: 3. … (in its quotes); 7. … (in its fact sheet, as the editors read it)"; with
    `chosen`, "… of the 2 barriers chosen: 2. … (not raised by the region)"."""
    barriers = "; ".join(
        f"{barrier.number}. {barrier.title} ({how_raised(barrier)})" for barrier in match.barriers
    )
    return f"Addresses {match.count} of {in_question(count, chosen)}: {barriers}"


def matches_of(ranked, raised):
    """PracticeMatches for [(practice id, barrier ids)], in that order: the practices with their
    countries and profile kinds (three queries), the barriers from `raised` in number order."""
    practices = GoodPractice.objects.prefetch_related("countries", "kinds").in_bulk(
        [practice_id for practice_id, _ in ranked]
    )
    return [
        PracticeMatch(
            practices[practice_id],
            tuple(sorted((raised[pk] for pk in barrier_ids), key=lambda b: b.number)),
        )
        for practice_id, barrier_ids in ranked
    ]


@dataclass(frozen=True)
class CommonBarrier:
    """A barrier a practice is listed under that a region raised, and how it raised it: quotes
    on it (`quoted`), one of its fact-sheet challenges mapped to it (`mapped`, editorial)."""

    barrier: Barrier
    quoted: bool
    mapped: bool

    @property
    def how(self):
        """How the region raised it, as the region page says it (`how_raised`)."""
        return how_raised(self)


@dataclass(frozen=True)
class Adopter:
    """A partner region that raised some of a practice's barriers: the reason to suggest it."""

    region: Region
    barriers: tuple[CommonBarrier, ...]


def who_could_adopt(practice):
    """The partner regions that raised any barrier the practice is listed under (as
    `barriers_raised_by` counts it: quotes, or a mapped fact-sheet challenge), other than the
    regions of the practice's own countries (they have it already), with the barriers in
    common; most barriers in common first, then in the regions' order (Tab. 3).

    One query: the regions with, per barrier of the practice, whether they are quoted on it
    and whether one of their challenges is mapped to it (prefetched listings give the barriers).
    """
    barriers = {listing.barrier_id: listing.barrier for listing in practice.listings.all()}
    if not barriers:
        return []
    flags = {}
    for barrier_id in barriers:
        flags[f"quoted_{barrier_id}"] = Exists(
            Quote.objects.filter(region=OuterRef("pk"), barrier=barrier_id)
        )
        flags[f"mapped_{barrier_id}"] = Exists(
            ChallengeMapping.objects.filter(challenge__region=OuterRef("pk"), barrier=barrier_id)
        )
    raised_any = Q()
    for flag in flags:
        raised_any |= Q(**{flag: True})
    regions = (
        Region.objects.exclude(country__in=[country.pk for country in practice.countries.all()])
        .annotate(**flags)
        .filter(raised_any)
        .order_by("order")
    )
    in_number_order = sorted(barriers.values(), key=lambda barrier: barrier.number)
    adopters = [Adopter(region, in_common(region, in_number_order)) for region in regions]
    # The practice's level is the same for every region: the barriers in common decide.
    return sorted(
        adopters,
        key=lambda adopter: (
            *descending(suitability(adopter.barriers, practice.level)),
            adopter.region.order,
        ),
    )


def in_common(region, barriers):
    """The `barriers` the region raised (its `quoted_<id>`/`mapped_<id>` annotations)."""
    common = [
        CommonBarrier(
            barrier,
            quoted=getattr(region, f"quoted_{barrier.pk}"),
            mapped=getattr(region, f"mapped_{barrier.pk}"),
        )
        for barrier in barriers
    ]
    return tuple(barrier for barrier in common if barrier.quoted or barrier.mapped)
