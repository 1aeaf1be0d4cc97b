from django import forms
from django.contrib.auth import get_user_model

from . import documents


class DocumentField(forms.FileField):
    """A file field that checks size and real content type as the form is validated.

    `cleaned_data[name]` is the uploaded file; pass it to `documents.document_upload`.
    """

    def __init__(self, *, allowed_types=None, **kwargs):
        self.allowed_types = tuple(allowed_types or documents.DEFAULT_FORMATS)
        kwargs.setdefault("help_text", documents.help_text(self.allowed_types))
        kwargs.setdefault("label", "Fichier")
        super().__init__(**kwargs)
        extensions = [
            ext for key in self.allowed_types for ext in documents.FORMATS[key].extensions
        ]
        self.widget.attrs.setdefault("accept", ",".join(extensions))

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            documents.inspect_upload(file, self.allowed_types)
        return file


class DocumentUploadForm(forms.Form):
    fichier = DocumentField()

    def __init__(self, *args, allowed_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_types:
            self.fields["fichier"] = DocumentField(allowed_types=allowed_types)


class NotificationPreferencesForm(forms.Form):
    frequence = forms.ChoiceField(
        label="Recevoir les notifications par courriel",
        choices=get_user_model().FrequenceNotifications.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Les notifications restent toujours visibles dans l'application ; ce choix ne "
            "concerne que les courriels."
        ),
    )
