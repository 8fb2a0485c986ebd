"""The REST API at /api/v1/: the records of the portal read through the same
selectors as its pages (a partner's token sees what the partner sees), written
through the same services (with the same version check and history)."""
