"""The evidence map as a tidy table (bases.tables): one row per barrier and region, with the
counts of its cell. The site's `/map/evidence-map.csv` and the API's
`/api/v1/evidence-map/?format=csv` are this table; its keys (slugs, numbers, ISO codes) come
first, as partner tools join on them, then the names a reader looks for."""

from bases.tables import Column, Link, Table

EVIDENCE_MAP = Table(
    "evidence-map",
    "Evidence map",
    (
        Column("category", "barrier.category.slug", width=26),
        Column("barrier_number", "barrier.number", width=9),
        Column("barrier", "barrier.title", width=40),
        Column("region", "region.slug", width=20),
        Column("country", "region.country.code", width=9),
        Column("quotes", "quotes", width=9),
        Column("mapped_challenges", "challenges", width=10),
        Column("practices_from_country", "practices", width=10),
        Column("strength", "strength_label", width=20),
        Column("national_findings", "findings", width=10),
        Column("category_name", "barrier.category.name", width=28),
        Column("region_name", "region.name", width=20),
        Column("country_name", "region.country.name", width=16),
        Link("quotes_url", "quotes_url"),
    ),
)


def cells_of(evidence):
    """The map's cells, barrier by barrier (in category order), region by region."""
    return [cell for row in evidence.rows for cell in row.cells]
