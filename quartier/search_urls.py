from django.urls import path

from quartier import search

app_name = "search"

urlpatterns = [
    path("", search.search_results, name="results"),
]
