"""Search across the knowledge base (search) against the report's data: ranking
on real questions, stemming, spelling, filters, safe snippets, hostile input, the number of
queries, the index kept current, and the database it needs (SQLite with FTS5, or
PostgreSQL)."""

import importlib
import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.http import QueryDict

from barriers.filters import BarrierFilter, QuoteFilter
from barriers.models import Barrier, PolicyComment, Quote
from dataset.signals import loading
from practices.models import GoodPractice
from regions.models import NationalFinding, Region, RegionalChallenge
from search import checks
from search.backends import Fts5Backend
from search.documents import opening
from search.engine import search
from search.filters import SearchParameters
from search.index import rebuild_index, tidy_index, update_after_load
from search.models import SearchEntry
from search.snippets import START, STOP, as_html

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def keys(text, kind, **options):
    results = search(text, kinds=[kind], **options)
    return [hit.key for hit in results.hits[0 : results.total]]


# Ranking on real questions


def test_reimbursement_puts_barrier_5_first():
    found = keys("reimbursement", "barrier")
    assert found[0] == "5"


def test_gdpr_finds_barrier_3_first_and_every_quote_naming_it():
    assert keys("GDPR", "barrier")[0] == "3"
    quotes = Quote.objects.filter(text__icontains="GDPR").select_related("barrier")
    expected = {f"{quote.barrier.number}-{quote.order}" for quote in quotes}
    assert {"3-1", "3-2", "3-4", "3-5"} <= expected
    assert set(keys("GDPR", "quote")) == expected


def test_interoperable_finds_interoperability():
    """Barrier 1 says "interoperability" and never "interoperable"."""
    text = SearchEntry.objects.get(kind="barrier", key="1").body.lower()
    assert "interoperable" not in text and "interoperability" in text
    assert "1" in keys("interoperable", "barrier")
    assert "1-1" in keys("interoperable", "quote")


def test_title_words_rank_above_body_words():
    """A practice named after the word ranks above practices that only mention it."""
    found = keys("genomic", "practice")
    named = {p.slug for p in GoodPractice.objects.filter(name__icontains="genom")}
    assert named and len(found) > len(named)
    assert set(found[: len(named)]) == named


def test_a_dash_between_spaces_is_not_a_negation():
    """The Västra Götaland fact sheet prints "Genomic Medicine Sweden - GMS"; PostgreSQL's
    websearch would read "- GMS" as "not GMS" and miss the practice named "(GMS)"."""
    assert keys("Genomic Medicine Sweden - GMS", "practice") == ["genomic-medicine-sweden"]
    if connection.vendor == "postgresql":  # where `-word` is an operator, it still is one
        assert "genomic-medicine-sweden" not in keys("Genomic Medicine Sweden -GMS", "practice")


def test_counts_cover_every_kind_and_hits_the_chosen_ones():
    everything = search("reimbursement")
    assert list(everything.counts) == list(SearchEntry.Kind.values)
    assert everything.counts["barrier"] == 2 and everything.counts["quote"] == 9
    assert everything.total == sum(everything.counts.values())
    quotes = search("reimbursement", kinds=["quote"])
    assert quotes.counts == everything.counts
    assert quotes.total == 9
    assert {hit.kind for hit in quotes.hits[0:20]} == {"quote"}


def test_best_of_each_kind_groups_the_top_hits_in_kind_order():
    best = search("reimbursement").hits.best_of_each_kind(3)
    assert list(best) == ["barrier", "quote", "practice", "region", "challenge", "finding"]
    assert [hit.key for hit in best["barrier"]] == keys("reimbursement", "barrier")
    assert [hit.key for hit in best["quote"]] == keys("reimbursement", "quote")[:3]


def test_hits_page_through_the_ranked_list_once():
    results = search("data")
    pages = [results.hits[start : start + 20] for start in range(0, results.total, 20)]
    everything = [(hit.kind, hit.key) for page in pages for hit in page]
    assert len(everything) == len(set(everything)) == results.total > 40


