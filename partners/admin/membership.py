"""Back office for membership requests: the review queue (issue 4)."""
