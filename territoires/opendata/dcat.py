"""The catalogue of published datasets in DCAT-AP, as JSON-LD and as Turtle.

Served at `/donnees/catalogue.jsonld` and `/donnees/catalogue.ttl` (stable URLs that
data.gouv.fr can harvest) and printed by `territoires donnees exporter-dcat`. Both formats
are written from one list of triples (`catalogue_triples`), so that they say the same thing:
`dcat:Catalog`, a `dcat:Dataset` per published dataset (title, description, publisher,
licence, themes, keywords, spatial and temporal coverage, frequency, contact point) and a
`dcat:Distribution` per readable resource and format it is served in (CSV, XLSX, JSON, and
GeoJSON for the geographic ones: download URL, format, media type, schema). Themes are those
of the EU « data-theme » vocabulary, as each of our themes maps to it (`Theme.theme_ue`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Prefetch
from django.urls import reverse

from territoires.comptes.models import Organisation

from .apercu import FORMATS
from .automatiques import fichiers_du_jeu
from .models import JeuDeDonnees, Ressource
from .selectors import (
    LICENCE_URLS,
    datasets_published,
    is_geographic,
    version_columns,
    version_readable,
)

PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCES = {
    JeuDeDonnees.Frequence.PONCTUELLE: "NEVER",
    JeuDeDonnees.Frequence.QUOTIDIENNE: "DAILY",
    JeuDeDonnees.Frequence.HEBDOMADAIRE: "WEEKLY",
    JeuDeDonnees.Frequence.MENSUELLE: "MONTHLY",
    JeuDeDonnees.Frequence.TRIMESTRIELLE: "QUARTERLY",
    JeuDeDonnees.Frequence.ANNUELLE: "ANNUAL",
    JeuDeDonnees.Frequence.IRREGULIERE: "IRREG",
}
#: The formats a resource's rows are served in (`apercu.FORMATS`): EU file type, media type.
DISTRIBUTION_FORMATS = {
    "csv": ("CSV", "text/csv"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
    "geojson": ("GEOJSON", "application/geo+json"),
}


# --- Terms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class BNode:
    id: str


@dataclass(frozen=True)
class Literal:
    value: str
    datatype: str | None = None  # "xsd:date"…
    lang: str | None = None


Triple = tuple[IRI | BNode, str, IRI | BNode | Literal]


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def _iri(url: str) -> IRI:
    # Characters an IRI may not hold (spaces, quotes, angle brackets…) are percent-encoded.
    return IRI(quote(url, safe=":/?#[]@!$&'()*+,;=%~-._"))


# --- The graph ---------------------------------------------------------------------------------


class _Graph:
    def __init__(self) -> None:
        self.triples: list[Triple] = []
        self._vus: set[Triple] = set()
        self._blank = 0

    def add(self, subject, predicate: str, obj) -> None:
        if obj is None or (isinstance(obj, Literal) and obj.value == ""):
            return
        triple = (subject, predicate, obj)
        if triple not in self._vus:  # two of our themes may share one EU theme
            self._vus.add(triple)
            self.triples.append(triple)

    def blank(self) -> BNode:
        self._blank += 1
        return BNode(f"b{self._blank}")

    def text(self, subject, predicate: str, value: str) -> None:
        self.add(subject, predicate, Literal(value, lang="fr"))


def _datasets():
    ressources = Ressource.objects.select_related("version_courante").order_by("pk")
    return (
        datasets_published()
        .select_related("organisation")
        .prefetch_related("themes", "communes", "epcis", Prefetch("ressources", ressources))
        .order_by("titre_recherche", "pk")
    )


def _agent(graph: _Graph, nom: str) -> BNode:
    agent = graph.blank()
    graph.add(agent, "rdf:type", IRI(_expand("foaf:Agent")))
    graph.add(agent, "foaf:name", Literal(nom))
    return agent


def _coverage(graph: _Graph, node, jeu: JeuDeDonnees) -> None:
    for territoire, code in [(c, c.code) for c in jeu.communes.all()] + [
        (e, e.siren) for e in jeu.epcis.all()
    ]:
        lieu = graph.blank()
        graph.add(node, "dct:spatial", lieu)
        graph.add(lieu, "rdf:type", IRI(_expand("dct:Location")))
        graph.add(lieu, "locn:geographicName", Literal(territoire.nom))
        graph.add(lieu, "dct:identifier", Literal(code))
    if jeu.periode_debut or jeu.periode_fin:
        periode = graph.blank()
        graph.add(node, "dct:temporal", periode)
        graph.add(periode, "rdf:type", IRI(_expand("dct:PeriodOfTime")))
        for predicate, day in (("dcat:startDate", jeu.periode_debut),
                               ("dcat:endDate", jeu.periode_fin)):  # fmt: skip
            if day:
                graph.add(periode, predicate, Literal(day.isoformat(), "xsd:date"))


def _contact(graph: _Graph, node, jeu: JeuDeDonnees) -> None:
    if not jeu.contact:
        return
    contact = graph.blank()
    graph.add(node, "dcat:contactPoint", contact)
    graph.add(contact, "rdf:type", IRI(_expand("vcard:Kind")))
    graph.add(contact, "vcard:fn", Literal(jeu.organisation.nom))
    graph.add(contact, "vcard:hasEmail", _iri(f"mailto:{jeu.contact}"))


def _distribution(graph: _Graph, node, jeu, ressource, base: str, schemas: dict) -> None:
    """One distribution per format the resource's rows are served in."""
    page = base + jeu.get_absolute_url()
    version = ressource.version_courante
    geographique = is_geographic(version_columns(version))
    for extension in FORMATS:
        if extension == "geojson" and not geographique:
            continue
        code, media = DISTRIBUTION_FORMATS[extension]
        distribution = _iri(f"{page}#ressource-{ressource.pk}-{extension}")
        lien = reverse(
            "opendata:telecharger",
            kwargs={"slug": jeu.slug, "pk": ressource.pk, "format": extension},
        )
        graph.add(node, "dcat:distribution", distribution)
        graph.add(distribution, "rdf:type", IRI(_expand("dcat:Distribution")))
        graph.text(distribution, "dct:title", f"{ressource.titre} ({code})")
        graph.text(distribution, "dct:description", ressource.description)
        graph.add(distribution, "dcat:accessURL", _iri(page))
        graph.add(distribution, "dcat:downloadURL", _iri(base + lien))
        graph.add(distribution, "dct:format", IRI(f"{EU}file-type/{code}"))
        graph.add(
            distribution,
            "dcat:mediaType",
            IRI(f"https://www.iana.org/assignments/media-types/{media}"),
        )
        graph.add(distribution, "dct:license", _iri(LICENCE_URLS[jeu.licence]))
        graph.add(
            distribution, "dct:modified", Literal(version.cree_le.isoformat(), "xsd:dateTime")
        )
        if ressource.schema and ressource.schema in schemas:
            graph.add(distribution, "dct:conformsTo", _iri(schemas[ressource.schema]))


