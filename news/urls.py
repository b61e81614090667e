from django.urls import path

from news import calendar, feeds, views

app_name = "news"

urlpatterns = [
    path("aktuelles/", views.PostListView.as_view(), name="post_list"),
    # Feeds and calendar files (news/feeds.py, news/calendar.py). Their names end in .xml and
    # .ics, which no slug can: a post or event may be called "feed" or "kalender".
    path("aktuelles/feed.xml", feeds.PostFeed(), name="post_feed"),
    path("quartiere/<slug:slug>/aktuelles/feed.xml", feeds.DistrictPostFeed(), name="district_post_feed"),
    path("projekte/<slug:slug>/aktuelles/feed.xml", feeds.ProjectPostFeed(), name="project_post_feed"),
    path("termine/kalender.ics", calendar.all_events_calendar, name="event_calendar_all"),
    path("quartiere/<slug:slug>/termine/kalender.ics", calendar.district_calendar, name="district_event_calendar"),
    path("termine/<slug:slug>/kalender.ics", calendar.event_calendar, name="event_calendar"),
    path("aktuelles/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("termine/", views.EventListView.as_view(), name="event_list"),
    path("termine/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
