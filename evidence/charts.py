"""Pictures drawn on the server as SVG documents, built with ElementTree so that every
text is escaped and the result is always well-formed XML. Each picture carries a <title> and
a <desc> for readers that cannot see it; the numbers are printed, never shown by colour alone.
"""

import json
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from bases.xml import make_tree_safe

from .evidence_map import STRENGTH_BANDS

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"

# Fill of a map cell by strength level (see evidence.evidence_map.STRENGTH_BANDS), light to
# dark; text on the darkest is white; every text keeps a contrast of 4.5:1 or more.
STRENGTH_FILLS = ("#ffffff", "#dbe6f1", "#b7cde3", "#1f4e79")
STRENGTH_TEXT = ("#1c2230", "#1c2230", "#1c2230", "#ffffff")

LABEL_WIDTH = 330
LABEL_CHARACTERS = 46  # of a barrier's label that fit in LABEL_WIDTH at 12px
CELL_WIDTH = 62
CELL_HEIGHT = 26
HEADER_HEIGHT = 120
CATEGORY_HEIGHT = 24
LEGEND_HEIGHT = 70


def svg_document(width, height, title, description):
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "font-family": FONT,
            "font-size": "12",
        },
    )
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "desc").text = description
    ET.SubElement(svg, "rect", width=str(width), height=str(height), fill="#ffffff")
    return svg


def to_string(svg):
    """The document, well-formed whatever the records' text holds: characters XML forbids
    (a NUL or vertical tab stored through the admin or the API) are replaced by U+FFFD."""
    document = ET.tostring(make_tree_safe(svg), encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document


def text(parent, x, y, value, **attributes):
    """A <text> element; keyword attributes take dashes for underscores (text_anchor)."""
    svg_attributes = {name.replace("_", "-"): str(value) for name, value in attributes.items()}
    element = ET.SubElement(parent, "text", {"x": str(x), "y": str(y), **svg_attributes})
    element.text = str(value)
    return element


def evidence_map_svg(evidence, title, description):
    """The evidence map as a picture for slides: a row per barrier under its category, a
    column per region, each cell coloured by strength and printing its quotes + mapped
    challenges; the row totals (regions raising the barrier) and a legend."""
    regions = evidence.regions
    width, height = evidence_map_svg_size(evidence.groups, len(regions))
    svg = svg_document(width, height, title, description)
    draw_region_headings(svg, regions)
    y = HEADER_HEIGHT
    for group in evidence.groups:
        text(svg, 8, y + 17, group.category.name, font_weight="bold")
        y += CATEGORY_HEIGHT
        for row in group.rows:
            draw_row(svg, row, y)
            y += CELL_HEIGHT
    draw_legend(svg, y + 20)
    return to_string(svg)


def evidence_map_svg_size(groups, region_count):
    """(width, height) of `evidence_map_svg` for these category groups and regions: the map
    page gives its <img> the picture's size, so the page does not shift as it loads."""
    rows_height = sum(CATEGORY_HEIGHT + CELL_HEIGHT * len(group.rows) for group in groups)
    width = LABEL_WIDTH + CELL_WIDTH * (region_count + 1) + 20
    return width, HEADER_HEIGHT + rows_height + LEGEND_HEIGHT


def draw_region_headings(svg, regions):
    for index, label in enumerate([*(region.name for region in regions), "Regions"]):
        x = LABEL_WIDTH + CELL_WIDTH * index + CELL_WIDTH / 2
        text(svg, x, HEADER_HEIGHT - 8, label, transform=f"rotate(-45 {x} {HEADER_HEIGHT - 8})")


def draw_row(svg, row, y):
    label = f"{row.barrier.number}. {row.barrier.title}"
    if len(label) > LABEL_CHARACTERS:
        label = label[: LABEL_CHARACTERS - 1] + "…"
    text(svg, 8, y + 17, label)
    for index, cell in enumerate(row.cells):
        x = LABEL_WIDTH + CELL_WIDTH * index
        ET.SubElement(
            svg,
            "rect",
            x=str(x),
            y=str(y),
            width=str(CELL_WIDTH),
            height=str(CELL_HEIGHT),
            fill=STRENGTH_FILLS[cell.strength],
            stroke="#8a96a8",
        )
        shown = cell.statements if cell.statements else "–"
        fill = STRENGTH_TEXT[cell.strength]
        text(svg, x + CELL_WIDTH / 2, y + 17, shown, text_anchor="middle", fill=fill)
    x = LABEL_WIDTH + CELL_WIDTH * len(row.cells)
    text(
        svg, x + CELL_WIDTH / 2, y + 17, row.region_count, text_anchor="middle", font_weight="bold"
    )


def draw_legend(svg, y):
    text(
        svg,
        8,
        y,
        "Number in a cell: the region's quotes + fact-sheet challenges mapped to "
        "the barrier (editorial mapping). Last column: regions raising it.",
    )
    for index, (_, level, label) in enumerate(STRENGTH_BANDS):
        x = 8 + index * 180
        ET.SubElement(
            svg,
            "rect",
            x=str(x),
            y=str(y + 14),
            width="18",
            height="18",
            fill=STRENGTH_FILLS[level],
            stroke="#8a96a8",
        )
        text(svg, x + 24, y + 28, label)


# ISO 3166-1 numeric codes (the geometry's ids) of the European countries it draws that the
# report may name; the geometry has no alpha-2 codes.
ISO_NUMERIC = {
    "AT": "040",
    "BE": "056",
    "BG": "100",
    "CH": "756",
    "CY": "196",
    "CZ": "203",
    "DE": "276",
    "DK": "208",
    "EE": "233",
    "ES": "724",
    "FI": "246",
    "FR": "250",
    "GB": "826",
    "GR": "300",
    "HR": "191",
    "HU": "348",
    "IE": "372",
    "IS": "352",
    "IT": "380",
    "LT": "440",
    "LU": "442",
    "LV": "428",
    "NL": "528",
    "NO": "578",
    "PL": "616",
    "PT": "620",
    "RO": "642",
    "SE": "752",
    "SI": "705",
    "SK": "703",
}
GEOMETRY = Path(__file__).resolve().parent.parent / "static" / "geo" / "europe-countries.json"
PARTNER_FILL = "#1f4e79"
LAND_FILL = "#e3e8ee"


@lru_cache(maxsize=1)
def europe_geometry():
    """The vendored country outlines (static/geo/README.md), read once on first use."""
    return json.loads(GEOMETRY.read_text(encoding="utf-8"))


def europe_map_svg(regions, title, description):
    """Europe with the countries of `regions` filled and linked to the region's page (each
    link titled with the region and country, so it can be read without the colours)."""
    geometry = europe_geometry()
    svg = svg_document(geometry["width"], geometry["height"], title, description)
    svg.set("class", "europe-map")
    # Not an image: it holds links, which an img role would hide from assistive technology.
    svg.set("role", "group")
    svg.set("aria-label", title)
    by_id = {ISO_NUMERIC.get(region.country.code): region for region in regions}
    for country in geometry["countries"]:
        region = by_id.get(country["id"])
        if region is None:
            ET.SubElement(svg, "path", d=country["d"], fill=LAND_FILL, stroke="#ffffff")
            continue
        link = ET.SubElement(svg, "a", href=region.get_absolute_url())
        ET.SubElement(link, "title").text = f"{region.name} ({region.country.name})"
        ET.SubElement(link, "path", d=country["d"], fill=PARTNER_FILL, stroke="#ffffff")
    return ET.tostring(make_tree_safe(svg), encoding="unicode")
