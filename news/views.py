"""Public pages of posts ("Aktuelles") and events ("Termine")."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from core.views import ForgivingPaginationMixin, PublishedMixin
from news.models import Event, Post

POSTS_PER_PAGE = 10


class PostListView(ForgivingPaginationMixin, PublishedMixin, ListView):
    model = Post
    template_name = "news/post_list.html"
    context_object_name = "posts"
    paginate_by = POSTS_PER_PAGE
    page_kwarg = "seite"

    def get_queryset(self):
        return super().get_queryset().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[("", _("News"))], **kwargs)


class PostDetailView(PublishedMixin, DetailView):
    model = Post
    template_name = "news/post_detail.html"
    context_object_name = "post"

    def get_context_data(self, **kwargs):
        crumbs = [(reverse("news:post_list"), _("News")), ("", self.object.title)]
        return super().get_context_data(crumbs=crumbs, **kwargs)


class EventListView(ForgivingPaginationMixin, PublishedMixin, ListView):
    model = Event
    template_name = "news/event_list.html"
    context_object_name = "events"
    paginate_by = POSTS_PER_PAGE
    page_kwarg = "seite"

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[("", _("Events"))], **kwargs)


class EventDetailView(PublishedMixin, DetailView):
    model = Event
    template_name = "news/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        crumbs = [(reverse("news:event_list"), _("Events")), ("", self.object.title)]
        return super().get_context_data(crumbs=crumbs, **kwargs)
