"""Time expressions: lexicons, tagging, normalization against the document date, event anchoring."""
