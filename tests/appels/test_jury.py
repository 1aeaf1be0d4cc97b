"""Scores on the weighted grid, masked before one's own, ranking, decision, letters, and the
aid dossier of a selected candidature."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from territoires.aides.models import Dossier
from territoires.appels import exports, selectors, services
from territoires.appels.models import Candidature
from territoires.core.models import Document, Evenement
from tests.hostiles import pdf

from .factories import REPONSES, candidature_deposee, deadline_passee, monde

pytestmark = pytest.mark.django_db


def _noter(w, c, membre, besoins, viabilite):
    besoins_c, viabilite_c = w.criteres
    return services.note_save(
        candidature=c,
        actor=membre,
        valeurs={besoins_c.pk: Decimal(besoins), viabilite_c.pk: Decimal(viabilite)},
    )


def test_note_ponderee_et_bornes():
    w = monde()
    c = candidature_deposee(w)
    note = _noter(w, c, w.jure1, 8, 4)  # (8×3 + 4×1) / 4 = 7
    assert selectors.note_ponderee(note, w.criteres) == Decimal("7.00")
    with pytest.raises(ValidationError, match="se note de 0 à 10"):
        _noter(w, c, w.jure2, 11, 4)
    with pytest.raises(ValidationError, match="n'est pas noté"):
        services.note_save(candidature=c, actor=w.jure2, valeurs={w.criteres[0].pk: Decimal(5)})


def test_seul_le_jury_note_une_candidature_deposee():
    w = monde()
    c = candidature_deposee(w)
    for intrus in (w.candidat, w.gestionnaire):
        with pytest.raises(PermissionDenied):
            _noter(w, c, intrus, 5, 5)
    brouillon = services.candidature_create(
        appel=w.appel,
        organisation=w.autre_candidat.membres.get().organisation,
        actor=w.autre_candidat,
        titre="Brouillon",
    )
    with pytest.raises(PermissionDenied):
        _noter(w, brouillon, w.jure1, 5, 5)


def test_un_membre_ne_voit_les_notes_des_autres_qu_apres_la_sienne():
    w = monde()
    c = candidature_deposee(w)
    _noter(w, c, w.jure1, 8, 4)
    assert selectors.notes_visibles(c, w.jure2) == []
    ligne = selectors.ligne_de(c, w.jure2)
    assert ligne.masquee and ligne.moyenne is None and ligne.rang is None
    _noter(w, c, w.jure2, 6, 2)  # (18 + 2) / 4 = 5
    assert {n.membre_id for n in selectors.notes_visibles(c, w.jure2)} == {w.jure1.pk, w.jure2.pk}
    assert selectors.ligne_de(c, w.jure2).moyenne == Decimal("6.00")
    # The service, which does not judge, sees every score to deliberate.
    assert len(selectors.notes_visibles(c, w.gestionnaire)) == 2


def test_la_page_masque_les_notes_au_membre_qui_n_a_pas_note(client):
    from tests.comptes.factories import login

    w = monde()
    c = candidature_deposee(w)
    _noter(w, c, w.jure1, 8, 4)
    login(client, w.jure2)
    page = client.get(c.get_absolute_url()).content.decode()
    assert "s'afficheront une fois votre note donnée" in page
    assert w.jure1.get_full_name() not in page
    response = client.post(
        f"/appels/candidatures/{c.pk}/noter/",
        {f"critere_{w.criteres[0].pk}": "6", f"critere_{w.criteres[1].pk}": "2,5"},
    )
    assert response.status_code == 302
    page = client.get(c.get_absolute_url()).content.decode()
    assert w.jure1.get_full_name() in page
    assert "Moyenne du jury" in page


def test_classement_par_moyenne_ponderee():
    w = monde()
    a = candidature_deposee(w, titre="A")
    b = candidature_deposee(
        w, organisation=w.autre_candidat.membres.get().organisation, actor=w.autre_candidat,
        titre="B",
    )  # fmt: skip
    _noter(w, a, w.jure1, 5, 5)
    _noter(w, a, w.jure2, 5, 5)
    _noter(w, b, w.jure1, 9, 1)  # 7
    lignes = selectors.classement(w.appel)
    assert [(ligne.candidature.titre, ligne.rang, ligne.moyenne) for ligne in lignes] == [
        ("B", 1, Decimal("7.00")),
        ("A", 2, Decimal("5.00")),
    ]


def test_decision_apres_la_date_limite_avec_motifs_et_lettres():
    w = monde()
    c = candidature_deposee(w)
    with pytest.raises(ValidationError, match="une fois la date limite passée"):
        services.candidature_decide(
            candidature=c, actor=w.gestionnaire, retenue=True, motifs="Projet solide"
        )
    deadline_passee(w.appel)
    c = Candidature.objects.get(pk=c.pk)
    with pytest.raises(ValidationError):
        services.candidature_decide(candidature=c, actor=w.gestionnaire, retenue=True, motifs=" ")
    with pytest.raises(PermissionDenied):
        services.candidature_decide(candidature=c, actor=w.jure2, retenue=True, motifs="x")
    services.candidature_decide(
        candidature=c, actor=w.gestionnaire, retenue=True, motifs="Projet solide et attendu",
        commentaire="Unanimité",
    )  # fmt: skip
    c = Candidature.objects.get(pk=c.pk)
    assert c.statut == Candidature.Statut.RETENUE
    assert Evenement.objects.filter(
        object_id=str(c.pk),
        action=Evenement.Action.CHANGEMENT_ETAT,
        motif="Projet solide et attendu",
    ).exists()
    html = exports.lettre_html(c)
    assert "a <strong>retenu</strong> votre candidature" in html
    assert "Projet solide et attendu" in html
    assert "Unanimité" not in html  # the deliberation stays internal


def test_lettre_de_refus_et_telechargement(client):
    from tests.comptes.factories import login

    w = monde()
    c = candidature_deposee(w)
    deadline_passee(w.appel)
    services.candidature_decide(
        candidature=Candidature.objects.get(pk=c.pk), actor=w.gestionnaire, retenue=False,
        motifs="Le lieu n'est pas ouvert au public",
    )  # fmt: skip
    c = Candidature.objects.get(pk=c.pk)
    html = exports.lettre_html(c)
    assert "n'a <strong>pas retenu</strong>" in html
    assert "recours" in html
    login(client, w.candidat)
    response = client.get(f"/appels/candidatures/{c.pk}/lettre/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    login(client, w.autre_candidat)
    assert client.get(f"/appels/candidatures/{c.pk}/lettre/").status_code == 404


def test_candidature_retenue_devient_un_dossier_d_aide_sans_ressaisie():
    w = monde()
    c = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="Fab Lab"
    )
    services.candidature_save(
        candidature=c,
        actor=w.candidat,
        titre="Fab Lab",
        reponses={q.pk: v for q, v in zip(w.questions, REPONSES, strict=False)},
        fichiers={w.questions[4].pk: SimpleUploadedFile("budget.pdf", pdf(), "application/pdf")},
    )
    services.candidature_submit(candidature=c, actor=w.candidat)
    deadline_passee(w.appel)
    c = Candidature.objects.get(pk=c.pk)
    services.candidature_decide(candidature=c, actor=w.gestionnaire, retenue=True, motifs="Oui")
    c = Candidature.objects.get(pk=c.pk)
    dossier = services.candidature_dossier_create(candidature=c, actor=w.gestionnaire)
    assert dossier.statut == Dossier.Statut.BROUILLON
    assert dossier.organisation == w.association
    assert dossier.dispositif == w.appel.dispositif
    assert dossier.intitule == "Fab Lab"
    assert dossier.cout_ht == Decimal("85000")
    assert dossier.montant_demande == Decimal("25000")
    assert "Le projet : Un Fab Lab à Auch" in dossier.description
    # The candidature's document is in the dossier, copied (its own file, same content).
    budget = c.reponses.get(question__libelle="Budget").document
    copie = Document.objects.get(content_type__model="dossier", object_id=str(dossier.pk))
    assert copie.nom_original == "budget.pdf" and copie.organisation == w.association
    assert copie.fichier.name != budget.fichier.name
    with copie.fichier.open("rb") as a, budget.fichier.open("rb") as b:
        assert a.read() == b.read()
    # Never twice.
    c = Candidature.objects.get(pk=c.pk)
    assert services.candidature_dossier_create(candidature=c, actor=w.gestionnaire) == dossier
    assert Dossier.objects.count() == 1
    # The association's members see their draft in the aid module.
    assert w.candidat.has_perm("aides.change_dossier", dossier)


def test_une_candidature_non_retenue_ne_devient_pas_un_dossier():
    w = monde()
    c = candidature_deposee(w)
    deadline_passee(w.appel)
    c = Candidature.objects.get(pk=c.pk)
    services.candidature_decide(candidature=c, actor=w.gestionnaire, retenue=False, motifs="Non")
    c = Candidature.objects.get(pk=c.pk)
    with pytest.raises(ValidationError, match="Seule une candidature retenue"):
        services.candidature_dossier_create(candidature=c, actor=w.gestionnaire)
