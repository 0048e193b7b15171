"""NSynth in the classroom: a timbre autoencoder over single notes (DDSP-style).

* :mod:`.gm` — General MIDI families, pitch ranges and the split by program (no numpy);
* :mod:`.data` — renders the mini-NSynth from GM SoundFonts with FluidSynth, and reads it back;
* :mod:`.features` — per-frame f0, loudness and log-mel features (numpy);
* :mod:`.config` — the network's sizes (``config.json``);
* :mod:`.synth`, :mod:`.model` — the differentiable synthesizer, the spectral loss and the
  autoencoder (TensorFlow: import them lazily);
* :mod:`.timbre` — what a tool calls: load a checkpoint, encode, decode, blend.
"""
