"""What may be reused, and on what terms: the one place the site, the API root, the OpenAPI
schema (`info.license`), the downloads and the DCAT catalogue read it from.

Two kinds of content, two answers:

- The sources' text (every transcribed record: quotes, barriers, practices, fact sheets,
  findings). What each source says about reuse is quoted in `SOURCE_TERMS`, word for word,
  with where it is printed; where a source says nothing, it says so. None of the three grants
  a licence, so the knowledge base grants none for their text either.
- The knowledge base's own editorial data: the barrier mappings and their rationales, the
  editorial practice links, the transfer profiles, the transcription and data notes. For
  these the knowledge base chose CC BY 4.0 (`EDITORIAL_LICENCE`); the sources did not.

Settings-free and import-free, so that the settings and every app may read it.
"""

EDITORIAL_LICENCE = {
    # The Data Package `licenses` entry's keys (name is the SPDX identifier).
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

EDITORIAL_SCOPE = (
    "The knowledge base's own editorial data: the mappings of fact-sheet challenges and national "
    "findings to barriers and their rationales, the editorial links of practices to barriers "
    "and their rationales, the practices' transfer profiles (level, kinds, actors, "
    "preconditions and their rationales), and the transcription and data notes."
)

EDITORIAL_STATEMENT = (
    f"{EDITORIAL_SCOPE} This is the knowledge base's choice for its own editorial data, not a "
    f"licence stated by any source: {EDITORIAL_LICENCE['title']} "
    f"({EDITORIAL_LICENCE['name']}, {EDITORIAL_LICENCE['path']})."
)

# Per source (its slug): what it prints about reuse, copyright or licence, as
# {"says": exact words or None, "where": where they are printed, "finding": our reading}.
# Read in the source texts for "licence", "copyright", "©", "reuse", "reproduce", "rights",
# "derechos", "reutilización", "propiedad intelectual": nothing else was found.
SOURCE_TERMS = {
    "d6-1": {
        "says": (
            "This project has received funding from the European Union’s Horizon Europe "
            "research and innovatiounder Grant Agreement No 101161301"
        ),
        "where": "Page footer (in the extraction after pages 24, 38 and 69); spelling as "
        "printed, line breaks and runs of spaces joined.",
        "finding": "A funding acknowledgement, not a licence: the report states no licence, "
        "copyright or terms of reuse.",
    },
    "es-cancer-factsheet": {
        "says": None,
        "where": "",
        "finding": "The factsheet states no licence, copyright or terms of reuse.",
    },
    "perte-salud-de-vanguardia": {
        "says": "Comparte esta medida:",
        "where": "The page's last line, a share prompt (“share this measure”).",
        "finding": "An invitation to share the page, not a licence: the page states no "
        "licence, copyright or terms of reuse.",
    },
}

SOURCE_RIGHTS_STATEMENT = (
    "The transcribed text belongs to its sources, which state no licence, copyright or terms "
    "of reuse; the knowledge base grants none for it. Quote it as text is quoted, naming the "
    "source and section that each record gives."
)


def terms_of(slug):
    """What the source `slug` says about reuse; a source added later without a reading says
    that it has not been read for it, rather than nothing or a guess."""
    return SOURCE_TERMS.get(
        slug,
        {"says": None, "where": "", "finding": "Not yet read for terms of reuse."},
    )


def data_package_licences():
    """The `licenses` of the data package (Frictionless: name, path, title)."""
    return [dict(EDITORIAL_LICENCE)]


def api_licence():
    """The licence as the API root and the OpenAPI schema's `info.license` give it."""
    return {
        "name": EDITORIAL_LICENCE["title"],
        "identifier": EDITORIAL_LICENCE["name"],
        "url": EDITORIAL_LICENCE["path"],
        "applies_to": EDITORIAL_SCOPE,
        "sources": SOURCE_RIGHTS_STATEMENT,
    }
