"""Back office for membership requests: the review queue of the group "Prüfung".

Requests are read-only here; every change goes through ``partners.membership.services``. The
change page of a confirmed request has two buttons, "Approve" and "Reject", each a
view of its own with its own form (``<id>/approve/``, ``<id>/reject/``), allowed only
with the permission ``partners.review_membershiprequest``. A decision page shows the
e-mail to the requester exactly as it will be sent, with the reviewer's personal note
(approval) or reason (rejection); a text changed since the preview shown is previewed
again before anything is sent.

Staff see a request only once it is confirmed (``seen_by_staff()``): a request whose
e-mail address was never confirmed is in no list and opens under no id, nor its history.
The old versions in the history open read-only; reverting to one is refused, since it
would undo a decision past the services.
"""

import copy
import hashlib
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_history import ReadableHistoryAdminMixin
from core.admin_input import SafeAutocompleteSelect
from outbox.models import OutboxMail
from outbox.services import mails_deliver, mails_enqueued
from partners.membership import emails, services
from partners.models import MembershipRequest, Organisation

REVIEW_PERMISSION = "partners.review_membershiprequest"
Status = MembershipRequest.Status


class QueueFilter(admin.SimpleListFilter):
    """The queue opens on the requests waiting for a decision; the decided ones are a
    click away (there is no "all" without asking for it). Unconfirmed requests are not
    among them in any choice: the admin's queryset leaves them out."""

    title = _("status")
    parameter_name = "queue"
    WAITING = "waiting"

    def lookups(self, request, model_admin):
        return [
            (self.WAITING, _("Waiting for a decision")),
            (Status.APPROVED, _("Approved")),
            (Status.REJECTED, _("Rejected")),
            ("all", _("All")),
        ]

    def value(self):
        return super().value() or self.WAITING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.WAITING:
            return queryset.confirmed()
        if value in (Status.APPROVED, Status.REJECTED):
            return queryset.filter(status=value)
        return queryset


def _with_mail_state(message, mails):
    """The decision's message and level, saying whether its mail really went out (the
    send after the commit has tried it; a mail not tried yet is sent now)."""
    mails = mails_deliver(mails)
    if all(mail.status == OutboxMail.Status.SENT for mail in mails):
        note = _("The e-mail to the requester has been sent.") if mails else ""
        return f"{message} {note}".strip(), messages.SUCCESS
    note = _(
        "The e-mail to the requester could not be sent yet and will be retried; "
        "its state is shown under “Outgoing e-mails”."
    )
    return f"{message} {note}", messages.WARNING


def text_key(text):
    """What identifies the text of a mail preview: the same words with other line
    endings or surrounding blanks are the same mail."""
    normalised = (text or "").replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode()).hexdigest()


class DecisionForm(forms.Form):
    """A decision with a mail to the requester: ``mail_field`` names the field whose text
    goes into the mail, ``previewed`` holds the key of the text the preview showed."""

    mail_field = None
    previewed = forms.CharField(widget=forms.HiddenInput, required=False)

    def mail_text(self):
        if self.is_bound:
            field = self[self.mail_field]
            return field.field.to_python(field.data) if not self.errors.get(self.mail_field) else ""
        return self.initial.get(self.mail_field, "")

    def seen_in_preview(self):
        return self.cleaned_data.get("previewed") == text_key(self.cleaned_data.get(self.mail_field))


