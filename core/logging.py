"""Error mails that neither flood the admins nor carry personal data.

``ThrottledAdminEmailHandler`` sends at most one mail per distinct error within
``ERROR_MAIL_THROTTLE_MINUTES`` (counted in the cache, so across all worker processes
with a shared cache); the next mail about it says how many were held back.
``PrivateExceptionReporterFilter`` keeps the values of POSTed forms out of every error
report (the membership form carries a contact's name, e-mail and phone; the back
office's forms the contact persons' data) and, for the public pages, the local variables
of the traceback too.
"""

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter

logger = logging.getLogger(__name__)

# Used when the cache itself fails (the errors may be about it): per process.
_fallback_lock = threading.Lock()
_fallback_sent = {}


def error_signature(record):
    """What makes an error distinct: the logger, the exception type and the place it
    was raised (file and line of the innermost frame), or the message's template and
    the place it was logged when there is no exception."""
    parts = [record.name]
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, _exc, tb = record.exc_info
        parts.append(f"{exc_type.__module__}.{exc_type.__qualname__}")
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            parts.append(f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}")
    else:
        parts.append(str(record.msg))
        parts.append(f"{record.pathname}:{record.lineno}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


class ThrottledAdminEmailHandler(AdminEmailHandler):
    """Django's ``AdminEmailHandler``, at most one mail per distinct error per
    ``ERROR_MAIL_THROTTLE_MINUTES`` (default 15)."""

    def _window(self):
        return max(1, int(getattr(settings, "ERROR_MAIL_THROTTLE_MINUTES", 15) * 60))

    def _take(self, signature):
        """(send, held_back): whether this error may be mailed now, and how many of it
        were held back since the last mail."""
        window = self._window()
        sent_key, held_key = f"error-mail:{signature}", f"error-mail-held:{signature}"
        try:
            if cache.add(sent_key, 1, timeout=window):
                held = cache.get(held_key) or 0
                cache.delete(held_key)
                return True, held
            if not cache.add(held_key, 1, timeout=10 * window):
                cache.incr(held_key)
            return False, 0
        except Exception:  # the cache is down: throttle within this process
            now = time.monotonic()
            with _fallback_lock:
                if now - _fallback_sent.get(signature, -window) < window:
                    return False, 0
                _fallback_sent[signature] = now
            return True, 0

    def emit(self, record):
        send, held = self._take(error_signature(record))
        if not send:
            return
        if held:
            record = logging.makeLogRecord(record.__dict__)  # other handlers keep the original
            record.msg = f"{record.msg} [{held} more of this error not mailed]"
        super().emit(record)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter (hides settings and variables marked sensitive) plus: every
    POSTed value is hidden; on the public pages (outside the back office) all local
    variables of the traceback are hidden as well. Like Django's, it is off with DEBUG."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):  # DEBUG: the developer's own page shows everything
            return request.POST
        hidden = request.POST.copy()
        for key in hidden:
            hidden[key] = self.cleansed_substitute
        return hidden

    def _public(self, request):
        return request is not None and not request.path.startswith("/" + settings.ADMIN_URL)

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        if self.is_active(request) and self._public(request):
            return [(name, self.cleansed_substitute) for name, _value in variables]
        return variables
