from django.conf import settings


def ui(request):
    return {"branding": settings.TERRITOIRES_BRANDING}
