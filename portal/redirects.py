"""Old web addresses keep working: when a district, project, organisation or funding
programme gets a new URL name (slug), its old address answers with a permanent redirect
(301) to the new one.

- ``pre_save`` of those models keeps the old slug as a :class:`~portal.models.SlugRedirect`
  pointing to the entry (not to the new slug, so a chain a → b → c leads from a straight
  to c), and drops any old-slug row the entry's new slug equals: an entry that takes an
  old name (itself, renamed back, or a new one) wins over the redirect.
- ``post_delete`` drops the rows of a deleted entry: its old addresses are gone (404).
- :class:`OldSlugRedirectMiddleware` looks a slug up only when a detail page of one of
  these models answered 404 (found through the URL resolver, so the German paths stay in
  the apps' ``urls.py``), and only sends the visitor where they may go: an entry they
  cannot see stays a 404 (no leak of drafts); a draft that staff preview gets a temporary
  redirect (302) instead, since its address may still change before it is published.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, pre_save
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import Resolver404, resolve

from funding.models import FundingProgramme
from partners.models import Organisation
from portal.models import SlugRedirect
from projects.models import Project
from quartier.models import District

# The public detail page (URL name) of each model whose old slugs redirect.
DETAIL_PAGES = {
    "portal:district_detail": District,
    "projects:project_detail": Project,
    "partners:organisation_detail": Organisation,
    "funding:programme_detail": FundingProgramme,
}
MODELS = tuple(DETAIL_PAGES.values())


def keep_old_slug(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures and restores write rows as they were
    content_type = ContentType.objects.get_for_model(sender)
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old == instance.slug:
            return  # a save without a new slug: nothing to keep or to free
        if old:
            SlugRedirect.objects.update_or_create(
                content_type=content_type, old_slug=old, defaults={"object_id": instance.pk}
            )
    if instance.slug:
        SlugRedirect.objects.filter(content_type=content_type, old_slug=instance.slug).delete()


def forget_old_slugs(sender, instance, **kwargs):
    content_type = ContentType.objects.get_for_model(sender)
    SlugRedirect.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def connect_signals():
    for model in MODELS:
        pre_save.connect(keep_old_slug, sender=model, dispatch_uid=f"slug_redirect_keep_{model._meta.label}")
        post_delete.connect(forget_old_slugs, sender=model, dispatch_uid=f"slug_redirect_forget_{model._meta.label}")


def redirect_for(request):
    """The redirect for a request whose detail page was not found, or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    model = DETAIL_PAGES.get(match.view_name)
    slug = match.kwargs.get("slug")
    if model is None or not slug:
        return None
    row = (
        SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(model), old_slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    target = model.objects.visible_to(request.user).filter(pk=row).first() if row else None
    if target is None:
        return None
    url = target.get_absolute_url()
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    public = model.objects.published().filter(pk=target.pk).exists()
    return (HttpResponsePermanentRedirect if public else HttpResponseRedirect)(url)


class OldSlugRedirectMiddleware:
    """A 404 of a detail page whose slug was an entry's old one becomes a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return redirect_for(request) or response
        return response
