"""The participatory budget's public data: projets and public idées of every campaign; results,
participation counters and the ballots (pabulib's VOTES section) of the campaigns whose
results are published.

Nothing here names or traces a voter: ballots come from the ballot box, which has no link to
the register of voters, numbered 1, 2… in the random order of their ids, without their day.
Idées merely filed (not yet moderated) and their authors never appear.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.urls import reverse

from territoires.participation import selectors

from .base import FichierAutomatique, JeuAutomatique, RessourceAutomatique, colonnes

PABULIB = "https://pabulib.org/format"

# --- Projets and public idées -----------------------------------------------------------------


def _projets_lignes() -> Iterator[tuple]:
    campagnes = list(selectors.campagnes_publiques())
    for p in selectors.projets_for_campagnes(campagnes).iterator(chunk_size=2000):
        yield (
            p.campagne.slug,
            p.campagne.titre,
            p.enveloppe.nom,
            p.code,
            p.titre,
            p.description,
            p.categorie,
            p.commune.code if p.commune else "",
            p.commune.nom if p.commune else "",
            p.cout,
        )


def _idees_lignes() -> Iterator[tuple]:
    campagnes = list(selectors.campagnes_publiques())
    for i in selectors.idees_publiques_for_campagnes(campagnes).iterator(chunk_size=2000):
        yield (
            i.campagne.slug,
            i.titre,
            i.description,
            i.categorie,
            i.commune.code if i.commune else "",
            i.commune.nom if i.commune else "",
            i.lieu,
            i.latitude,
            i.longitude,
            i.cout_estime,
            i.get_statut_display(),
            i.motif_moderation,
            i.justification,
            i.projet.code if i.projet else "",
        )


def _projets() -> list[RessourceAutomatique]:
    return [
        RessourceAutomatique(
            titre="Projets soumis au vote",
            description="Les projets retenus pour le vote de chaque campagne, par enveloppe : "
            "numéro, titre, catégorie, commune, coût.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("campagne_titre", "texte"),
                ("enveloppe", "texte"),
                ("code", "texte"),
                ("titre", "texte"),
                ("description", "texte"),
                ("categorie", "texte"),
                ("commune_code", "texte"),
                ("commune", "texte"),
                ("cout", "decimal"),
            ),
            lignes=_projets_lignes,
            nom_fichier="budget-participatif-projets.csv",
        ),
        RessourceAutomatique(
            titre="Idées publiées",
            description="Les idées proposées par les habitants une fois passées par la "
            "modération, avec la suite donnée (retenue, fusionnée dans un projet, non "
            "retenue, écartée et pourquoi). Ni l'auteur ni les idées en attente de "
            "modération n'y figurent.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("titre", "texte"),
                ("description", "texte"),
                ("categorie", "texte"),
                ("commune_code", "texte"),
                ("commune", "texte"),
                ("lieu", "texte"),
                ("latitude", "latitude"),
                ("longitude", "longitude"),
                ("cout_estime", "decimal"),
                ("statut", "texte"),
                ("motif_moderation", "texte"),
                ("justification", "texte"),
                ("projet", "texte"),
            ),
            lignes=_idees_lignes,
            nom_fichier="budget-participatif-idees.csv",
        ),
    ]


PROJETS = JeuAutomatique(
    code="participation.projets",
    titre="Budget participatif : projets et idées",
    description=(
        "Les projets soumis au vote du budget participatif du Département, campagne par "
        "campagne, et les idées des habitants dont ils sont nés (une fois modérées). Mis à "
        "jour chaque jour."
    ),
    ressources=_projets,
    themes=("citoyennete",),
    mots_cles="budget participatif, projets, idées, habitants, vote",
    frequence="quotidienne",
)

# --- Results, counters and ballots -----------------------------------------------------------


def _resultats_lignes(campagnes) -> Iterator[tuple]:
    projets: dict[int, list] = {}
    for p in selectors.projets_for_campagnes(campagnes):
        projets.setdefault(p.enveloppe_id, []).append(p)
    for r in selectors.resultats_for_campagnes(campagnes):
        rang = {pk: i for i, pk in enumerate(r.selectionnes, 1)}
        for p in projets.get(r.enveloppe_id, []):
            yield (
                r.enveloppe.campagne.slug,
                r.enveloppe.nom,
                r.methode,
                p.code,
                p.titre,
                p.categorie,
                p.cout,
                int(r.voix.get(str(p.pk), 0)),
                p.pk in rang,
                rang.get(p.pk),
            )


def _enveloppes_lignes(campagnes) -> Iterator[tuple]:
    for r in selectors.resultats_for_campagnes(campagnes):
        yield (
            r.enveloppe.campagne.slug,
            r.enveloppe.nom,
            r.get_methode_display(),
            r.bulletins,
            r.budget,
            Decimal(r.cout_total),
            len(r.selectionnes),
        )


def _participation_lignes(campagnes) -> Iterator[tuple]:
    for row in selectors.participation_for_campagnes(campagnes):
        yield (row.campagne.slug, row.get_dimension_display(), row.valeur, row.nombre)


def _votes_lignes(campagnes) -> Iterator[tuple]:
    enveloppes = {}
    code_de = {}
    for p in selectors.projets_for_campagnes(campagnes):
        code_de[p.pk] = p.code
        enveloppes[p.enveloppe_id] = (p.campagne.slug, p.enveloppe.nom)
    numero, courante = 0, None
    for enveloppe_id, choix in selectors.bulletins_stream(campagnes):
        if enveloppe_id != courante:
            numero, courante = 0, enveloppe_id
        numero += 1
        campagne, enveloppe = enveloppes.get(enveloppe_id, ("", ""))
        yield (campagne, enveloppe, numero, ",".join(code_de[pk] for pk in choix if pk in code_de))


def _resultats() -> list[RessourceAutomatique]:
    campagnes = selectors.campagnes_resultats_publies()

    def lignes(fonction):
        return lambda: fonction(campagnes)

    return [
        RessourceAutomatique(
            titre="Résultats par enveloppe",
            description="Pour chaque enveloppe d'une campagne close et dépouillée : méthode, "
            "nombre de bulletins, budget, coût des lauréats, nombre de lauréats.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("enveloppe", "texte"),
                ("methode", "texte"),
                ("bulletins", "entier"),
                ("budget", "decimal"),
                ("cout_laureats", "decimal"),
                ("laureats", "entier"),
            ),
            lignes=lignes(_enveloppes_lignes),
            nom_fichier="budget-participatif-resultats.csv",
        ),
        RessourceAutomatique(
            titre="Voix et sélection par projet (pabulib PROJECTS)",
            description="Chaque projet soumis au vote, ses voix et s'il est lauréat "
            "(« selected »), dans l'ordre de sélection (« rang ») ; colonnes de la section "
            "PROJECTS du format pabulib.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("enveloppe", "texte"),
                ("rule", "texte"),
                ("project_id", "texte"),
                ("name", "texte"),
                ("category", "texte"),
                ("cost", "decimal"),
                ("votes", "entier"),
                ("selected", "booleen"),
                ("rang", "entier"),
            ),
            lignes=lignes(_resultats_lignes),
            nom_fichier="budget-participatif-projets-voix.csv",
        ),
        RessourceAutomatique(
            titre="Participation",
            description="Les compteurs publics de participation : total, par canal, par "
            "tranche d'âge et par commune (code INSEE) des votants.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("dimension", "texte"),
                ("valeur", "texte"),
                ("votants", "entier"),
            ),
            lignes=lignes(_participation_lignes),
            nom_fichier="budget-participatif-participation.csv",
        ),
        RessourceAutomatique(
            titre="Bulletins (pabulib VOTES)",
            description="L'urne : un bulletin par ligne, les numéros des projets approuvés, "
            "numérotés dans un ordre aléatoire (section VOTES du format pabulib) ; chacun "
            "peut recompter. Rien n'y relie un bulletin à un votant.",
            colonnes=colonnes(
                ("campagne", "texte"),
                ("enveloppe", "texte"),
                ("voter_id", "entier"),
                ("vote", "texte"),
            ),
            lignes=lignes(_votes_lignes),
            nom_fichier="budget-participatif-bulletins.csv",
        ),
    ]


def _fichiers_pabulib() -> list[FichierAutomatique]:
    """The whole election of each counted enveloppe in the pabulib format (META, PROJECTS,
    VOTES), as the participation module's public ballot-box page serves it."""
    fichiers = []
    for r in selectors.resultats_for_campagnes(selectors.campagnes_resultats_publies()):
        campagne, enveloppe = r.enveloppe.campagne, r.enveloppe
        url = reverse(
            "participation:urne_export",
            kwargs={"campagne_slug": campagne.slug, "urne_id": enveloppe.pk},
        )
        fichiers.append(
            FichierAutomatique(
                titre=f"{campagne.titre} — {enveloppe.nom} (fichier pabulib .pb)",
                nom_fichier=f"{campagne.slug}-{enveloppe.pk}.pb",
                url=f"{url}?format=pabulib",
                format="pabulib",
                norme=PABULIB,
            )
        )
    return fichiers


RESULTATS = JeuAutomatique(
    code="participation.resultats",
    titre="Budget participatif : résultats et bulletins",
    description=(
        "Les résultats publiés du budget participatif (campagnes dont le vote est clos et "
        "dépouillé) : lauréats, voix par projet, participation et l'urne elle-même, au "
        "format des sections PROJECTS et VOTES de pabulib, et le fichier pabulib (.pb) complet "
        "de chaque enveloppe, pour que chacun puisse recompter. "
        "Mis à jour chaque jour."
    ),
    ressources=_resultats,
    themes=("citoyennete",),
    mots_cles="budget participatif, résultats, vote, pabulib, urne",
    frequence="quotidienne",
    fichiers=_fichiers_pabulib,
)