class ApproveForm(DecisionForm):
    mail_field = "note"
    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_(
            "Leave empty to create a new organisation from the request. Choose one if the organisation "
            "is already in the portal (e.g. as a partner that is not yet a member)."
        ),
    )
    description = forms.CharField(
        label=_("Description of the organisation"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        required=False,
        max_length=3000,
        help_text=_(
            "Shown on the organisation's public page; taken from the request's offer: shorten or correct it. "
            "An existing organisation keeps its own description and gets this one only if it has none."
        ),
    )
    note = forms.CharField(
        label=_("Personal note"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        required=False,
        max_length=3000,
        help_text=_("Optional. Added to the e-mail to the requester, as the preview below shows."),
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        # The safe widget: a posted "abc" shows as not chosen instead of failing.
        field.widget = SafeAutocompleteSelect(MembershipRequest._meta.get_field("organisation"), admin_site)
        field.widget.choices = field.choices
        # The order on the page: where the entry goes, what it says, then the mail.
        self.order_fields(["organisation", "description", "note", "previewed"])


class RejectForm(DecisionForm):
    mail_field = "reason"
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        max_length=3000,
        help_text=_("Required. It is sent to the requester by e-mail; write it to them."),
        error_messages={"required": services.ReasonRequired.message},
    )


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ReadableHistoryAdminMixin, SimpleHistoryAdmin):
    list_display = ["organisation_name", "status", "created_at", "confirmed_at", "decided_at"]
    list_filter = [QueueFilter, "organisation_kind"]
    search_fields = ["organisation_name"]
    ordering = ["-created_at"]
    change_form_template = "admin/partners/membershiprequest/change_form.html"
    fieldsets = [
        (_("Organisation"), {"fields": ["organisation_name", "organisation_kind", "website", "districts", "offer"]}),
        (_("Address"), {"fields": ["street", "postcode", "city"]}),
        (_("Contact person"), {"fields": ["contact_name", "contact_email", "contact_phone", "consent"]}),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "created_at",
                    "confirmed_at",
                    "decided_at",
                    "decided_by",
                    "decided_by_name",
                    "decision_reason",
                    "organisation",
                    "anonymised_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        """Every view of this admin (list, change page, history, decisions) starts here."""
        return super().get_queryset(request).seen_by_staff()

    # Read-only for everyone: a request changes only through the decision buttons.
    def get_readonly_fields(self, request, obj=None):
        # All of them, also for simple_history's version page, which builds its form with
        # change=False (so without the read-only treatment of the change page) and would
        # otherwise fail on the non-editable fields such as ``created_at``.
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting is the purge command's job: it also removes the personal data from the history.
    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        # simple_history falls back to the history rows of an id missing from the
        # queryset; here an unconfirmed (or unknown) request has no history page.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version, read-only. Its POST would save that version over the request
        (e.g. a decided one back to "confirmed"), so it is refused for everyone."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        if not re.fullmatch(r"[0-9]{1,18}", version_id) or self.get_object(request, unquote(object_id)) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="partners_membershiprequest_approve",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="partners_membershiprequest_reject",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_review": request.user.has_perm(REVIEW_PERMISSION)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _change_url(self, obj):
        return reverse("admin:partners_membershiprequest_change", args=[obj.pk], current_app=self.admin_site.name)

    def _decision_view(self, request, object_id, *, form_class, title, template, decide, status, form_kwargs=None):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))  # None for a malformed or unknown id
        if obj is None:
            raise Http404
        if obj.status != Status.CONFIRMED:
            self.message_user(request, services.NotReviewable.message, messages.ERROR)
            return redirect(self._change_url(obj))
        form_kwargs = form_kwargs or {}
        changed_since_preview = False
        if request.method == "POST":
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid() and "decide" in request.POST and form.seen_in_preview():
                try:
                    with mails_enqueued() as mails:
                        message = decide(obj, form.cleaned_data)
                except services.MembershipRequestError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    self.message_user(request, *_with_mail_state(message, mails))
                return redirect(self._change_url(obj))
            changed_since_preview = "decide" in request.POST and form.is_valid()
            # The preview below now shows this text: so says the hidden field.
            data = request.POST.copy()
            data["previewed"] = text_key(form.mail_text())
            form = form_class(data, **form_kwargs)
        else:
            form = form_class(**form_kwargs)
            form.initial["previewed"] = text_key(form.mail_text())
        draft = copy.copy(obj)
        draft.status, draft.decision_reason = status, form.mail_text().strip()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "form": form,
            "preview": emails.decision_preview(request=draft),
            "changed_since_preview": changed_since_preview,
            "media": self.media + form.media,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, template, context)

    def _same_name(self, request, object_id):
        """An organisation already in the portal under the requested name: suggested for linking."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return None
        key = services.normalise_name(obj.organisation_name)
        return next(
            (org for org in Organisation.objects.only("pk", "name") if services.normalise_name(org.name) == key), None
        )

    def approve_view(self, request, object_id):
        def decide(obj, data):
            services.membership_request_approve(
                request=obj,
                by=request.user,
                organisation=data["organisation"],
                description=data["description"],
                note=data["note"],
            )
            return _("The request has been approved; the organisation is now a member.")

        obj = self.get_object(request, unquote(object_id))
        return self._decision_view(
            request,
            object_id,
            form_class=ApproveForm,
            form_kwargs={
                "admin_site": self.admin_site,
                "initial": {
                    "organisation": self._same_name(request, object_id),
                    "description": obj.offer if obj is not None else "",
                },
            },
            title=_("Approve membership request"),
            template="admin/partners/membershiprequest/approve.html",
            decide=decide,
            status=Status.APPROVED,
        )

    def reject_view(self, request, object_id):
        def decide(obj, data):
            services.membership_request_reject(request=obj, by=request.user, reason=data["reason"])
            return _("The request has been rejected.")

        return self._decision_view(
            request,
            object_id,
            form_class=RejectForm,
            title=_("Reject membership request"),
            template="admin/partners/membershiprequest/reject.html",
            decide=decide,
            status=Status.REJECTED,
        )
