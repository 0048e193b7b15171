"""Held-out metrics, the simple baselines every card compares with, and acceptance targets.

- :mod:`.baselines`: bigram, positional mode, mean table, k-NN humanizer, oracle, ``hit_f1``
  (numpy only)
- :mod:`.targets`: the rules a card checks (no numpy)
- :mod:`.rnn`: next-step NLL and accuracy of an event RNN (imports TensorFlow)
- :mod:`.vae`: the VAEs' metrics (TensorFlow through the model and the studio tools' bundle)
"""
