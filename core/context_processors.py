from django.conf import settings


def portal(request):
    """Values every page template needs: the portal's name."""
    return {"SITE_NAME": settings.SITE_NAME}
