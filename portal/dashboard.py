"""The back office's start page: what waits for the member of staff who opens it.

Five boxes, each shown only to whom the admin lets see its model (``has_view_permission``
of the registered admin, so a district editor's narrower admin narrows the boxes too):
membership requests waiting for a decision, drafts, contact persons due for a check,
programmes and projects ending soon, and the latest changes made by others. Each box
names at most ``LIMIT`` entries, says how many there are, and links to the changelist
filtered to exactly those. The queries are a fixed number per box (a count and a list),
whatever the amount of data.

This is the top layer (``portal``): it reads several domain apps, which know nothing of it.
"""

import dataclasses
import datetime

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history import has_history
from funding.models import FundingProgramme
from news.models import Event, Post
from partners.models import ContactPerson, MembershipRequest, Organisation
from projects.models import Project
from quartier.models import District, Office

LIMIT = 5
ENDING_WITHIN_DAYS = 90
REVIEW_AFTER_DAYS = 365

# The content that has drafts, in the order staff meet it.
DRAFT_MODELS = (Project, Organisation, FundingProgramme, District, Office, Post, Event)
# What names an entry of a model in the list of recent changes (its history rows hold it).
LABEL_FIELDS = ("title", "name", "organisation_name", "alt_text")
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclasses.dataclass
class Item:
    label: str
    url: str = ""
    note: str = ""


@dataclasses.dataclass
class Link:
    label: str
    url: str


@dataclasses.dataclass
class Box:
    key: str
    title: str
    count: int | None  # None: the box lists the newest only and counts nothing
    items: list[Item]
    links: list[Link]
    empty: str


def _url(name, *args, query=None):
    try:
        url = reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def _admin_url(model, view, *args, query=None):
    opts = model._meta
    return _url(f"{opts.app_label}_{opts.model_name}_{view}", *args, query=query)


def _change_url(obj):
    return _admin_url(type(obj), "change", quote(obj.pk))


def _may_view(request, model, site):
    model_admin = site._registry.get(model)
    return model_admin is not None and model_admin.has_view_permission(request)


def _queryset(request, model, site):
    """The rows the admin of ``model`` shows this user (a narrower admin, narrower boxes)."""
    return site._registry[model].get_queryset(request)


def _label(obj):
    for name in LABEL_FIELDS:
        value = getattr(obj, name, None)
        if value:
            return str(value)
    return f"{capfirst(obj._meta.verbose_name)} {obj.pk}"


def requests_box(request, site):
    model = MembershipRequest
    if not _may_view(request, model, site):
        return None
    waiting = _queryset(request, model, site).confirmed()
    count = waiting.count()
    rows = waiting.order_by("confirmed_at", "pk").only("pk", "organisation_name", "confirmed_at")[:LIMIT]
    items = [
        Item(
            row.organisation_name,
            _change_url(row),
            _("confirmed %(date)s") % {"date": date_format(timezone.localtime(row.confirmed_at), "SHORT_DATE_FORMAT")}
            if row.confirmed_at
            else "",
        )
        for row in rows
    ]
    return Box(
        "requests",
        _("Membership requests waiting for a decision"),
        count,
        items,
        [Link(_("All waiting requests"), _admin_url(model, "changelist", query={"queue": "waiting"}))],
        _("No request is waiting."),
    )


def drafts_box(request, site):
    models = [model for model in DRAFT_MODELS if _may_view(request, model, site)]
    if not models:
        return None
    count, candidates, links = 0, [], []
    for model in models:
        drafts = _queryset(request, model, site).filter(published=False)
        model_count = drafts.count()
        if not model_count:
            continue
        count += model_count
        label_field = next(name for name in LABEL_FIELDS if hasattr(model, name))
        for row in drafts.order_by("-updated_at", "-pk").only("pk", label_field, "updated_at")[:LIMIT]:
            candidates.append((row.updated_at, row))
        links.append(
            Link(
                f"{capfirst(model._meta.verbose_name_plural)} ({model_count})",
                _admin_url(model, "changelist", query={"published__exact": "0"}),
            )
        )
    candidates.sort(key=lambda pair: pair[0], reverse=True)
    items = [
        Item(_label(row), _change_url(row), capfirst(row._meta.verbose_name)) for _changed, row in candidates[:LIMIT]
    ]
    return Box("drafts", _("Drafts"), count, items, links, _("No drafts."))