def test_a_hit_links_to_its_place_on_the_site():
    hits = {(hit.kind, hit.key): hit for hit in search("GDPR").hits[0:50]}
    quote = Quote.objects.get(barrier__number=3, order=1)
    hit = hits[("quote", "3-1")]
    assert hit.url == quote.get_absolute_url() == "/quotes/3-1/"
    # Titled by what it says, not by where it stands.
    assert hit.label == opening(quote.text) != f"Quote from {quote.attribution} on barrier 3"
    assert hit.label.startswith("“" + " ".join(quote.text.split()[:5]))
    assert hits[("barrier", "3")].url == "/barriers/3/"
    comment = PolicyComment.objects.get(text__icontains="GDPR")
    assert hits[("comment", f"{comment.barrier.number}-{comment.order}")].url == (
        comment.get_absolute_url()
    )


# Spelling


# On both databases: pg_trgm on PostgreSQL, the FTS5 vocabulary and rapidfuzz on SQLite.
@pytest.mark.parametrize(
    ("typed", "meant", "first_barrier"),
    [
        ("reimbursemnt", "reimbursement", "5"),  # a letter left out
        ("interoprability", "interoperability", "1"),
        ("Reimbrusement", "reimbursement", "5"),  # capitalised, two letters swapped
        # One word of two misspelt; as close to "genome" (pg_trgm's choice) as to "genomic".
        ("genomc data", {"genomic data", "genome data"}, None),
        ("consnet", "consent", None),  # two letters swapped
        pytest.param(
            "GDRP",
            "gdpr",
            None,
            # A swap in a short word: the word more entries hold. pg_trgm leaves it (its
            # trigrams are too few in common).
            marks=pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's only"),
        ),
        ("artifical inteligence", "artificial intelligence", None),  # two misspelt words
    ],
)
def test_a_misspelling_is_corrected_to_a_word_of_the_index(typed, meant, first_barrier):
    results = search(typed, kinds=["barrier"] if first_barrier else ())
    assert results.corrected and results.typed == typed
    assert results.text in ({meant} if isinstance(meant, str) else meant)
    assert results.total
    if first_barrier:
        assert results.hits[0:1][0].key == first_barrier


def test_a_word_too_far_from_any_is_left_as_typed():
    results = search("qwzxv")
    assert not results.corrected and results.total == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's vocabulary")
def test_sqlite_corrects_only_the_words_its_vocabulary_lacks():
    backend = Fts5Backend()
    assert backend.corrections({"reimbursement", "reimbursemnt", "gdrp", "dat"}) == {
        "reimbursemnt": "reimbursement",
        "gdrp": "gdpr",
    }


def test_a_word_of_the_index_is_not_corrected():
    results = search("xylophone reimbursement")
    assert not results.corrected and results.total == 0


# Filters: the scope the engine searches


def scope(query):
    parameters = SearchParameters(QueryDict(query), queryset=SearchEntry.objects.all())
    assert parameters.is_valid(), parameters.errors
    return parameters.qs


def test_category_filter_keeps_the_records_of_its_barriers():
    results = search("data", scope("category=financial-barriers"))
    financial = set(
        Barrier.objects.filter(category__slug="financial-barriers").values_list("number", flat=True)
    )
    hits = results.hits[0 : results.total]
    assert hits and {hit.kind for hit in hits} <= {"barrier", "quote", "practice", "comment"}
    for hit in hits:
        if hit.kind in {"barrier", "quote", "comment"}:
            assert int(hit.key.split("-")[0]) in financial


def test_region_filter_keeps_what_the_region_said_and_faces():
    results = search("data", scope("region=crete"), kinds=["quote", "challenge"])
    hits = results.hits[0 : results.total]
    crete_quotes = {
        f"{quote.barrier.number}-{quote.order}"
        for quote in Quote.objects.filter(region__slug="crete").select_related("barrier")
    }
    assert hits
    for hit in hits:
        assert hit.key in crete_quotes if hit.kind == "quote" else hit.key.startswith("crete-")


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("kind=barrier,poem", "kind", "Unknown kind “poem”. Allowed: barrier, quote, practice"),
        ("region=atlantis", "region", "Unknown region “atlantis”. Allowed: flanders"),
        ("category=weather", "category", "Unknown category “weather”."),
        ("q=" + "x" * 201, "q", "at most 200 characters"),
        ("q=a%00b", "q", "Null characters are not allowed."),
        ("q=%25%25", "q", "has no word to search for"),
    ],
)
def test_bad_parameters_name_what_is_wrong(query, parameter, message):
    parameters = SearchParameters(QueryDict(query), queryset=SearchEntry.objects.all())
    assert not parameters.is_valid()
    assert list(parameters.errors) == [parameter]
    assert message in parameters.errors[parameter][0]


