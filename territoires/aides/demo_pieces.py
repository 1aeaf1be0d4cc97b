"""The pieces of the demo's filed aid dossiers, one slot per required type of their scheme."""

from .models import Dossier


def pieces_demo(dossiers: list[Dossier]) -> None:
    """The required pieces of the filed DDR and F2D dossiers: one demonstration PDF, stored
    once, attached to each dossier by its own document row; checked (« conforme ») once the
    dossier was declared complete, « à vérifier » before."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoires.core.documents import document_upload
    from territoires.core.exports.pdf import html_to_pdf
    from territoires.core.models import Document

    from .models import PieceDossier, TypePiece

    types = {}
    for type_piece in TypePiece.objects.filter(obligatoire=True):
        types.setdefault(type_piece.dispositif_id, []).append(type_piece)
    deposes = [d for d in dossiers if d.statut != "brouillon" and d.dispositif_id in types]
    if not deposes:
        return
    modele = document_upload(
        file=SimpleUploadedFile(
            "piece-de-demonstration.pdf",
            html_to_pdf("<p>Pièce de démonstration (données fictives).</p>"),
            content_type="application/pdf",
        ),
        owner_organisation=None,
        uploaded_by=None,
    )
    content_type = ContentType.objects.get_for_model(Dossier)
    documents, pieces = [], []
    for dossier in deposes:
        for type_piece in types[dossier.dispositif_id]:
            document = Document(
                fichier=modele.fichier.name,
                nom_original=f"{type_piece.code}-{dossier.numero}.pdf",
                type_mime=modele.type_mime,
                taille=modele.taille,
                sha256=modele.sha256,
                organisation_id=dossier.organisation_id,
                content_type=content_type,
                object_id=str(dossier.pk),
                cree_le=dossier.depose_le,
            )
            documents.append(document)
            statut = "a_verifier" if dossier.statut in ("depose", "incomplet") else "conforme"
            pieces.append(
                PieceDossier(
                    dossier=dossier,
                    type=type_piece,
                    document=document,
                    depose_le=dossier.depose_le,
                    statut=statut,
                )
            )
    Document.objects.bulk_create(documents)
    PieceDossier.objects.bulk_create(pieces)
