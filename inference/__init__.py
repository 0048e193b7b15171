"""Music models for Kanade: a plain Python package (never imports Django).

- ``music``: quantized clips, melody events, the 9 drum classes (no TensorFlow)
- ``midi_io``: validated MIDI reading (``MidiError``) and writing (no TensorFlow)
- ``generate``: ``continue_sequence`` and ``melody_rnn_generate`` (TensorFlow loads lazily)
- ``melody_rnn_generate``: the lesson's CLI; ``train``: the training CLI
- ``rnn``, ``sampler``: the Keras model and the compiled sampling loop (import TensorFlow)

See docs/models.md.
"""
