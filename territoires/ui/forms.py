"""The project form renderer: every `{{ form }}` and `{{ form.field.as_field_group }}` renders
a label (with « (obligatoire) » on required fields), the help text and the errors, both tied
to the input by `aria-describedby`; Django adds `aria-invalid="true"` on fields in error.

Templates: `ui/forms/div.html` (a form) and `ui/forms/field.html` (a field). The renderer uses
Django's own template engine for forms, so widget templates keep working unchanged.
"""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "ui/forms/div.html"
    field_template_name = "ui/forms/field.html"
