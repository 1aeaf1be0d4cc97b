"""Messages on a dossier."""

from django.contrib import messages
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from .. import forms, services
from .common import (
    back_to,
    get_dossier,
)


@require_POST
@object_rule_required("aides.message_dossier", get_dossier)
def dossier_message(request, dossier_id, obj):
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data.get("piece_jointe")
        services.message_send(
            dossier=obj,
            actor=request.user,
            texte=form.cleaned_data["texte"],
            fichiers=[fichier] if fichier else [],
        )
        messages.success(request, "Message envoyé.")
    else:
        messages.error(request, "Le message est vide ou la pièce jointe refusée.")
    return back_to(obj)
