app_name = "quartier"

urlpatterns = []