def _dataset(graph: _Graph, catalogue: IRI, jeu: JeuDeDonnees, base: str, schemas) -> None:
    node = _iri(base + jeu.get_absolute_url())
    graph.add(catalogue, "dcat:dataset", node)
    graph.add(node, "rdf:type", IRI(_expand("dcat:Dataset")))
    graph.text(node, "dct:title", jeu.titre)
    graph.text(node, "dct:description", jeu.description or jeu.titre)
    graph.add(node, "dct:identifier", Literal(node.value))
    graph.add(node, "dcat:landingPage", node)
    graph.add(node, "dct:publisher", _agent(graph, jeu.organisation.nom))
    graph.add(node, "dct:license", _iri(LICENCE_URLS[jeu.licence]))
    for theme in jeu.themes.all():
        if theme.theme_ue:
            graph.add(node, "dcat:theme", IRI(f"{EU}data-theme/{theme.theme_ue}"))
        graph.text(node, "dcat:keyword", theme.libelle)
    for mot in (m.strip() for m in jeu.mots_cles.split(",")):
        graph.text(node, "dcat:keyword", mot)
    frequence = FREQUENCES.get(jeu.frequence, "UNKNOWN")
    graph.add(node, "dct:accrualPeriodicity", IRI(f"{EU}frequency/{frequence}"))
    if jeu.publie_le:
        graph.add(node, "dct:issued", Literal(jeu.publie_le.isoformat(), "xsd:dateTime"))
    graph.add(node, "dct:modified", Literal(jeu.modifie_le.isoformat(), "xsd:dateTime"))
    _coverage(graph, node, jeu)
    _contact(graph, node, jeu)
    for ressource in jeu.ressources.all():
        if version_readable(ressource.version_courante):
            _distribution(graph, node, jeu, ressource, base, schemas)
    for fichier in fichiers_du_jeu(jeu):
        _distribution_fichier(graph, node, jeu, fichier, base)


