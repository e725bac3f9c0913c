"""The HTML review report of an output folder (SPEC: Review and corrections)."""

from pipeline.review.report import REVIEW_DIR, write_review

__all__ = ["REVIEW_DIR", "write_review"]
