import socket
import threading
import time

import pytest

DOWN = "outbox.tests.backends.DownBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = DOWN


@pytest.fixture
def hanging_smtp(settings):
    """A mail server on 127.0.0.1 that accepts connections and never says a word (it
    lets go of each after 8 s, so that a client without a timeout fails slowly, not
    never)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()
    held = []

    def serve():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
                held.append((time.monotonic(), connection))
            except TimeoutError:
                pass
            for item in [item for item in held if time.monotonic() - item[0] > 8]:
                item[1].close()
                held.remove(item)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.getsockname()[1]
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    yield server
    stop.set()
    thread.join()
    for _since, conn in held:
        conn.close()
    server.close()
