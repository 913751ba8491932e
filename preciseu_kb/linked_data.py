"""Linked data, built with rdflib: the taxonomy as SKOS, the dataset as DCAT-AP.

Every resource is named by the URL of its page on the site, so that each URI answers a
browser: a barrier is its /barriers/<number>/ page, a category its /categories/<slug>/ page,
the concept scheme the barrier list. URIs are absolute, built from the request's host, as
every other link of the API is.

- The taxonomy (`/api/v1/taxonomy.ttl`, `.jsonld`): a `skos:ConceptScheme` whose top concepts
  are the 6 categories, each `skos:narrower` its barriers; each barrier `skos:broader` its
  category, with its title as `skos:prefLabel`, the report's other printings of it as
  `skos:altLabel`, its number as `skos:notation`.
- The catalogue (`/api/v1/catalog.ttl`, `.jsonld`): a `dcat:Catalog` with one `dcat:Dataset`
  and its four distributions (the API, the data package, the SQLite file, the JSON file),
  each with its licence (`dct:license`, CC BY 4.0 for the editorial data) and rights
  (`dct:rights`: what the sources say), as DCAT-AP asks.
"""

from django.urls import reverse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS

from barriers.models import Category
from bases.licence import EDITORIAL_LICENCE, EDITORIAL_STATEMENT, SOURCE_RIGHTS_STATEMENT
from provenance.models import Source

from . import exports

ADMS = Namespace("http://www.w3.org/ns/adms#")
# The EU's controlled vocabularies that DCAT-AP names for formats and languages.
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA_MEDIA = Namespace("https://www.iana.org/assignments/media-types/")
DATA_PACKAGE_SPEC = URIRef("https://specs.frictionlessdata.io/data-package/")
LANGUAGE = "en"

TURTLE = "text/turtle; charset=utf-8"
JSON_LD = "application/ld+json"


def bind(graph):
    for prefix, namespace in (
        ("skos", SKOS),
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("adms", ADMS),
    ):
        graph.bind(prefix, namespace)
    return graph


def label(text):
    return Literal(text, lang=LANGUAGE)


# -- The taxonomy ---------------------------------------------------------------------------


def taxonomy(absolute):
    """The SKOS graph; `absolute(path)` gives a path's absolute URL."""
    graph = bind(Graph())
    scheme = URIRef(absolute(reverse("barrier-list")))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, SKOS.prefLabel, label("PRECISEU barriers to personalised medicine")))
    graph.add(
        (
            scheme,
            DCTERMS.description,
            label(
                "The 17 barriers of the PRECISEU D6.1 Cross-Regional Report in its 6 "
                "categories, as the report prints them."
            ),
        )
    )
    graph.add((scheme, DCTERMS.license, URIRef(EDITORIAL_LICENCE["path"])))
    graph.add((scheme, DCTERMS.rights, label(SOURCE_RIGHTS_STATEMENT)))
    for category in Category.objects.for_list():
        concept = URIRef(absolute(category.get_absolute_url()))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, label(category.name)))
        for variant in category.variants:
            graph.add((concept, SKOS.altLabel, label(variant)))
        graph.add((concept, SKOS.notation, Literal(str(category.order))))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
        for barrier in category.barriers.all():
            narrower = URIRef(absolute(barrier.get_absolute_url()))
            graph.add((narrower, RDF.type, SKOS.Concept))
            graph.add((narrower, SKOS.prefLabel, label(barrier.title)))
            for variant in barrier.variants:
                if variant != barrier.title:
                    graph.add((narrower, SKOS.altLabel, label(variant)))
            graph.add((narrower, SKOS.notation, Literal(str(barrier.number))))
            graph.add((narrower, SKOS.inScheme, scheme))
            graph.add((narrower, SKOS.broader, concept))
            graph.add((concept, SKOS.narrower, narrower))
    return graph


# -- The catalogue --------------------------------------------------------------------------


def catalog(absolute):
    """The DCAT-AP graph of the dataset and its distributions."""
    from .downloads import FORMATS  # the files' names and types, said once

    graph = bind(Graph())
    catalogue = URIRef(absolute(reverse("api:catalog-ttl")))
    dataset = URIRef(absolute(reverse("downloads")))
    publisher = URIRef(absolute(reverse("about")))
    licence = URIRef(EDITORIAL_LICENCE["path"])
    rights = BNode()

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, label(exports.TITLE)))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, RDFS.label, label(EDITORIAL_LICENCE["title"])))
    graph.add((rights, RDF.type, DCTERMS.RightsStatement))
    graph.add((rights, RDFS.label, label(f"{SOURCE_RIGHTS_STATEMENT} {EDITORIAL_STATEMENT}")))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, label(f"{exports.TITLE} catalogue")))
    graph.add((catalogue, DCTERMS.description, label("The knowledge base's one dataset.")))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(absolute("/"))))
    graph.add((catalogue, DCTERMS.license, licence))
    graph.add((catalogue, DCAT.dataset, dataset))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, label(exports.TITLE)))
    graph.add((dataset, DCTERMS.description, label(exports.DESCRIPTION)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.language, EU_LANGUAGE.ENG))
    graph.add((dataset, DCAT.landingPage, URIRef(absolute(reverse("downloads")))))
    graph.add((dataset, DCTERMS.rights, rights))
    for keyword in ("personalised medicine", "precision medicine", "health policy", "Europe"):
        graph.add((dataset, DCAT.keyword, label(keyword)))
    for source in Source.objects.order_by("order"):
        # The documents transcribed: named, not linked (they print no address of their own).
        document = BNode()
        graph.add((document, RDF.type, FOAF.Document))
        graph.add((document, DCTERMS.title, label(source.title)))
        if source.identifier:
            graph.add((document, DCTERMS.identifier, Literal(source.identifier)))
        graph.add((dataset, DCTERMS.source, document))

    api = URIRef(absolute(reverse("api:api-root")))
    distributions = [
        (api, "REST API (JSON, CSV)", "application/json", "JSON", {DCAT.accessURL: api}),
    ]
    for format in FORMATS.values():
        url = URIRef(absolute(reverse("download-file", args=[format.filename])))
        links = {DCAT.accessURL: URIRef(absolute(reverse("downloads"))), DCAT.downloadURL: url}
        file_type = {"datapackage": "ZIP", "sqlite": "SQLITE", "json": "JSON"}[format.key]
        distributions.append((url, format.title, format.media_type, file_type, links))
    for uri, title, media_type, file_type, links in distributions:
        graph.add((dataset, DCAT.distribution, uri))
        graph.add((uri, RDF.type, DCAT.Distribution))
        graph.add((uri, DCTERMS.title, label(title)))
        for predicate, target in links.items():
            graph.add((uri, predicate, target))
        graph.add((uri, DCAT.mediaType, IANA_MEDIA[media_type]))
        graph.add((uri, DCTERMS.format, EU_FILE_TYPE[file_type]))
        graph.add((uri, DCTERMS.license, licence))
        graph.add((uri, DCTERMS.rights, rights))
        if "datapackage" in str(uri):
            graph.add((uri, DCTERMS.conformsTo, DATA_PACKAGE_SPEC))
    graph.add((api, DCTERMS.conformsTo, URIRef(absolute(reverse("api:schema")))))
    return graph