def _distribution_fichier(graph: _Graph, node, jeu, fichier, base: str) -> None:
    """A file an automatic dataset serves as it is (a pabulib `.pb`)."""
    distribution = _iri(f"{base}{fichier.url}")
    graph.add(node, "dcat:distribution", distribution)
    graph.add(distribution, "rdf:type", IRI(_expand("dcat:Distribution")))
    graph.text(distribution, "dct:title", fichier.titre)
    graph.add(distribution, "dcat:accessURL", _iri(base + jeu.get_absolute_url()))
    graph.add(distribution, "dcat:downloadURL", distribution)
    graph.add(distribution, "dct:format", IRI(f"{EU}file-type/TXT"))
    graph.add(
        distribution,
        "dcat:mediaType",
        IRI(f"https://www.iana.org/assignments/media-types/{fichier.media}"),
    )
    graph.add(distribution, "dct:license", _iri(LICENCE_URLS[jeu.licence]))
    if fichier.norme:
        graph.add(distribution, "dct:conformsTo", _iri(fichier.norme))


def catalogue_triples(*, base: str) -> list[Triple]:
    """The triples of the catalogue; `base` is the site's address (« https://… », no slash)."""
    from .validation import schemas_available

    schemas = {s.nom: s.source for s in schemas_available()}
    base = base.rstrip("/")
    graph = _Graph()
    catalogue = _iri(base + reverse("opendata:catalogue"))
    departement = Organisation.objects.filter(type=Organisation.Type.DEPARTEMENT).first()
    editeur = departement.nom if departement else "Territoires"
    graph.add(catalogue, "rdf:type", IRI(_expand("dcat:Catalog")))
    graph.text(catalogue, "dct:title", f"Données ouvertes — {editeur}")
    graph.text(
        catalogue,
        "dct:description",
        "Jeux de données publiés par le Département et les collectivités de son territoire.",
    )
    graph.add(catalogue, "dct:publisher", _agent(graph, editeur))
    graph.add(catalogue, "dct:language", IRI(f"{EU}language/FRA"))
    graph.add(catalogue, "foaf:homepage", catalogue)
    for jeu in _datasets():
        _dataset(graph, catalogue, jeu, base, schemas)
    return graph.triples


# --- Turtle ------------------------------------------------------------------------------------

_TTL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _ttl_term(term) -> str:
    if isinstance(term, IRI):
        return f"<{term.value}>"
    if isinstance(term, BNode):
        return f"_:{term.id}"
    text = "".join(_TTL_ESCAPES.get(ch, ch) for ch in term.value)
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    if term.lang:
        return f'"{text}"@{term.lang}'
    if term.datatype:
        return f'"{text}"^^{term.datatype}'
    return f'"{text}"'


def turtle(triples: list[Triple]) -> str:
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()] + [""]
    by_subject: dict = {}
    for subject, predicate, obj in triples:
        by_subject.setdefault(subject, []).append((predicate, obj))
    for subject, pairs in by_subject.items():
        lines.append(_ttl_term(subject))
        body = [f"    {'a' if p == 'rdf:type' else p} {_ttl_term(o)}" for p, o in pairs]
        lines.append(" ;\n".join(body) + " .")
        lines.append("")
    return "\n".join(lines)


# --- JSON-LD -----------------------------------------------------------------------------------


def _jsonld_value(term) -> dict:
    if isinstance(term, IRI):
        return {"@id": term.value}
    if isinstance(term, BNode):
        return {"@id": f"_:{term.id}"}
    value = {"@value": term.value}
    if term.lang:
        value["@language"] = term.lang
    elif term.datatype:
        value["@type"] = term.datatype
    return value


def jsonld(triples: list[Triple]) -> dict:
    nodes: dict[str, dict] = {}
    for subject, predicate, obj in triples:
        key = subject.value if isinstance(subject, IRI) else f"_:{subject.id}"
        node = nodes.setdefault(key, {"@id": key})
        if predicate == "rdf:type":
            node.setdefault("@type", []).append(obj.value)
        else:
            node.setdefault(predicate, []).append(_jsonld_value(obj))
    return {"@context": dict(PREFIXES), "@graph": list(nodes.values())}


def jsonld_text(triples: list[Triple]) -> str:
    return json.dumps(jsonld(triples), ensure_ascii=False, indent=1)
