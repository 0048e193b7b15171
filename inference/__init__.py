"""Music models for Kanade: a plain Python package (never imports Django).

Sub-packages, each importing only those above it:

- ``music``: quantized clips, melody and drum events; ``music.midi_io`` / ``music.midi_budget``
  read and write MIDI files (no TensorFlow)
- ``shared``: the one checkpoint root (``shared.checkpoints``), thread settings, small TF ops
- ``rnn``: the event RNN (Melody RNN, Drums RNN), its sampler and ``rnn.generate``
  (``continue_sequence``, ``melody_rnn_generate``)
- ``vae``: MusicVAE, GrooVAE / Tap2Drum, their shared latent pieces and ``vae.tools`` (the
  studio's ``generate``, ``interpolate``, ``groove``, ``drumify``)
- ``evaluation``: held-out metrics, baselines, acceptance targets
- ``cards``: the model cards training writes
- ``training``: corpora, data converters, the one resumable trainer skeleton, a trainer per family
- ``configs``: ``CONFIG_MAP``, every model by name (network, data, card texts, target)

Commands: ``python -m inference.melody_rnn_generate`` (the lesson's CLI) and
``python -m inference.train <model>`` (``inference.vae_train`` is the same command). TensorFlow
loads only when a model is first built or used. See docs/models.md.
"""

import os

# TensorFlow reads these once, when it is first imported, and otherwise writes start-up notes
# (oneDNN, absl) to stderr: a student running the lesson's command sees only its results.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
