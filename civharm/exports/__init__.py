"""Exports: every entity (`RECORDS`) in every format (`EXPORTERS`)."""

from civharm.exports.fields import FIELDS
from civharm.exports.rows import RECORDS
from civharm.exports.writers import EXPORTERS

__all__ = ["EXPORTERS", "FIELDS", "RECORDS"]
