"""The VAEs behind the studio's Generate, Interpolate, Groove and Drumify tools.

- :mod:`.config`: ``VaeConfig`` (no TensorFlow; ``inference.configs`` builds its entries from it)
- :mod:`.data`: the 4-bar window and the drum performance tensors (numpy only)
- :mod:`.latent`: what every VAE here shares — posterior head, KL, free bits, step counter, slerp
- :mod:`.musicvae` (MusicVAE) and :mod:`.performance` (GrooVAE, Tap2Drum): the architectures; a
  config's ``family`` names the module that builds it
- :mod:`.models`: build, save and load any of them (imports TensorFlow)
- :mod:`.tools`: the studio tools (cheap to import: TensorFlow loads on first use)

Dependency order: config, data → latent → musicvae, performance → models → tools.
"""
