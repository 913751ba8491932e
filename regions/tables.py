"""The list of partner regions as a downloadable table (bases.tables)."""

from bases.tables import Column, Link, Table
from provenance.tables import SOURCE_COLUMNS

from .models import INTERVIEW_GROUP_LABELS, INTERVIEW_GROUPS

REGIONS = Table(
    "regions",
    "Partner regions",
    (
        Column("Region", "name", width=22),
        Column("Country", "country.name", width=16),
        Column("Fact sheet", "factsheet_label", width=30),
        Column("Quotes attributed to", "attributions", width=22),
        Column("Interviews (Tab. 3)", "interviews_total", width=11),
        *(
            Column(f"Interviews: {INTERVIEW_GROUP_LABELS[group]}", f"interviews_{group}", width=14)
            for group in INTERVIEW_GROUPS
        ),
        Column("Validation (Tab. 4)", "get_engagement_display", width=22),
        Column("Workshop participants", "workshop_participants", width=12),
        Column("Workshop format", "get_workshop_format_display", width=10),
        Column("Workshop organisers", "workshop_organizers", width=30),
        Column("Quotes", "quote_count", width=9),
        Column("Barriers raised", "barriers_raised_count", width=10),
        Column("Fact-sheet challenges", "challenge_count", width=11),
        Column("Overview", "overview", width=80),
        *SOURCE_COLUMNS,
        Link("Permalink"),
    ),
)
