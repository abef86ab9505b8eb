"""Offline toponym detection and resolution: gazetteer (index + cache), detect, resolve."""
