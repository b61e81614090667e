"""The partners app's back office, one module per sub-domain."""

from partners.admin import membership, organisations  # noqa: F401
