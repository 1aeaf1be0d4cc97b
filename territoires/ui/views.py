from django.shortcuts import render


def home(request):
    return render(request, "ui/home.html")


def page_not_found(request, exception=None):
    return render(request, "ui/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "ui/403.html", status=403)


def server_error(request):
    return render(request, "ui/500.html", status=500)
