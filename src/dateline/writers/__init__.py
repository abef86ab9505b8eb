"""What Dateline writes out: tables for people (``render.py``), files for other tools
(``export.py``: Parquet, JSONL) and TimeML (``timeml.py``)."""
