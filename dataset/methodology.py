"""Tab. 3 (interviews) and Tab. 4 (workshops) of D6.1: reading and the report's arithmetic.

The figures are stored on each `Region`; the printed Total rows are not stored but checked:
each row's stakeholder groups against its total, each column against its printed total. A
disagreement is the report's own, so the figures are loaded as printed and the disagreement
becomes a data note users can see, never a silent "fix".
"""

from regions.models import INTERVIEW_GROUPS

from .records import Record

WORKSHOP_FORMATS = ("online", "on-site")


def read_methodology(root, regions):
    """Put the figures on the region dicts; return the data notes (dicts) the tables call for."""
    tab3 = child(root, "interviews")
    tab4 = child(root, "workshops")
    notes = read_interviews(tab3, regions) + read_workshops(tab4, regions)
    tab3.finish()
    tab4.finish()
    return notes


def child(parent, key):
    label = f"{parent.label} {key}".strip()
    return Record(parent.get(key, dict, default={}), parent.file, label, parent.problems)


def discrepancy(subject, text):
    return {"kind": "discrepancy", "subject": subject, "text": text}


def counts(record, keys, nullable=()):
    values = {}
    for key in keys:
        value = record.get(key, int, required=key not in nullable)
        if value is not None and value < 0:
            record.problem(f"'{key}' is negative")
        values[key] = value
    return values


def printed_totals(table, columns):
    record = child(table, "printed_totals")
    totals = counts(record, columns)
    record.finish()
    return totals


def rows_by_region(table, regions):
    rows = table.children("rows")
    found = {}
    for row in rows:
        slug = row.get("region")
        if slug not in regions:
            row.problem(f"unknown region {slug!r}")
        elif slug in found:
            row.problem(f"region {slug!r} has two rows")
        else:
            found[slug] = row
    return found


def table_notes(table, name):
    """The table's transcription note, if any, as a data note (caption and section are
    documentation of the fixture, not stored)."""
    table.text("caption")
    table.text("section")
    note = table.text("note", required=False)
    if not note:
        return []
    return [{"kind": "transcription", "subject": f"{name}, transcription", "text": note}]


def read_interviews(table, regions):
    notes = table_notes(table, "Tab. 3")
    columns = ("total", *INTERVIEW_GROUPS)
    rows = rows_by_region(table, regions)
    printed = printed_totals(table, columns)
    for slug in sorted(regions.keys() - rows.keys()):
        table.problem(f"no row for region {slug!r}")
    sums = dict.fromkeys(columns, 0)
    for slug, row in rows.items():
        figures = counts(row, columns, nullable=INTERVIEW_GROUPS)
        row.finish()
        regions[slug]["interviews"] = figures
        for column in columns:
            sums[column] += figures[column] or 0
        groups = sum(figures[group] or 0 for group in INTERVIEW_GROUPS)
        if figures["total"] is not None and groups != figures["total"]:
            name = regions[slug]["name"]
            notes.append(
                discrepancy(
                    f"Tab. 3, {name}",
                    f"In Tab. 3 (interviews), the row of {name} prints a total of "
                    f"{figures['total']} interviews, but its stakeholder groups add up to "
                    f"{groups}. Both are shown as printed.",
                )
            )
    for column in columns:
        if printed[column] is not None and sums[column] != printed[column]:
            notes.append(
                discrepancy(
                    f"Tab. 3, column {column}",
                    f"In Tab. 3 (interviews), the printed total of the {column} column is "
                    f"{printed[column]}, but its cells add up to {sums[column]}.",
                )
            )
    groups_total = sum(printed[group] or 0 for group in INTERVIEW_GROUPS)
    if printed["total"] is not None and groups_total != printed["total"]:
        notes.append(
            discrepancy(
                "Tab. 3, Total row",
                f"In Tab. 3 (interviews), the Total row prints {printed['total']} interviews in "
                f"all, but its stakeholder-group totals add up to {groups_total}.",
            )
        )
    return notes


def read_workshops(table, regions):
    notes = table_notes(table, "Tab. 4")
    rows = rows_by_region(table, regions)
    printed = printed_totals(table, ("participants",))
    consulting = read_consultations(table, regions)
    for slug in sorted(regions.keys() - rows.keys() - consulting.keys()):
        table.problem(f"region {slug!r} has neither a workshop row nor a consultation")
    for slug in sorted(rows.keys() & consulting.keys()):
        table.problem(f"region {slug!r} has both a workshop row and a consultation")
    total = 0
    for slug, row in rows.items():
        participants = counts(row, ("participants",))["participants"]
        workshop_format = row.get("format")
        if workshop_format not in WORKSHOP_FORMATS:
            row.problem(f"'format' must be one of {', '.join(WORKSHOP_FORMATS)}")
        regions[slug]["workshop"] = {
            "engagement": "workshop",
            "workshop_participants": participants,
            "workshop_format": workshop_format,
            "workshop_organizers": row.text("organizers"),
            "engagement_note": "",
        }
        row.finish()
        total += participants or 0
    if printed["participants"] is not None and total != printed["participants"]:
        notes.append(
            discrepancy(
                "Tab. 4, participants",
                f"In Tab. 4 (workshops), the printed total is {printed['participants']} "
                f"participants, but the rows add up to {total}.",
            )
        )
    return notes


def read_consultations(table, regions):
    """Regions that held expert consultations instead of a workshop (Tab. 4's footnote)."""
    consultations = table.children("consultations", required=False)
    found = {}
    for item in consultations:
        slug = item.get("region")
        footnote = item.text("footnote")
        item.finish()
        if slug not in regions:
            item.problem(f"unknown region {slug!r}")
            continue
        if slug in found:
            item.problem(f"region {slug!r} has two consultations")
        found[slug] = footnote
        regions[slug]["workshop"] = {
            "engagement": "consultations",
            "workshop_participants": None,
            "workshop_format": "",
            "workshop_organizers": "",
            "engagement_note": footnote,
        }
    return found
