"""Demonstration: datasets deposited by the demo commune and the EPCI (`demo charger`).

Files are generated (fixed seed) as their producers would deposit them — a French Excel CSV
(Windows-1252, `;`, decimal comma) with latitude/longitude for the sports facilities, a
monthly attendance of the media library for a chart, the glass collection points of the
EPCI — and go through the same services as the screens (guard, reading, types, storage).
The commune's first dataset is accepted by the data officer; the EPCI's waits in the
moderation queue. Idempotent: a dataset whose title exists for its producer is left as is.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from territoires.comptes.models import User
from territoires.instances import profil_courant
from territoires.referentiel import maps

from .models import JeuDeDonnees, Theme
from .services import (
    dataset_create,
    dataset_moderate,
    dataset_publish,
    resource_add,
    resource_chart_set,
    themes_ensure,
    version_confirm,
)

GRAINE = 2026
SECRETAIRE = "secretaire@territoires.test"
AGENT_EPCI = "agent.epci@territoires.test"
RESPONSABLE = "donnees@territoires.test"
EQUIPEMENTS = (
    ("Stade municipal", "Terrain de football", 7200),
    ("Gymnase du collège", "Salle multisports", 1100),
    ("Court de tennis des Tilleuls", "Court de tennis", 650),
    ("Piscine d'été", "Bassin de natation", 420),
    ("Boulodrome couvert", "Terrain de pétanque", 800),
    ("City-stade", "Plateau multisports", 600),
    ("Parcours de santé", "Parcours sportif", 2500),
    ("Dojo", "Salle d'arts martiaux", 240),
)
ROUTES = ("du Moulin", "des Vignes", "de la Gare")


def _centre(code: str | None) -> tuple[float, float]:
    """(latitude, longitude) of the middle of the commune's shipped contour."""
    geometry = maps.commune_contours().get(code or "") if code else None
    if not geometry:
        return profil_courant().centre  # the Département's middle, when no contour is shipped
    points = []
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        points += polygon[0]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _decimal_fr(value) -> str:
    return str(value).replace(".", ",")


def _equipements_csv(rng: random.Random, commune_nom: str, centre) -> bytes:
    lignes = ["nom;type;surface_m2;latitude;longitude;accessible_pmr;mis_en_service"]
    for nom, type_, surface in EQUIPEMENTS:
        lat = round(centre[0] + rng.uniform(-0.01, 0.01), 6)
        lon = round(centre[1] + rng.uniform(-0.01, 0.01), 6)
        service = datetime.date(rng.randint(1975, 2022), rng.randint(1, 12), 1)
        lignes.append(
            f"{nom};{type_};{_decimal_fr(Decimal(surface) + Decimal(rng.randint(0, 9)) / 10)};"
            f"{_decimal_fr(lat)};{_decimal_fr(lon)};{rng.choice(['oui', 'non'])};"
            f"{service.strftime('%d/%m/%Y')}"
        )
    return ("\r\n".join(lignes) + "\r\n").encode("cp1252")


def _mediatheque_csv(rng: random.Random, annee: int) -> bytes:
    lignes = ["mois;entrees;prets;inscrits"]
    for numero in range(1, 13):
        saison = 0.7 if numero in (7, 8) else 1.0
        entrees = int(rng.randint(900, 1400) * saison)
        lignes.append(
            f"{annee}-{numero:02d}-01;{entrees};{int(entrees * rng.uniform(1.1, 1.6))};"
            f"{rng.randint(480, 560)}"
        )
    return ("\n".join(lignes) + "\n").encode("utf-8")


def _verre_csv(rng: random.Random, centre) -> bytes:
    lignes = ["identifiant,adresse,latitude,longitude,volume_litres"]
    for numero in range(1, 16):
        lat = round(centre[0] + rng.uniform(-0.06, 0.06), 6)
        lon = round(centre[1] + rng.uniform(-0.06, 0.06), 6)
        lignes.append(
            f"PAV-{numero:03d},{rng.randint(1, 40)} route {rng.choice(ROUTES)},"
            f"{lat},{lon},{rng.choice([3000, 4000])}"
        )
    return ("\n".join(lignes) + "\n").encode("utf-8")


