"""System checks of the portal's own settings (``manage.py check``, also with ``--deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that each worker process keeps to itself (locmem) or that keep nothing (dummy):
# the rate limit of the membership form and the error-mail throttle would count per
# process, or not at all.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in UNSHARED_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared by the worker processes: "
            "the rate limit of the membership form counts per process.",
            hint="Set CACHE_URL=redis://host:6379/0 (or db://cache_table); see README.md, Configuration.",
            id="core.W001",
        )
    ]


@register(Tags.caches)
def page_cache_shared(app_configs, **kwargs):
    """The page cache learns of an edit in the process that made it: in a cache of its own,
    every other worker process would go on serving the page as it was."""
    backend = settings.CACHES.get("pages", {}).get("BACKEND", "")
    if settings.DEBUG or not getattr(settings, "PAGE_CACHE", False) or backend not in UNSHARED_CACHES:
        return []
    return [
        Warning(
            f"PAGE_CACHE is on with a cache of each process ({backend.rsplit('.', 1)[-1]}): with more "
            "than one worker process an edit would not reach the pages the other processes keep.",
            hint="Set CACHE_URL (or PAGE_CACHE_URL) to redis://..., or PAGE_CACHE=off; see README.md, Caching.",
            id="core.W011",
        )
    ]
