"""The settings of ``make bench`` (scripts/bench.py): the portal's own, served with
``config/bench_urls.py``, which adds the floor view. Never used outside the benchmark."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "config.bench_urls"
