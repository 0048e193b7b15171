"""Model cards, written by training next to the weights: ``card.json`` and ``README.md``.

- :mod:`.rnn`: the event RNNs' cards (held-out NLL and accuracy against a bigram baseline)
- :mod:`.vae`: the VAEs' cards (each model's metrics against its baselines, its target)

Both read the texts that differ between models from the model's ``ModelSpec``
(``inference.configs``), never from tables keyed by model name. No TensorFlow.
"""
