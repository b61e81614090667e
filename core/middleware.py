from django.conf import settings


class SecurityHeadersMiddleware:
    """Adds the headers Django 5.2's SecurityMiddleware does not set itself:
    Content-Security-Policy and Permissions-Policy, on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
