"""The event RNNs (Melody RNN ``attention_rnn``, Drums RNN ``drum_kit``): one next-event model.

- :mod:`.config`: ``RnnConfig`` (no TensorFlow; ``inference.configs`` builds its entries from it)
- :mod:`.model`: the Keras model, checkpoint save/load (imports TensorFlow)
- :mod:`.sampler`: the compiled sampling loop (imports TensorFlow)
- :mod:`.generate`: ``continue_sequence``, ``melody_rnn_generate``, ``load_sampler`` (cheap to
  import: TensorFlow loads on the first generation call)
"""
