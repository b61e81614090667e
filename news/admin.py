"""Back office for posts and events: the same rights, history, preview and publication
controls as projects (``PublishableAdmin``), plus "online from"/"offline from"."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_helpers import FORMFIELD_OVERRIDES, HistoryAdmin, PublishableAdmin, image_preview
from core.admin_locking import OptimisticLockInlineMixin
from news.models import Event, Post, PostImage

post_image_preview = image_preview("image", rendition_field="rendition", alt_field="alt_text")
PUBLICATION = (
    _("Publication"),
    {"fields": ["published", ("publish_from", "publish_until"), ("created_at", "updated_at")]},
)


class PostImageInline(OptimisticLockInlineMixin, admin.StackedInline):
    model = PostImage
    extra = 0
    formfield_overrides = FORMFIELD_OVERRIDES
    fields = ["image", "preview", "alt_text", ("caption", "credit"), "position"]
    readonly_fields = ["preview"]
    preview = post_image_preview


@admin.register(Post)
class PostAdmin(PublishableAdmin):
    list_display = ["title", "date", "published", "publish_from", "publish_until"]
    list_filter = ["published", "districts"]
    search_fields = ["title", "teaser", "body"]
    prepopulated_fields = {"slug": ("title",)}
    slug_source = "title"
    date_hierarchy = "date"
    autocomplete_fields = ["districts", "projects", "programmes", "organisations"]
    inlines = [PostImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "teaser", "body", "author"]}),
        (_("Linked with"), {"fields": ["districts", "projects", "programmes", "organisations"]}),
        PUBLICATION,
    ]


@admin.register(PostImage)
class PostImageAdmin(HistoryAdmin):
    list_display = ["alt_text", "post", "credit", "position"]
    list_select_related = ["post"]
    search_fields = ["alt_text", "caption", "credit", "post__title"]
    autocomplete_fields = ["post"]
    readonly_fields = ["preview"]
    fields = ["post", "image", "preview", "alt_text", "caption", "credit", "position"]
    preview = post_image_preview


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "start", "status", "published"]
    list_filter = ["status", "published", "districts"]
    search_fields = ["title", "summary", "description"]
    prepopulated_fields = {"slug": ("title",)}
    slug_source = "title"
    date_hierarchy = "start"
    autocomplete_fields = ["office", "organiser", "districts", "project"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Date"), {"fields": [("start", "end"), "all_day", ("repeat", "repeat_until"), ("status", "status_note")]}),
        (
            _("Place"),
            {
                "fields": [
                    "office",
                    "venue",
                    ("street", "postcode", "city"),
                    ("step_free", "hearing_loop", "sign_language"),
                    "accessibility_note",
                ]
            },
        ),
        (
            _("Cost and registration"),
            {
                "fields": [
                    "cost",
                    "registration",
                    ("registration_url", "registration_email", "registration_phone"),
                    "registration_deadline",
                ]
            },
        ),
        (_("Linked with"), {"fields": ["organiser", "districts", "project"]}),
        PUBLICATION,
    ]
