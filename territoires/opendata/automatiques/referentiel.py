"""The territories of the instance's Département, from the référentiel (INSEE's COG):
current communes and EPCI, with population, EPCI and canton."""

from collections.abc import Iterator

from django.conf import settings

from territoires.referentiel import selectors

from .base import JeuAutomatique, RessourceAutomatique, colonnes


def _communes_lignes() -> Iterator[tuple]:
    departement = settings.TERRITOIRES_DEPARTEMENT
    canton_de = selectors.canton_par_commune(departement)
    for c in selectors.communes_for_departement(departement).iterator(chunk_size=2000):
        canton = canton_de.get(c.code)
        yield (
            c.code,
            c.nom,
            c.siren,
            ", ".join(c.codes_postaux or []),
            c.population,
            c.departement.code if c.departement else "",
            c.epci.siren if c.epci else "",
            c.epci.nom if c.epci else "",
            canton.code if canton else "",
            canton.nom if canton else "",
        )


def _epcis_lignes() -> Iterator[tuple]:
    for e in selectors.epcis_for_departement(settings.TERRITOIRES_DEPARTEMENT):
        yield (
            e.siren,
            e.nom,
            e.type,
            e.get_type_display(),
            e.mode_financement,
            e.population,
            e.population_totale,
            e.nb_communes,
            ", ".join(sorted(d.code for d in e.departements.all())),
        )


def _communes() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Communes",
            description="Les communes actuelles du Département (code officiel géographique "
            "de l'INSEE) : code INSEE, nom, SIREN, codes postaux, population municipale, "
            "intercommunalité et canton.",
            colonnes=colonnes(
                ("code_insee", "texte"),
                ("nom", "texte"),
                ("siren", "texte"),
                ("codes_postaux", "texte"),
                ("population", "entier"),
                ("departement", "texte"),
                ("epci_siren", "texte"),
                ("epci", "texte"),
                ("canton_code", "texte"),
                ("canton", "texte"),
            ),
            lignes=_communes_lignes,
            nom_fichier="communes.csv",
        )
    ]


def _epcis() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Intercommunalités",
            description="Les intercommunalités à fiscalité propre (EPCI) qui ont des communes "
            "dans le Département : SIREN, nom, nature, mode de financement, population, nombre "
            "de communes membres, départements couverts.",
            colonnes=colonnes(
                ("siren", "texte"),
                ("nom", "texte"),
                ("nature", "texte"),
                ("nature_libelle", "texte"),
                ("mode_financement", "texte"),
                ("population", "entier"),
                ("population_totale", "entier"),
                ("communes", "entier"),
                ("departements", "texte"),
            ),
            lignes=_epcis_lignes,
            nom_fichier="intercommunalites.csv",
        )
    ]


COMMUNES = JeuAutomatique(
    code="referentiel.communes",
    titre="Communes du Département",
    description=(
        "La liste des communes actuelles du Département d'après le code officiel géographique "
        "de l'INSEE, avec leur population, leur intercommunalité et leur canton. Mise à jour à "
        "chaque import du référentiel."
    ),
    ressources=_communes,
    themes=("territoire",),
    mots_cles="communes, COG, INSEE, population, cantons, référentiel",
    frequence="annuelle",
)

EPCIS = JeuAutomatique(
    code="referentiel.epcis",
    titre="Intercommunalités du Département",
    description=(
        "Les intercommunalités (communautés de communes, d'agglomération…) du Département "
        "d'après le code officiel géographique de l'INSEE, avec leur population et leurs "
        "communes membres. Mise à jour à chaque import du référentiel."
    ),
    ressources=_epcis,
    themes=("territoire",),
    mots_cles="intercommunalités, EPCI, COG, INSEE, population, référentiel",
    frequence="annuelle",
)
