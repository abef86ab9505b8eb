"""PLOVER events from the dependency parse: lexicon, argument finding and extraction."""
