"""ilo-extract: documents in, validated tidy CSVs with provenance out."""

__version__ = "0.1.0"
