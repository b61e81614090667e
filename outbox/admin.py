"""The outgoing e-mails in the back office: read-only for everyone (nobody edits a
mail's text), sent again with the action "Resend". Superusers see all of them; the
group "Prüfung" sees the mails of its work (decisions, notices of new requests), never
a confirmation link (``OutboxMail.restricted``)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import OutboxMail
from outbox.services import mail_resend

RESEND_PERMISSION = "outbox.resend_outboxmail"


@admin.action(description=_("Resend selected e-mails"), permissions=["resend"])
def resend(modeladmin, request, queryset):
    mails = mail_resend(mails=list(queryset))
    sent = sum(mail.status == OutboxMail.Status.SENT for mail in mails)
    if sent:
        modeladmin.message_user(
            request,
            ngettext("%(count)d e-mail sent.", "%(count)d e-mails sent.", sent) % {"count": sent},
            messages.SUCCESS,
        )
    if sent < len(mails):
        count = len(mails) - sent
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d e-mail could not be sent yet and will be retried.",
                "%(count)d e-mails could not be sent yet and will be retried.",
                count,
            )
            % {"count": count},
            messages.WARNING,
        )


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    actions = [resend]
    fields = [
        "subject",
        "from_email",
        "to",
        "reply_to",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "restricted",
    ]
    readonly_fields = fields

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(restricted=False)

    def has_add_permission(self, request):
        return False

    # Nobody edits a mail; superusers may delete one (the purge deletes old ones).
    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm(RESEND_PERMISSION)
