"""Services of the publication: datasets, moderation, versions and their diff, counters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from territoires.core.models import Evenement, Notification
from territoires.opendata import services, tabulaire
from territoires.opendata.models import Compteur, JeuDeDonnees, Theme, VersionRessource
from territoires.opendata.tabulaire import Colonne
from tests.comptes.factories import MembreFactory

from .publication_fixtures import (
    EQUIPEMENTS,
    columns,
    csv_file,
    published_version,
    rows_csv,
)

pytestmark = pytest.mark.django_db


def test_datasets_get_unique_slugs_never_a_reserved_one(producteur):
    org, user = producteur.organisation, producteur.user
    a = services.dataset_create(organisation=org, actor=user, titre="Équipements sportifs")
    b = services.dataset_create(organisation=org, actor=user, titre="Équipements sportifs")
    c = services.dataset_create(organisation=org, actor=user, titre="Nouveau")
    assert (a.slug, b.slug) == ("equipements-sportifs", "equipements-sportifs-2")
    assert c.slug == "nouveau-2"
    assert a.titre_recherche == "equipements sportifs"
    with pytest.raises(ValidationError):
        services.dataset_create(organisation=org, actor=user, titre="  ")


def test_update_is_journalised_and_checks_the_period(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Budget"
    )
    services.dataset_update(jeu=jeu, actor=producteur.user, titre="Budget primitif")
    evenement = Evenement.objects.filter(action=Evenement.Action.MODIFICATION).latest("pk")
    assert evenement.acteur == producteur.user
    assert "Budget primitif" in str(evenement.changes)
    sport = Theme.objects.get(slug="sport")
    services.dataset_update(jeu=jeu, actor=producteur.user, themes=[sport])
    evenement = Evenement.objects.filter(action=Evenement.Action.MODIFICATION).latest("pk")
    assert evenement.description == "Modification : thèmes : Sport et loisirs"
    with pytest.raises(ValidationError, match="fin de la période"):
        services.dataset_update(
            jeu=jeu,
            actor=producteur.user,
            periode_debut=datetime.date(2025, 1, 1),
            periode_fin=datetime.date(2024, 1, 1),
        )


def test_a_dataset_without_a_published_file_cannot_be_published(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Vide"
    )
    with pytest.raises(ValidationError, match="au moins une ressource"):
        services.dataset_publish(jeu=jeu, actor=producteur.user)


def test_first_publication_is_moderated_the_next_are_direct(producteur, responsable):
    jeu, _ = published_version(producteur)
    services.dataset_publish(jeu=jeu, actor=producteur.user)
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.EN_MODERATION
    assert Notification.objects.filter(destinataire=responsable, titre__contains="modérer")
    assert Notification.objects.filter(destinataire=producteur.user, titre__contains="attend")

    # The producer cannot accept their own dataset.
    with pytest.raises(Exception):  # noqa: B017, PT011 — PermissionDenied
        services.dataset_moderate(jeu=jeu, actor=producteur.user, accepter=True)
    services.dataset_moderate(jeu=jeu, actor=responsable, accepter=True)
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.PUBLIE and jeu.publie_le
    assert Notification.objects.filter(destinataire=producteur.user, titre__contains="publié")

    second, _ = published_version(producteur, titre="Deuxième jeu")
    services.dataset_publish(jeu=second, actor=producteur.user)
    second.refresh_from_db()
    assert second.statut == JeuDeDonnees.Statut.PUBLIE


def test_send_back_needs_a_reason_and_unpublish_too(producteur, responsable):
    jeu, _ = published_version(producteur)
    services.dataset_publish(jeu=jeu, actor=producteur.user)
    with pytest.raises(ValidationError, match="corriger"):
        services.dataset_moderate(jeu=jeu, actor=responsable, accepter=False, motif=" ")
    services.dataset_moderate(
        jeu=jeu, actor=responsable, accepter=False, motif="Décrivez les colonnes."
    )
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.BROUILLON
    changement = Evenement.objects.filter(action=Evenement.Action.CHANGEMENT_ETAT).latest("pk")
    assert changement.motif == "Décrivez les colonnes."
    # Sent back, published again: still the organisation's first publication.
    services.dataset_publish(jeu=jeu, actor=producteur.user)
    services.dataset_moderate(jeu=jeu, actor=responsable, accepter=True)
    with pytest.raises(ValidationError, match="motif"):
        services.dataset_unpublish(jeu=jeu, actor=responsable, motif="")
    services.dataset_unpublish(jeu=jeu, actor=responsable, motif="Données personnelles")
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.DEPUBLIE
    assert Notification.objects.filter(destinataire=producteur.user, texte="Données personnelles")
    # An unpublished dataset goes back through moderation.
    services.dataset_publish(jeu=jeu, actor=producteur.user)
    jeu.refresh_from_db()
    assert jeu.statut == JeuDeDonnees.Statut.EN_MODERATION


def test_a_french_excel_csv_is_previewed_then_loaded_with_the_corrected_types(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Équipements"
    )
    version = services.resource_add(
        jeu=jeu, actor=producteur.user, titre="Liste", fichier=csv_file()
    )
    assert (version.format, version.encodage, version.separateur) == ("csv", "cp1252", ";")
    detected = {c["nom"]: c["type_detecte"] for c in version.colonnes}
    assert detected["surface"] == "decimal"
    assert detected["ouverture"] == "date"
    assert version.statut == VersionRessource.Statut.A_VERIFIER
    assert version.document.organisation == producteur.organisation

    # The secretary says the postcode is a text, not a number.
    version = services.version_confirm(
        version=version, actor=producteur.user, colonnes=columns(version, code_postal="texte")
    )
    assert version.statut == VersionRessource.Statut.PRETE
    assert (version.nb_lignes, version.lignes_ajoutees, version.lignes_retirees) == (3, 3, 0)
    assert version.ressource.version_courante == version
    colonnes = [Colonne(c["nom"], c["type"]) for c in version.colonnes]
    rows = list(tabulaire.rows_stream(cle=version.table, colonnes=colonnes, tri=["nom"]))
    assert rows[0][0] == "Gymnase" and rows[0][1] == "32700"
    assert Decimal(str(rows[1][2])) == Decimal("420.25")
    assert version.table == f"v{version.pk}"


def test_a_reading_error_refuses_the_version_and_keeps_the_current_one(producteur):
    jeu, premiere = published_version(producteur, code_postal="texte")
    ressource = premiere.ressource
    seconde = services.version_upload(
        ressource=ressource,
        actor=producteur.user,
        fichier=csv_file(EQUIPEMENTS.replace(b"7200,5", b"beaucoup")),
    )
    seconde = services.version_confirm(
        version=seconde, actor=producteur.user, colonnes=columns(seconde, surface="decimal")
    )
    assert seconde.statut == VersionRessource.Statut.REFUSEE
    erreur = seconde.validation["erreurs"][0]
    assert (erreur["ligne"], erreur["colonne"], erreur["valeur"]) == (2, "surface", "beaucoup")
    assert seconde.validation["message"]
    ressource.refresh_from_db()
    assert ressource.version_courante == premiere
    # Nothing of the refused file was kept in the storage.
    with pytest.raises(Exception):  # noqa: B017, PT011
        tabulaire.rows_count(
            cle=f"v{seconde.pk}", colonnes=[Colonne(c["nom"], c["type"]) for c in seconde.colonnes]
        )
    # The same file again, as text: accepted.
    reprise = services.version_retry(version=seconde, actor=producteur.user)
    assert reprise.document == seconde.document and reprise.numero == 3
    reprise = services.version_confirm(
        version=reprise, actor=producteur.user, colonnes=columns(reprise, surface="texte")
    )
    assert reprise.statut == VersionRessource.Statut.PRETE


def test_a_new_version_says_what_changed(producteur):
    ancien = rows_csv(["a;1", "b;2", "c;3", "c;3"])
    nouveau = rows_csv(["a;1", "c;3", "d;4", "e;5"])
    jeu, v1 = published_version(producteur, content=ancien)
    v2 = services.version_upload(
        ressource=v1.ressource, actor=producteur.user, fichier=csv_file(nouveau, "v2.csv")
    )
    v2 = services.version_confirm(version=v2, actor=producteur.user, colonnes=columns(v2))
    assert v2.numero == 2
    assert (v2.lignes_ajoutees, v2.lignes_retirees) == (2, 2), v2.validation
    v1.refresh_from_db()
    assert v1.statut == VersionRessource.Statut.PRETE and v1.document  # still downloadable


def test_a_hostile_or_oversized_file_is_refused_and_nothing_stored(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Test"
    )
    with pytest.raises(ValidationError):
        services.resource_add(
            jeu=jeu, actor=producteur.user, titre="x", fichier=csv_file(b"MZ\x90\x00" * 50)
        )
    with override_settings(DONNEES_TAILLE_MAX=10):
        with pytest.raises(ValidationError, match="taille maximale"):
            services.resource_add(jeu=jeu, actor=producteur.user, titre="x", fichier=csv_file())
    assert not jeu.ressources.exists()
    assert not VersionRessource.objects.exists()


def test_data_files_may_be_bigger_than_attachments(producteur, settings):
    settings.DOCUMENT_MAX_SIZE = 100
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Gros"
    )
    version = services.resource_add(jeu=jeu, actor=producteur.user, titre="x", fichier=csv_file())
    assert version.document.taille > 100


def test_rows_of_a_module_become_the_current_version(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation,
        actor=None,
        titre="Subventions",
        source_module="aides.subventions",
    )
    ressource = services.resource_create(jeu=jeu, actor=None, titre="Subventions attribuées")
    colonnes = [Colonne("beneficiaire", "texte"), Colonne("montant", "decimal"),
                Colonne("date", "date")]  # fmt: skip
    lignes = [("=Lectoure", Decimal("1200.50"), datetime.date(2025, 3, 1)),
              ("Auch", Decimal("300"), datetime.date(2025, 4, 2))]  # fmt: skip
    version = services.version_create_from_rows(
        ressource=ressource, colonnes=colonnes, lignes=iter(lignes), nom_fichier="subventions.csv"
    )
    assert version.statut == VersionRessource.Statut.PRETE and version.nb_lignes == 2
    contenu = version.document.fichier.open("rb").read().decode("utf-8-sig")
    assert contenu.splitlines()[0] == "beneficiaire;montant;date"
    assert "'=Lectoure;1200.50;2025-03-01" in contenu  # formulas neutralised in the file
    stored = list(tabulaire.rows_stream(cle=version.table, colonnes=colonnes))
    assert {r[0] for r in stored} == {"=Lectoure", "Auch"}  # the data itself is kept
    # Same rows again: nothing added nor removed. Files cannot be deposited on it.
    again = services.version_create_from_rows(
        ressource=ressource, colonnes=colonnes, lignes=lignes, nom_fichier="subventions.csv"
    )
    assert (again.numero, again.lignes_ajoutees, again.lignes_retirees) == (2, 0, 0)
    with pytest.raises(ValidationError, match="automatiquement"):
        services.version_upload(ressource=ressource, actor=None, fichier=csv_file())


def test_counters_of_the_day(producteur):
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Compté"
    )
    services.count_download(jeu=jeu)
    services.count_download(jeu=jeu)
    services.count_api_call(jeu=jeu)
    compteur = Compteur.objects.get(jeu=jeu)
    assert (compteur.telechargements, compteur.appels_api) == (2, 1)


def test_a_chart_takes_a_numeric_column(producteur):
    jeu, version = published_version(producteur, content=rows_csv(["a;1", "b;2"]))
    ressource = version.ressource
    with pytest.raises(ValidationError, match="nombres"):
        services.resource_chart_set(
            ressource=ressource, actor=producteur.user, type="barres", x="valeur", y="nom"
        )
    services.resource_chart_set(
        ressource=ressource, actor=producteur.user, type="barres", x="nom", y="valeur"
    )
    ressource.refresh_from_db()
    assert ressource.graphique == {"type": "barres", "x": "nom", "y": "valeur"}


def test_another_member_of_the_organisation_takes_over(producteur):
    collegue = MembreFactory(organisation=producteur.organisation).user
    jeu, _ = published_version(producteur)
    assert collegue.has_perm("opendata.change_jeudedonnees", jeu)
    assert not MembreFactory().user.has_perm("opendata.change_jeudedonnees", jeu)


def test_a_declared_schema_is_checked_before_publication(producteur):
    from .test_validation import ENTETE, _ligne

    valide = (ENTETE + "\n" + _ligne() + "\n").encode()
    jeu = services.dataset_create(
        organisation=producteur.organisation, actor=producteur.user, titre="Subventions"
    )
    version = services.resource_add(
        jeu=jeu,
        actor=producteur.user,
        titre="Subventions 2026",
        schema="scdl-subventions",
        fichier=csv_file(valide, "subventions.csv"),
    )
    # The schema's types are proposed on the preview.
    assert {c["nom"]: c["type"] for c in version.colonnes}["dateConvention"] == "date"
    version = services.version_confirm(
        version=version, actor=producteur.user, colonnes=columns(version)
    )
    assert version.statut == VersionRessource.Statut.PRETE and version.conforme
    assert version.validation["valide"] is True

    mauvais = (ENTETE + "\n" + _ligne(idAttribuant="123") + "\n").encode()
    seconde = services.version_upload(
        ressource=version.ressource, actor=producteur.user, fichier=csv_file(mauvais, "s.csv")
    )
    seconde = services.version_confirm(
        version=seconde, actor=producteur.user, colonnes=columns(seconde)
    )
    assert seconde.statut == VersionRessource.Statut.REFUSEE and not seconde.conforme
    assert "scdl-subventions" in seconde.validation["message"]
    assert [e["colonne"] for e in seconde.validation["erreurs"]] == ["idAttribuant"]
    assert seconde.validation["erreurs"][0]["ligne"] == 2
    # Without the schema, the same file is published (not conforming).
    troisieme = services.version_retry(version=seconde, actor=producteur.user)
    troisieme = services.version_confirm(
        version=troisieme, actor=producteur.user, colonnes=columns(troisieme), schema=""
    )
    assert troisieme.statut == VersionRessource.Statut.PRETE and not troisieme.conforme
    with pytest.raises(ValidationError, match="schéma livré"):
        services.resource_create(jeu=jeu, actor=producteur.user, titre="x", schema="inconnu")
