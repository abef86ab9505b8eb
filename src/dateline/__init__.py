"""Dateline: dated news articles to a time-anchored, sourced record of what happened."""

__version__ = "0.1.0"
