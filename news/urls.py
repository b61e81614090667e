from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("aktuelles/", views.PostListView.as_view(), name="post_list"),
    path("aktuelles/<slug:slug>/", views.PostDetailView.as_view(), name="post_detail"),
    path("termine/", views.EventListView.as_view(), name="event_list"),
    path("termine/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
]
