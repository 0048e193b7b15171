"""Training: data, one resumable training skeleton, and a trainer per model family.

- :mod:`.corpora`: the corpora's licence, credit and split rule (card texts)
- :mod:`.datasets`: corpus → class sequences with fixed splits (the RNNs' data); numpy only
- :mod:`.windows`: corpus → 4-bar windows (the VAEs' data converters); numpy only
- :mod:`.state`: the resumable working folder
- :mod:`.loop`: the one skeleton (state, stopping rules, best weights, CSV log)
- :mod:`.rnn`, :mod:`.vae`, :mod:`.nsynth`: a family's options, training unit and card; ``train(spec, args)``

The command line is ``python -m inference.train <model>`` (``inference/train.py``).
"""
