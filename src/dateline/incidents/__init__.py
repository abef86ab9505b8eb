"""Violent incidents: who did it, to whom, with what, from a model trained on MUC-4."""
