"""The public side of membership requests: form, thank-you page, double opt-in."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from partners.membership import services, spam
from partners.membership.forms import MembershipRequestForm
from partners.models import MembershipRequest

FORM_TEMPLATE = "partners/membership_form.html"


def breadcrumbs(title=None):
    """The trail above the page (``core.views.BreadcrumbsMixin``): the form's page, then this one."""
    if title is None:
        return [("", _("Join in"))]
    return [(reverse("membership:request"), _("Join in")), ("", title)]


def page(request, template, context=None, *, title=None, status=200):
    context = {"breadcrumbs": breadcrumbs(title), "hours": settings.MEMBERSHIP_CONFIRM_HOURS, **(context or {})}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def request_form(request):
    if request.method == "GET":
        return page(request, FORM_TEMPLATE, {"form": MembershipRequestForm()})
    form = MembershipRequestForm(request.POST)
    # The honeypot, the fill time and the fields; then the stamp is used up.
    if not form.is_valid() or not form.use_stamp():
        form.refresh_spam_fields()
        return page(request, FORM_TEMPLATE, {"form": form})
    # Checked and counted in one step, before the save (what counts: spam.take_slot).
    if not spam.take_slot(request):
        form.refresh_spam_fields()
        return page(request, FORM_TEMPLATE, {"form": form, "rate_limited": True}, status=429)
    services.membership_request_submit(data=form.service_data())
    # One answer whatever came of it (a new request, a member, a pending request): the
    # page tells nobody what is known about an organisation or an address. The
    # difference goes only into the mail to the address given.
    return redirect("membership:thanks")


def message_page(template, title):
    def view(request):
        return page(request, template, title=title)

    return require_http_methods(["GET", "HEAD"])(view)


def _invalid_link(request, error):
    if isinstance(error, services.ExpiredToken):
        reason, status = "expired", 410
    elif isinstance(error, services.AlreadyConfirmed):
        reason, status = "used", 410
    else:
        reason, status = "unknown", 404
    return page(
        request, "partners/membership_confirm_invalid.html", {"reason": reason}, title=_("Confirmation"), status=status
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms (mail scanners that open links do
    not confirm anything)."""
    if request.method == "POST":
        try:
            services.membership_request_confirm(token=token)
        except services.MembershipRequestError as error:
            return _invalid_link(request, error)
        return redirect("membership:confirmed")
    membership_request = services.membership_request_by_token(token=token)
    if membership_request is None:
        return _invalid_link(request, services.UnknownToken())
    if membership_request.status != MembershipRequest.Status.SUBMITTED:
        return _invalid_link(request, services.AlreadyConfirmed())
    if membership_request.is_expired:
        return _invalid_link(request, services.ExpiredToken())
    return page(
        request,
        "partners/membership_confirm.html",
        {"organisation_name": membership_request.organisation_name},
        title=_("Confirmation"),
    )
