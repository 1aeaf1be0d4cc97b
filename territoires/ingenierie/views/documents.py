"""Documents posted from the request's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from ..forms import DocumentForm
from ..services import documents
from .sollicitation import back_to, error_messages, get_sollicitation


@require_POST
@object_rule_required("ingenierie.follow_action", get_sollicitation)
def sollicitation_document(request, sollicitation_id, obj):
    staff = request.user.has_perm("ingenierie.work_sollicitation", obj)
    form = DocumentForm(request.POST, request.FILES, staff=staff)
    if form.is_valid():
        interne = form.cleaned_data.get("interne", False)
        try:
            documents.sollicitation_document_add(
                sollicitation=obj,
                fichier=form.cleaned_data["fichier"],
                actor=request.user,
                interne=interne,
            )
            messages.success(
                request,
                "Document interne ajouté : la collectivité ne le voit pas."
                if interne
                else "Document ajouté : la collectivité le voit.",
            )
        except ValidationError as error:
            error_messages(request, error)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Document : {error}")
    return back_to(obj, "documents")
