"""The portal's addresses plus ``/__floor__/``, the smallest Django view: the floor that
``make bench`` compares every page with (same gunicorn, same middleware). Only the
benchmark's settings (``config/bench_settings.py``) use this module."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__floor__/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