def _publish_file(*, organisation, actor, titre, description, themes, fichier, nom, ressource,
                  **champs):  # fmt: skip
    if JeuDeDonnees.objects.filter(organisation=organisation, titre=titre).exists():
        return None
    jeu = dataset_create(
        organisation=organisation,
        actor=actor,
        titre=titre,
        description=description,
        themes=list(Theme.objects.filter(slug__in=themes)),
        **champs,
    )
    version = resource_add(
        jeu=jeu, actor=actor, titre=ressource, fichier=SimpleUploadedFile(nom, fichier)
    )
    version_confirm(
        version=version,
        actor=actor,
        colonnes=[{"nom": c["nom"], "type": c["type"]} for c in version.colonnes],
    )
    version.refresh_from_db()
    return jeu, version


def charger(*, organisations: dict, stdout) -> None:
    themes_ensure()
    users = {
        u.email: u for u in User.objects.filter(email__in=[SECRETAIRE, AGENT_EPCI, RESPONSABLE])
    }
    secretaire, agent_epci = users.get(SECRETAIRE), users.get(AGENT_EPCI)
    responsable = users.get(RESPONSABLE)
    commune, epci = organisations.get("commune"), organisations.get("epci")
    if not (secretaire and agent_epci and responsable and commune and epci):
        return
    rng = random.Random(GRAINE)  # noqa: S311 — reproducible demo data
    annee = timezone.localdate().year - 1
    centre = _centre(commune.commune.code if commune.commune_id else None)
    created = 0

    sport = _publish_file(
        organisation=commune,
        actor=secretaire,
        titre="Équipements sportifs",
        description="Les équipements sportifs de la commune, avec leur surface, leur "
        "accessibilité aux personnes à mobilité réduite et leur position.",
        themes=["sport"],
        fichier=_equipements_csv(rng, commune.nom, centre),
        nom="equipements_sportifs.csv",
        ressource="Liste des équipements sportifs",
        frequence=JeuDeDonnees.Frequence.ANNUELLE,
        contact="mairie@territoires.test",
        communes=[commune.commune] if commune.commune_id else [],
    )
    if sport:
        created += 1
        dataset_publish(jeu=sport[0], actor=secretaire)
        dataset_moderate(jeu=sport[0], actor=responsable, accepter=True, motif="Jeu complet.")

    media = _publish_file(
        organisation=commune,
        actor=secretaire,
        titre="Fréquentation de la médiathèque",
        description=f"Entrées, prêts et inscrits de la médiathèque, mois par mois ({annee}).",
        themes=["culture"],
        fichier=_mediatheque_csv(rng, annee),
        nom="mediatheque.csv",
        ressource=f"Fréquentation mensuelle {annee}",
        frequence=JeuDeDonnees.Frequence.MENSUELLE,
        periode_debut=datetime.date(annee, 1, 1),
        periode_fin=datetime.date(annee, 12, 31),
    )
    if media:
        created += 1
        ressource = media[1].ressource
        resource_chart_set(
            ressource=ressource, actor=secretaire, type="lignes", x="mois", y="entrees"
        )
        dataset_publish(jeu=media[0], actor=secretaire)

    verre = _publish_file(
        organisation=epci,
        actor=agent_epci,
        titre="Points d'apport volontaire du verre",
        description="Les colonnes à verre de l'intercommunalité.",
        themes=["environnement"],
        fichier=_verre_csv(rng, centre),
        nom="colonnes_verre.csv",
        ressource="Colonnes à verre",
        frequence=JeuDeDonnees.Frequence.IRREGULIERE,
        epcis=[epci.epci] if epci.epci_id else [],
    )
    if verre:
        created += 1
        dataset_publish(jeu=verre[0], actor=agent_epci)  # first of the EPCI: moderation
    if created:
        stdout.write(f"Données ouvertes : {created} jeux de données de démonstration déposés.")
