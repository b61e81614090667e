"""PostgreSQL never holds a request for good: a connect timeout (DB_CONNECT_TIMEOUT) and
a statement timeout (DB_STATEMENT_TIMEOUT_MS) from config.env.database_config."""

import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper

from config.env import database_config


def _wrapper(config, base=None):
    settings_dict = dict(base or connection.settings_dict)
    settings_dict.update({key: config[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")})
    settings_dict["OPTIONS"] = config["OPTIONS"]
    settings_dict["CONN_MAX_AGE"] = 0
    return DatabaseWrapper(settings_dict, alias=connection.alias)  # contrib.postgres looks the alias up


def test_the_defaults_reach_the_postgresql_connection():
    config = database_config(
        "postgres://u@db.example.org:5432/q", conn_max_age=60, connect_timeout=5, statement_timeout_ms=15000
    )
    assert config["OPTIONS"]["connect_timeout"] == 5
    assert config["OPTIONS"]["options"] == "-c statement_timeout=15000"
    sqlite = database_config("sqlite:///x.sqlite3", conn_max_age=60, connect_timeout=5, statement_timeout_ms=15000)
    assert "connect_timeout" not in sqlite.get("OPTIONS", {})


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL only")
def test_the_settings_carry_the_timeouts():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert "statement_timeout=15000" in options["options"]


@pytest.mark.django_db
def test_a_statement_beyond_the_statement_timeout_is_cancelled():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    here = connection.settings_dict
    url = f"postgres://{here['USER']}:{here['PASSWORD']}@{here['HOST'] or '127.0.0.1'}:{here['PORT'] or 5432}/x"
    config = database_config(url, conn_max_age=0, connect_timeout=5, statement_timeout_ms=300)
    config["NAME"] = here["NAME"]
    probe = _wrapper(config)
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="statement timeout"), probe.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 3
        with probe.cursor() as cursor:  # the connection is fine for what is quick
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        probe.close()


@pytest.fixture
def silent_server():
    """A server on 127.0.0.1 that accepts connections and never answers (it hangs up
    after 20 s, so that a client without a timeout fails the test instead of hanging)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()
    accepted = []

    def serve():
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            accepted.append((time.monotonic(), conn))
        for _when, conn in accepted:
            conn.close()

    def hang_up_late():
        while not stop.wait(0.2):
            for when, conn in accepted:
                if time.monotonic() - when > 20:
                    conn.close()

    threads = [threading.Thread(target=serve, daemon=True), threading.Thread(target=hang_up_late, daemon=True)]
    for thread in threads:
        thread.start()
    yield listener.getsockname()[1], accepted
    stop.set()
    for thread in threads:
        thread.join(5)
    listener.close()


@pytest.mark.django_db  # lets the probe connect (pytest-django blocks connections otherwise)
def test_a_server_that_never_answers_fails_within_the_connect_timeout(silent_server):
    port, accepted = silent_server
    config = database_config(
        f"postgres://quartier:secret@127.0.0.1:{port}/quartier",
        conn_max_age=0,
        connect_timeout=2,  # libpq's minimum
        statement_timeout_ms=15000,
    )
    probe = _wrapper(config, base=connection.settings_dict | {"TIME_ZONE": None, "CONN_HEALTH_CHECKS": False})
    started = time.monotonic()
    with pytest.raises(OperationalError, match="timeout"):
        probe.ensure_connection()
    assert accepted, "the client never reached the silent server"
    assert time.monotonic() - started < 6  # 2 s, once more without SSL at most
