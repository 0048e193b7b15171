"""What every model family shares: the checkpoint folder, thread settings and small TF ops.

:mod:`.checkpoints` and :mod:`.threads` are light (no TensorFlow until a function asks for it);
:mod:`.ops` imports TensorFlow and is only imported by the model modules.
"""
