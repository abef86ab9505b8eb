"""Counts and measures: the lexicons, the numeral parser and the extractor behind
the ``dateline_quantities`` component."""
