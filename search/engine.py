"""One search: the counts per kind, the hits page by page, and a spelling correction.

A search costs one query for the counts and one per page of hits, whatever the size of the
index; when nothing matches, one more query finds the closest words of the index (pg_trgm on
PostgreSQL, the FTS5 vocabulary and rapidfuzz on SQLite) and one more counts again with them.
"""

import re
from dataclasses import dataclass

from django.db.models import Count

from bases.facets import facet_counts as bases_facet_counts
from bases.facets import facets_of
from search.models import SearchEntry

from .backends import backend_for, has_words

Kind = SearchEntry.Kind

# The lists whose `search=` parameter goes through the index, by model label.
KIND_OF_MODEL = {
    "barriers.barrier": Kind.BARRIER,
    "barriers.quote": Kind.QUOTE,
    "practices.goodpractice": Kind.PRACTICE,
    "barriers.policycomment": Kind.COMMENT,
    "regions.region": Kind.REGION,
    "regions.regionalchallenge": Kind.CHALLENGE,
    "regions.nationalfinding": Kind.FINDING,
}

# One record of each kind (Kind's labels name them all).
KIND_NAMES = {
    Kind.BARRIER: "Barrier",
    Kind.QUOTE: "Quote",
    Kind.PRACTICE: "Good practice",
    Kind.COMMENT: "EU comment",
    Kind.REGION: "Region",
    Kind.CHALLENGE: "Regional challenge",
    Kind.FINDING: "National finding",
}


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str
    label: str
    context: str
    url: str
    snippet: str  # safe HTML

    @property
    def kind_name(self):
        return KIND_NAMES[self.kind]


class Hits:
    """The hits of a search, best first, read a page at a time: `len()` is known from the
    counts, and a slice runs one query. Django's Paginator and DRF's pagination take it like
    a queryset."""

    def __init__(self, backend, entries, text, total):
        self.backend, self.entries, self.text, self.total = backend, entries, text, total

    def __len__(self):
        return self.total

    def __iter__(self):
        """Every hit, in one query."""
        return iter(self[0 : self.total])

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Hits are read a page at a time, with a slice.")
        start, stop, _ = index.indices(self.total)
        if stop <= start:
            return []
        entries = self.backend.ranked(self.entries, self.text, start, stop - start)
        return [hit_of(entry) for entry in entries]

    def best_of_each_kind(self, per_kind):
        """{kind: its `per_kind` best hits, best first}, kinds in Kind's order, in one query."""
        if not self.total:
            return {}
        grouped = {kind: [] for kind in Kind.values}
        for entry in self.backend.best_of_each_kind(self.entries, self.text, per_kind):
            grouped[entry.kind].append(hit_of(entry))
        return {kind: hits for kind, hits in grouped.items() if hits}


def hit_of(entry):
    return Hit(entry.kind, entry.key, entry.label, entry.context, entry.url, entry.snippet)


@dataclass(frozen=True)
class SearchResults:
    typed: str
    text: str  # what was searched: the typed text, or its correction
    counts: dict  # {kind: number of hits}, every kind, in Kind's order
    hits: Hits  # of the chosen kinds (all when none is chosen)

    @property
    def corrected(self):
        return self.text != self.typed

    @property
    def total(self):
        return len(self.hits)


def search(text, entries=None, kinds=()):
    """Search `entries` (all by default; a filtered queryset narrows the search) for `text`.

    The counts cover every kind, so that a page showing one kind can offer the others; the
    hits are of `kinds` only."""
    backend = backend_for()
    entries = SearchEntry.objects.all() if entries is None else entries
    if not has_words(text):
        nothing = dict.fromkeys(Kind.values, 0)
        return SearchResults(text, text, nothing, Hits(backend, entries, text, 0))
    typed, counts = text, count_by_kind(backend, entries, text)
    if not any(counts.values()):
        correction = corrected(backend, text)
        if correction:
            corrected_counts = count_by_kind(backend, entries, correction)
            if any(corrected_counts.values()):
                text, counts = correction, corrected_counts
    chosen = entries.filter(kind__in=kinds) if kinds else entries
    total = sum(counts[kind] for kind in (kinds or counts))
    return SearchResults(typed, text, counts, Hits(backend, chosen, text, total))


def facets(parameters, results, names=None):
    """The search's facets (kind, category, region; or `names`) for the valid `parameters`
    and their `results`: each value with the number of hits it would give, the other filters
    kept. One query per facet."""
    return facets_of(parameters, names, narrowing(parameters, results))


def facet_counts(parameters, results, names):
    """`facets` as the API gives them: {facet: {value: count}}."""
    return bases_facet_counts(parameters, names, narrowing(parameters, results))


def narrowing(parameters, results):
    """The hits' entries, for bases.facets: those matching what was searched and, for the
    other facets than the kind, of the kinds chosen (the FilterSet leaves both to the
    engine)."""
    backend = backend_for()
    kinds = parameters.form.cleaned_data["kind"]

    def narrow(entries, facet):
        entries = backend.matching(entries, results.text)
        return entries.filter(kind__in=kinds) if kinds and facet != "kind" else entries

    return narrow


def count_by_kind(backend, entries, text):
    rows = dict(
        backend.matching(entries, text)
        .order_by()
        .values("kind")
        .annotate(count=Count("id"))
        .values_list("kind", "count")
    )
    return {kind: rows.get(kind, 0) for kind in Kind.values}


def corrected(backend, text):
    """`text` with each misspelt word replaced by the closest word of the index, or None when
    the database cannot tell or nothing would change."""
    words = re.findall(r"[^\W_]+", text.lower())
    if not backend.corrects_spelling or not words:
        return None
    closest = backend.corrections({word for word in words if not word.isdigit()})
    correction = " ".join(closest.get(word, word) for word in words)
    return correction if correction != " ".join(words) else None


def matching_records(model, text):
    """The primary keys of `model`'s records that match `text`, as a subquery; None when the
    model is not in the index."""
    kind = KIND_OF_MODEL.get(model._meta.label_lower)
    if kind is None:
        return None
    entries = SearchEntry.objects.filter(kind=kind)
    return backend_for().matching(entries, text).values("object_id")
