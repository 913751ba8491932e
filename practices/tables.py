"""The list of good practices as a downloadable table (bases.tables)."""

from barriers.tables import barrier_label
from bases.tables import Column, Link, Table
from provenance.tables import SOURCE_COLUMNS


def barriers_of(listings):
    return [barrier_label(listing.barrier) for listing in listings]


PRACTICES = Table(
    "practices",
    "Good practices",
    (
        Column("Name", "name", width=40),
        Column("Countries", lambda practice: [c.name for c in practice.countries.all()], width=24),
        Column("Country as printed", "country_label", width=24),
        Column("Locality", "locality", width=14),
        Column(
            "Barriers (the report's tables)",
            lambda practice: barriers_of(practice.table_listings),
            width=40,
        ),
        Column(
            "Barriers (editorial mapping)",
            lambda practice: barriers_of(practice.editorial_listings),
            width=40,
        ),
        Column("Description", "description", width=80),
        Column("Transfer level (editorial)", "get_level_display", width=16),
        Column(
            "Transfer kinds (editorial)",
            lambda practice: [kind.get_kind_display() for kind in practice.kinds.all()],
            width=32,
        ),
        Column("Link", "link", width=40),
        Column("Responsible body", "responsible_body", width=24),
        Column("Part of", lambda practice: practice.part_of and practice.part_of.name, width=24),
        *SOURCE_COLUMNS,
        Link("Permalink"),
    ),
)

# A shortlist downloads as the practice list does, under its own name.
SHORTLIST = Table("shortlist", "Shortlist of good practices", PRACTICES.columns)