def test_kinds_repeated_or_comma_separated():
    for query in ["kind=quote,challenge", "kind=quote&kind=challenge"]:
        parameters = SearchParameters(QueryDict(query), queryset=SearchEntry.objects.all())
        assert parameters.is_valid()
        assert parameters.form.cleaned_data["kind"] == ["quote", "challenge"]


# The lists' search= goes through the same index


def list_search(filterset, model, text):
    found = filterset(QueryDict(urlencode({"search": text})), queryset=model.objects.all())
    return found.qs


def test_list_search_finds_what_the_search_finds():
    barriers = list_search(BarrierFilter, Barrier, "interoperable")
    assert sorted(str(b.number) for b in barriers) == sorted(keys("interoperable", "barrier"))
    quotes = list_search(QuoteFilter, Quote, "GDPR").select_related("barrier")
    assert {f"{q.barrier.number}-{q.order}" for q in quotes} == set(keys("GDPR", "quote"))


def test_list_search_without_a_word_filters_nothing():
    assert list_search(QuoteFilter, Quote, "%").count() == Quote.objects.count()


# Safe snippets


def test_snippets_mark_the_matches_and_escape_the_text():
    hits = search("HNPM", kinds=["practice"]).hits[0:5]
    snippet = hits[0].snippet
    assert "<mark>HNPM</mark>" in snippet
    assert "&quot;" in snippet  # the description's quotation mark, escaped
    assert not re.search(r"<(?!/?mark>)", snippet), "no markup but <mark>"


def test_text_that_looks_like_markup_stays_in_the_snippet_escaped():
    # PostgreSQL's ts_headline drops what its parser takes for an HTML tag; the text is
    # shown as written, so the snippet keeps it (escaped).
    quote = Quote.objects.get(barrier__number=5, order=1)
    quote.text = "Zanzibar wrote <b>bold</b> and <script>alert(1)</script> in the text of a quote."
    quote.save()
    rebuild_index()
    [hit] = search("zanzibar", kinds=["quote"]).hits[0:1]
    assert "&lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;alert(1)&lt;/script&gt; in" in hit.snippet
    assert not re.search(r"<(?!/?mark>)", hit.snippet)


def test_markup_in_the_text_is_never_markup_in_a_snippet():
    assert as_html(f"<script>x</script> & {START}word{STOP}") == (
        "&lt;script&gt;x&lt;/script&gt; &amp; <mark>word</mark>"
    )


# Hostile and empty input


