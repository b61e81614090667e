"""The page cache: public pages rendered once per change, for visitors without a session.

What is cached: the answer to an anonymous GET (or HEAD) of a public page, status 200,
that sets no cookie and used no CSRF token, under a key made of the scheme, host, path
with its full query string, the language and the **generation**.

Exact invalidation: the generation is a random token kept in the pages cache and replaced
on every change of a row that can show on a public page (``post_save``, ``post_delete``
and ``m2m_changed`` of every model except those of ``settings.PAGE_CACHE_IGNORED``). A new
token makes every stored page unreachable at once; nothing is deleted one by one, the
cache's own expiry and eviction free the memory. The token is replaced at the change and
once more after the transaction commits, so a page rendered from the data before the
commit is never stored under the new token.

Moments: what a page shows also changes without an edit, when a scheduled "online
from"/"offline from" passes, at midnight (planned/running/completed, today's events), or
when an event ends. A stored page never outlives the next such moment: every model field
named ``publish_from`` or ``publish_until``, and the fields in
``settings.PAGE_CACHE_MOMENT_FIELDS``, are asked for their next future value once per
generation, and the next local midnight and ``PAGE_CACHE_SECONDS`` cap it too.

Never cached: requests with a session cookie (staff, previews of drafts) or a messages
cookie, other methods than GET/HEAD, the back office, static and media files, answers
other than 200, streaming answers, answers that set a cookie or carry a CSRF token (forms),
answers a view marked private or ``no-cache``.

HTTP: every public answer gets ``Cache-Control: max-age=0, must-revalidate`` (a browser
asks again each time and gets a 304 for an unchanged ETag from Django's
``ConditionalGetMiddleware``); answers for visitors with a session ``private, no-cache``.
"""

import hashlib
import logging
import time
import uuid
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"
# Fields whose future values are moments at which a public page changes by itself.
SCHEDULE_FIELDS = ("publish_from", "publish_until")


def page_cache():
    """The cache alias "pages" (settings.CACHES), else the default cache."""
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


# --- the generation ------------------------------------------------------------------------


def generation():
    """The current token; a new one if the cache lost it (so no page stored before the
    loss can be reached: they were stored under the lost token)."""
    cache = page_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate():
    """Make every stored page unreachable: a new generation."""
    page_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def _invalidate_after_commit():
    invalidate()


def _changed(sender, **kwargs):
    if not watched(sender):
        return
    invalidate()
    using = kwargs.get("using") or "default"
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
        entry[1] is _invalidate_after_commit for entry in connection.run_on_commit
    ):
        transaction.on_commit(_invalidate_after_commit, using=using)


def watched(model):
    """Whether a change of a row of ``model`` invalidates the pages: every model but those
    of ``settings.PAGE_CACHE_IGNORED`` (app labels or ``app_label.ModelName``) and the
    history tables of simple-history (their rows come with a change of a watched row)."""
    if _is_history(model):
        return False
    opts = model._meta
    ignored = getattr(settings, "PAGE_CACHE_IGNORED", ())
    return opts.app_label not in ignored and opts.label not in ignored


def _is_history(model):
    """A history table of simple-history (it copies the fields of the model it tracks)."""
    return getattr(model, "instance_type", None) is not None and model.__name__.startswith("Historical")


def connect_signals():
    """Connected once, in ``CoreConfig.ready``, for every model (the sender is checked)."""
    post_save.connect(_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(_changed, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache_m2m_changed")


def _m2m_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(type(instance), using=kwargs.get("using"))


# --- moments -------------------------------------------------------------------------------


def next_midnight(now):
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()), local.tzinfo)


def _moment_fields():
    """(model, field names) of every model with a field whose future values are moments."""
    extra = {}
    for label in getattr(settings, "PAGE_CACHE_MOMENT_FIELDS", ()):
        model_label, field = label.rsplit(".", 1)
        extra.setdefault(model_label.lower(), []).append(field)
    for model in apps.get_models():
        if _is_history(model):
            continue
        names = [f.name for f in model._meta.concrete_fields if f.name in SCHEDULE_FIELDS]
        names += extra.get(model._meta.label_lower, [])
        if names:
            yield model, names


def next_moment(now):
    """The next moment after ``now`` at which a page may change without an edit: a
    scheduled date of any row, or an event's start or end (one query per model)."""
    moments = []
    for model, fields in _moment_fields():
        aggregates = {name: Min(name, filter=Q(**{f"{name}__gt": now})) for name in fields}
        moments += [value for value in model._default_manager.aggregate(**aggregates).values() if value]
    return min(moments, default=None)


def expiry(now, token):
    """Until when a page filled at ``now`` under ``token`` may be served (a datetime)."""
    cache = page_cache()
    key = f"page-cache:moment:{token}"
    stored = cache.get(key)
    if stored is not None and stored[0] <= now < stored[1]:
        moment = stored[1]
    else:
        found = next_moment(now)
        moment = min(filter(None, (found, next_midnight(now))))
        cache.set(key, (now, moment), max(1, int((moment - now).total_seconds())))
    return min(moment, now + timedelta(seconds=getattr(settings, "PAGE_CACHE_SECONDS", 3600)))


# --- the middleware ------------------------------------------------------------------------


def _bypassed_path(path):
    prefixes = ["/" + settings.ADMIN_URL, settings.STATIC_URL, settings.MEDIA_URL]
    return any(prefix and path.startswith(prefix) for prefix in prefixes)


def anonymous_request(request):
    """A GET/HEAD of a public page by someone without a session or pending messages."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not _bypassed_path(request.path)
    )


def shareable_response(request, response):
    """An answer that is the same for every anonymous visitor."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def cache_key(request, token):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{translation.get_language()}"
    return f"page-cache:page:{token}:{hashlib.sha256(raw.encode()).hexdigest()}"


# Headers not replayed from the cache (set again around a hit, or for one answer only).
_NOT_STORED = {"set-cookie", HEADER.lower()}


class PageCacheMiddleware:
    """Serves and stores the pages (module docstring). Placed after GZip and conditional-GET
    middleware (they compress and answer 304 around hits too) and before the session,
    CSRF and messages middleware (whose cookies it must see)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not anonymous_request(request):
            response = self.get_response(request)
            if "Cache-Control" not in response and not _bypassed_path(request.path):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        use_cache = enabled()
        key = now = token = None
        if use_cache:
            try:
                token = generation()
                key = cache_key(request, token)
                hit = page_cache().get(key)
            except Exception:  # a cache that fails only costs the speed
                logger.exception("Page cache not readable")
                use_cache, hit = False, None
            if hit is not None and hit["expires"] > time.time():
                return self._replay(hit)
            now = timezone.now()
        response = self.get_response(request)
        if not shareable_response(request, response):
            # A page made for this visitor alone (a form's token, a cookie): no shared copy.
            personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            if personal and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_cache_control(response, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if use_cache and request.method == "GET":
            self._store(key, token, now, response)
        return response

    def _store(self, key, token, now, response):
        try:
            until = expiry(now, token)
            seconds = (until - timezone.now()).total_seconds()
            if seconds < 1:
                return
            entry = {
                "status": response.status_code,
                "headers": [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED],
                "content": response.content,
                "expires": until.timestamp(),
            }
            page_cache().set(key, entry, int(seconds))
            response[HEADER] = "miss"
        except Exception:
            logger.exception("Page cache not writable")

    def _replay(self, hit):
        response = HttpResponse(hit["content"], status=hit["status"])
        for name, value in hit["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        return response
