"""Open data: the SCDL « subventions » file."""

from territoires.core.access import public

from .. import exports


@public
def scdl_export(request):
    try:
        annee = int(request.GET["annee"]) if request.GET.get("annee") else None
    except ValueError:
        annee = None

    return exports.scdl(annee=annee)