HOSTILE = [
    '"',
    '"reimbursement',
    "%",
    "100%",
    "%_%",
    "'",
    "' OR 1=1 --",
    "Robert'); DROP TABLE barriers_barrier;--",
    "\\",
    "*",
    "gdpr*",
    "NEAR(gdpr data)",
    "title:gdpr",
    "-gdpr",
    "gdpr OR",
    "AND",
    "(",
    "^gdpr",
    "{gdpr}",
    "<script>alert(1)</script>",
    "x" * 200,
    "données santé",
    "健康",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_searched_as_words(text):
    results = search(text)
    assert set(results.counts) == set(SearchEntry.Kind.values)
    for hit in results.hits[0:20]:
        assert not re.search(r"<(?!/?mark>)", hit.snippet)
    results.hits.best_of_each_kind(3)


def test_the_sql_was_not_run():
    search("Robert'); DROP TABLE barriers_barrier;--")
    assert Barrier.objects.count() == 17


def test_a_text_without_words_finds_nothing_and_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search("  %  ")
        assert results.total == 0 and results.hits[0:20] == []


# Queries


def test_a_search_is_a_query_for_the_counts_and_one_per_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        results = search("data")
    with django_assert_num_queries(1):
        results.hits[20:40]
    with django_assert_num_queries(1):
        results.hits.best_of_each_kind(3)


def test_nothing_found_costs_one_more_query_to_look_for_a_correction(django_assert_num_queries):
    with django_assert_num_queries(2):
        assert search("xylophone").total == 0


def test_a_correction_costs_two_more_queries(django_assert_num_queries):
    with django_assert_num_queries(3):
        results = search("reimbursemnt")
    assert results.corrected


# The index


def test_the_index_holds_every_record_once():
    counts = {kind: SearchEntry.objects.filter(kind=kind).count() for kind in SearchEntry.Kind}
    assert counts == {
        "barrier": Barrier.objects.count(),
        "quote": Quote.objects.count(),
        "practice": GoodPractice.objects.count(),
        "comment": PolicyComment.objects.count(),
        "region": Region.objects.count(),
        "challenge": RegionalChallenge.objects.count(),
        "finding": NationalFinding.objects.count(),
    }


def test_a_rebuild_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        rebuild_index()
    assert SearchEntry.objects.count() == 278  # 251 of D6.1, 22 findings, 5 practices


def test_a_saved_change_is_searchable_once_committed(django_capture_on_commit_callbacks):
    quote = Quote.objects.get(barrier__number=5, order=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        quote.text += " Zanzibar."
        quote.save()
        quote.region.save()
    assert len(callbacks) == 1  # one follow-up for the whole transaction
    assert keys("zanzibar", "quote") == ["5-1"]


def test_a_deleted_record_leaves_the_index(django_capture_on_commit_callbacks):
    challenge = RegionalChallenge.objects.get(region__slug="crete", order=1)
    assert "crete-1" in keys(challenge.title, "challenge")
    with django_capture_on_commit_callbacks(execute=True):
        challenge.delete()
    assert "crete-1" not in keys(challenge.title, "challenge")


def test_writers_that_rebuild_themselves_schedule_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, loading():
        Barrier.objects.get(number=5).save()
    assert callbacks == []


def test_a_rebuild_inside_a_larger_transaction_leaves_the_tidying_to_its_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    # VACUUM cannot run in a transaction: load_kb's rebuild schedules it for the commit,
    # and tidying inside a transaction (here the test's) runs nothing.
    with django_capture_on_commit_callbacks() as callbacks:
        update_after_load(changed=True)
    assert tidy_index in callbacks
    with django_assert_num_queries(0):
        tidy_index()


def test_a_load_that_changes_nothing_keeps_the_index():
    before = list(SearchEntry.objects.values_list("pk", flat=True))
    call_command("load_kb", verbosity=0)
    assert list(SearchEntry.objects.values_list("pk", flat=True)) == before


def test_a_load_rebuilds_an_empty_index():
    SearchEntry.objects.all().delete()
    call_command("load_kb", verbosity=0)
    assert SearchEntry.objects.count() == 278  # 251 of D6.1, 22 findings, 5 practices
    assert keys("reimbursement", "barrier")[0] == "5"


# The database search needs


def databases(monkeypatch, vendor, has_fts5):
    """Configure one database of `vendor`, on a SQLite with or without FTS5."""
    monkeypatch.setattr(checks, "connections", {"default": SimpleNamespace(vendor=vendor)})
    monkeypatch.setattr(checks, "sqlite_has_fts5", lambda: has_fts5)


def test_sqlite_without_fts5_stops_every_command_with_what_to_do(monkeypatch):
    databases(monkeypatch, "sqlite", has_fts5=False)
    [error] = checks.check_sqlite_has_fts5(None)
    assert error.id == "search.E001" and error.is_serious()
    assert "FTS5" in error.msg and "default" in error.msg
    assert "sqlite3" in error.hint and "PostgreSQL" in error.hint
    with pytest.raises(SystemCheckError, match="search.E001"):
        call_command("check")  # and so migrate and runserver, which run the checks first


@pytest.mark.parametrize(("vendor", "has_fts5"), [("sqlite", True), ("postgresql", False)])
def test_sqlite_with_fts5_or_postgresql_passes(monkeypatch, vendor, has_fts5):
    databases(monkeypatch, vendor, has_fts5)
    assert checks.check_sqlite_has_fts5(None) == []


def test_the_databases_here_pass():
    assert checks.check_sqlite_has_fts5(None) == []


def test_the_migration_refuses_sqlite_without_fts5(monkeypatch):
    migration = importlib.import_module("preciseu_kb.migrations.0001_initial")
    monkeypatch.setattr(migration, "sqlite_has_fts5", lambda: False)
    schema_editor = SimpleNamespace(connection=SimpleNamespace(vendor="sqlite"))
    with pytest.raises(ImproperlyConfigured, match="FTS5"):
        migration.create_full_text(None, schema_editor)
