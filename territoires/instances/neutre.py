"""The neutral profile of a Département without its own (`TERRITOIRES_DEPARTEMENT=40`): built
from the referentiel, with the real names of its communes and no other Département's text.

Everything here is an assumption of the demonstration, said as such.
"""

from territoires.referentiel.departements import departement_label
from territoires.referentiel.models import Commune

from .profil import Hypothese, Profil

#: Trades of the demo companies, each joined to the name of a commune of the Département.
METIERS = (
    "Bâtiment", "Travaux publics", "Électricité", "Charpentes", "Peinture", "Plomberie",
    "Menuiserie", "Réseaux", "Génie civil", "Espaces verts", "Couverture", "Maçonnerie",
    "Terrassement", "Rénovation",
)  # fmt: skip


def _communes(code: str) -> list[tuple[str, str]]:
    return list(
        Commune.objects.actuels()
        .filter(departement__code=code, type=Commune.Type.ACTUELLE)
        .order_by("-population", "code")
        .values_list("code", "nom")[: len(METIERS)]
    )


def profil(code: str) -> Profil:
    communes = _communes(code)
    villes = [nom for _, nom in communes] or [departement_label(code)]
    ville = villes[0]
    societes = tuple(
        f"{metier} de {villes[i % len(villes)]}" for i, metier in enumerate(METIERS)
    ) + (f"Intérim insertion de {ville}", f"Atelier chantier d'insertion de {ville}")
    insertion = {societes[-2]: "ETTI", societes[-1]: "ACI"}
    return Profil(
        code=code,
        nom=departement_label(code),
        aides="neutre",
        exemples=tuple(communes[:2]) or ((code, departement_label(code)),),
        ateliers=(
            (
                "Commande publique : rencontre des acheteurs",
                "Commande publique",
                "2025-03-20",
                ville,
            ),
        ),  # fmt: skip
        acheteurs=(
            ("Services de l'État dans le département", "etat"),
            ("Conseil régional", "region"),
            (f"Centre hospitalier de {ville}", "sante"),
            (f"Office public de l'habitat de {ville}", "bailleur"),
        ),
        societes=societes,
        employeurs_insertion=insertion,
        annuaire={name: "Bâtiment, travaux publics, espaces verts" for name in insertion},
        hypotheses=(
            Hypothese("Dispositif d'aide", "un dispositif générique, taux maximal de 40 %"),
            Hypothese("Acheteurs, entreprises, ateliers", "nommés d'après les communes"),
        ),
        connu=False,
    )
