"""Semi-amortized inference (Kim et al. 2018) for Interpolate: a few Adam steps on each input's
code, so the code decodes back to the clip it came from more closely than the encoder's guess.

The encoder of a MusicVAE is a fast, approximate answer to "which code explains this clip?"; a
few gradient steps on the decoder's reconstruction loss close much of the gap that is left (the
amortization gap), which is what Interpolate's endpoints need. Numpy only: for the two codes of
an interpolation, TensorFlow spends its time dispatching the thousands of small ops of a
64-step forward and backward pass (about 125 ms a step on one core; XLA runs it in 30 ms but
takes nearly two minutes to compile), while the same maths in numpy takes about 17 ms.
``tests/test_vae_refine.py`` checks the loss and gradient against TensorFlow's on the committed
weights.

The decoder is the one of :class:`inference.vae.musicvae.MusicVAE`: an LSTM (Keras gate order
i, f, c, o) whose state starts at ``tanh(W z)`` and whose input at each step is the previous
event's embedding, ``z`` and the binary step counter, then a softmax over the classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8


@dataclass(frozen=True)
class Refinement:
    """How many Adam steps each code takes, and how far (Adam's first steps move every
    coordinate by about ``learning_rate``, so it is on the scale of the codes)."""

    steps: int
    learning_rate: float


NO_REFINEMENT = Refinement(0, 0.0)


@dataclass(frozen=True)
class DecoderWeights:
    """The decoder's weights as numpy arrays, with its input layout."""

    embedding: np.ndarray  # [classes + 1, E]; the last row is the "start" token
    kernel: np.ndarray  # [E + L + counter bits, 4U]
    recurrent: np.ndarray  # [U, 4U]
    bias: np.ndarray  # [4U]
    state_kernel: np.ndarray  # [L, 2U]: z -> (h, c) through tanh
    state_bias: np.ndarray  # [2U]
    classifier: np.ndarray  # [U, classes]
    classifier_bias: np.ndarray  # [classes]
    counter: np.ndarray  # [64, bits]: the step counter, ±1

    @classmethod
    def of(cls, model) -> DecoderWeights:
        """Copy the weights of a built :class:`~inference.vae.musicvae.MusicVAE`."""
        from .latent import window_counter

        def numpy(variable):
            return np.asarray(variable.numpy(), np.float32)

        cell = model.decoder.cell
        return cls(
            embedding=numpy(model.embedding.embeddings),
            kernel=numpy(cell.kernel),
            recurrent=numpy(cell.recurrent_kernel),
            bias=numpy(cell.bias),
            state_kernel=numpy(model.initial_state.kernel),
            state_bias=numpy(model.initial_state.bias),
            classifier=numpy(model.classifier.kernel),
            classifier_bias=numpy(model.classifier.bias),
            counter=np.asarray(window_counter(1).numpy()[0], np.float32),
        )

    @property
    def units(self) -> int:
        return self.recurrent.shape[0]

    @property
    def latent(self) -> int:
        return self.state_kernel.shape[0]


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow warnings for large |x|


def reconstruction_loss(weights: DecoderWeights, z, tokens, step_weights):
    """Per-row teacher-forced cross-entropy of ``tokens [B, T]`` given codes ``z [B, L]``
    (each step counted by ``step_weights [B, T]``) and its gradient with respect to ``z``."""
    w = weights
    z = np.asarray(z, np.float32)
    tokens = np.asarray(tokens, np.int64)
    step_weights = np.asarray(step_weights, np.float32)
    batch, steps = tokens.shape
    units, embed = w.units, w.embedding.shape[1]
    start = np.full((batch, 1), len(w.embedding) - 1)
    previous = np.concatenate([start, tokens[:, :-1]], axis=1)
    z_rows = w.kernel[embed : embed + w.latent]
    # What does not depend on z is projected once for every step.
    fixed = (
        w.embedding[previous] @ w.kernel[:embed] + w.counter[:steps] @ w.kernel[embed + w.latent :]
    )
    from_z = z @ z_rows + w.bias
    state = np.tanh(z @ w.state_kernel + w.state_bias)
    h, c = state[:, :units], state[:, units:]
    cells, hidden, gates = [c], [], []
    for t in range(steps):
        a = fixed[:, t] + from_z + h @ w.recurrent
        squashed = _sigmoid(a)  # i, f and o; the c gate is a tanh
        i, f, o = squashed[:, :units], squashed[:, units : 2 * units], squashed[:, 3 * units :]
        g = np.tanh(a[:, 2 * units : 3 * units])
        c = f * c + i * g
        h = o * np.tanh(c)
        cells.append(c)
        hidden.append(h)
        gates.append((i, f, g, o))
    hidden = np.stack(hidden, axis=1)
    logits = hidden @ w.classifier + w.classifier_bias
    logits -= logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    chosen = np.take_along_axis(log_probs, tokens[..., None], axis=-1)[..., 0]
    loss = -(chosen * step_weights).sum(axis=1)

    d_logits = np.exp(log_probs)
    np.put_along_axis(
        d_logits, tokens[..., None], np.take_along_axis(d_logits, tokens[..., None], -1) - 1.0, -1
    )
    d_hidden = (d_logits * step_weights[..., None]) @ w.classifier.T
    d_h = np.zeros((batch, units), np.float32)
    d_c = np.zeros((batch, units), np.float32)
    d_from_z = np.zeros((batch, 4 * units), np.float32)
    d_a = np.empty((batch, 4 * units), np.float32)
    for t in reversed(range(steps)):
        i, f, g, o = gates[t]
        d_h = d_h + d_hidden[:, t]
        squashed = np.tanh(cells[t + 1])
        d_c = d_c + d_h * o * (1.0 - squashed * squashed)
        d_a[:, :units] = d_c * g * i * (1.0 - i)
        d_a[:, units : 2 * units] = d_c * cells[t] * f * (1.0 - f)
        d_a[:, 2 * units : 3 * units] = d_c * i * (1.0 - g * g)
        d_a[:, 3 * units :] = d_h * squashed * o * (1.0 - o)
        d_from_z += d_a
        d_h = d_a @ w.recurrent.T
        d_c = d_c * f
    d_state = np.concatenate([d_h, d_c], axis=1) * (1.0 - state**2)
    gradient = d_from_z @ z_rows.T + d_state @ w.state_kernel.T
    return loss, gradient


def refine_codes(
    weights: DecoderWeights, z, tokens, step_weights, steps: int, learning_rate: float
):
    """``steps`` Adam steps on each row's code. Rows are independent (Adam works per element)
    and go one at a time: a one-row product is a matrix-vector product, which OpenBLAS runs
    several times faster than a two-row matrix product."""
    z = np.array(z, np.float32)
    beta1, beta2 = ADAM_BETAS
    for row in range(len(z)):
        code, rows = z[row : row + 1], slice(row, row + 1)
        first, second = np.zeros_like(code), np.zeros_like(code)
        for step in range(1, steps + 1):
            _, gradient = reconstruction_loss(weights, code, tokens[rows], step_weights[rows])
            first = beta1 * first + (1 - beta1) * gradient
            second = beta2 * second + (1 - beta2) * gradient**2
            corrected = first / (1 - beta1**step)
            code = code - learning_rate * corrected / (
                np.sqrt(second / (1 - beta2**step)) + ADAM_EPSILON
            )
        z[row] = code[0]
    return z
