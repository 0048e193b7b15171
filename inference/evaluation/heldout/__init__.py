"""Held-out evaluation suites: each studio tool's model on music it never saw, next to the
strongest simple baselines and real held-out music, measured the same way in one run.

A ``ModelSpec`` names its suite as ``heldout``; ``python -m inference.evaluate <model>`` runs it
and writes :mod:`.report`'s ``evaluation.json`` and README section into the checkpoint folder.
"""