def review_box(request, site, today):
    model = ContactPerson
    if not _may_view(request, model, site):
        return None
    cutoff = today - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    due = _queryset(request, model, site).filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))
    counts = due.aggregate(
        never=Count("pk", filter=Q(last_checked__isnull=True)), old=Count("pk", filter=Q(last_checked__isnull=False))
    )
    rows = due.select_related("organisation").order_by(F("last_checked").asc(nulls_first=True), "name", "pk")[:LIMIT]
    items = [
        Item(
            str(row),
            _change_url(row),
            _("last checked %(date)s") % {"date": date_format(row.last_checked, "SHORT_DATE_FORMAT")}
            if row.last_checked
            else _("never checked"),
        )
        for row in rows
    ]
    links = []
    if counts["never"]:
        links.append(
            Link(
                _("Never checked (%(count)d)") % {"count": counts["never"]},
                _admin_url(model, "changelist", query={"last_checked__isnull": "True"}),
            )
        )
    if counts["old"]:
        links.append(
            Link(
                _("Checked over a year ago (%(count)d)") % {"count": counts["old"]},
                _admin_url(model, "changelist", query={"last_checked__lt": cutoff.isoformat()}),
            )
        )
    return Box(
        "review",
        _("Contact persons due for a check"),
        counts["never"] + counts["old"],
        items,
        links,
        _("Every contact person has been checked within the last year."),
    )


def ending_box(request, site, today):
    until = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    sources = [
        (FundingProgramme, "period_end"),
        (Project, "end"),
    ]
    sources = [(model, field) for model, field in sources if _may_view(request, model, site)]
    if not sources:
        return None
    count, candidates, links = 0, [], []
    for model, field in sources:
        ending = _queryset(request, model, site).filter(**{f"{field}__gte": today, f"{field}__lte": until})
        model_count = ending.count()
        if not model_count:
            continue
        count += model_count
        label_field = next(name for name in LABEL_FIELDS if hasattr(model, name))
        for row in ending.order_by(field, "pk").only("pk", label_field, field)[:LIMIT]:
            candidates.append((getattr(row, field), row))
        query = {f"{field}__gte": today.isoformat(), f"{field}__lte": until.isoformat()}
        links.append(
            Link(
                f"{capfirst(model._meta.verbose_name_plural)} ({model_count})",
                _admin_url(model, "changelist", query=query),
            )
        )
    candidates.sort(key=lambda pair: (pair[0], pair[1]._meta.model_name))
    items = [
        Item(
            _label(row),
            _change_url(row),
            _("%(kind)s, ends %(date)s")
            % {"kind": capfirst(row._meta.verbose_name), "date": date_format(end, "SHORT_DATE_FORMAT")},
        )
        for end, row in candidates[:LIMIT]
    ]
    return Box(
        "ending",
        ngettext("Ending in the next %(days)d day", "Ending in the next %(days)d days", ENDING_WITHIN_DAYS)
        % {"days": ENDING_WITHIN_DAYS},
        count,
        items,
        links,
        _("No programme or project ends in this time."),
    )


def _history_models(request, site):
    return [
        model
        for model in site._registry
        if has_history(model) and any(hasattr(model, name) for name in LABEL_FIELDS) and _may_view(request, model, site)
    ]


def changes_box(request, site):
    """The newest history rows written by other staff (not by this user, not by the
    system), of entries this user may see; one query per model. Deleted entries are left
    out: whose they were is no longer known."""
    models = _history_models(request, site)
    if not models:
        return None
    rows = []
    for model in models:
        label_field = next(name for name in LABEL_FIELDS if hasattr(model, name))
        ids = _queryset(request, model, site).values("pk")
        history = (
            model.history.exclude(history_user_name="")
            .exclude(history_user_id=request.user.pk)
            .filter(id__in=ids)
            .order_by("-history_date", "-history_id")
            .only("history_id", "id", "history_date", "history_type", "history_user_name", label_field)
        )
        rows.extend((row, model) for row in history[:LIMIT])
    rows.sort(key=lambda pair: pair[0].history_date, reverse=True)
    verbs = {
        "created": _("%(user)s created %(kind)s “%(name)s”"),
        "changed": _("%(user)s changed %(kind)s “%(name)s”"),
        "deleted": _("%(user)s deleted %(kind)s “%(name)s”"),
    }
    items = []
    for row, model in rows[:LIMIT]:
        verb = verbs[HISTORY_TYPES.get(row.history_type, "changed")]
        text = verb % {"user": row.history_user_name, "kind": model._meta.verbose_name, "name": _label(row)}
        url = _admin_url(model, "history", quote(row.id))
        when = date_format(timezone.localtime(row.history_date), "SHORT_DATETIME_FORMAT")
        items.append(Item(text, url, when))
    return Box("changes", _("Recent changes by others"), None, items, [], _("No changes by others yet."))


def dashboard(request, site=None, *, today=None):
    """The boxes of the start page for ``request.user``, in their order; None left out."""
    site = site or admin.site
    today = today or timezone.localdate()
    boxes = [
        requests_box(request, site),
        drafts_box(request, site),
        review_box(request, site, today),
        ending_box(request, site, today),
        changes_box(request, site),
    ]
    return [box for box in boxes if box is not None]
