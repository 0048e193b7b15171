"""Semi-amortized inference (Kim et al. 2018) for Interpolate: a few Adam steps on each input's
code, so the code decodes back to the clip it came from more closely than the encoder's guess.

The encoder of a MusicVAE is a fast, approximate answer to "which code explains this clip?"; a
few gradient steps on the decoder's reconstruction loss close much of the gap that is left (the
amortization gap), which is what Interpolate's endpoints need. Numpy only: for the two codes of
an interpolation, TensorFlow spends its time dispatching the thousands of small ops of a
64-step forward and backward pass (about 125 ms a step on one core; XLA runs it in 30 ms but
takes nearly two minutes to compile), while the same maths in numpy takes a few milliseconds
a step (bench/generation_vae.py times Interpolate with it).
``tests/test_vae_refine.py`` checks the loss and gradient against TensorFlow's on the committed
weights.

The decoder is the one of :class:`inference.vae.musicvae.MusicVAE`: an LSTM (Keras gate order
i, f, c, o) whose state starts at ``tanh(W z)`` and whose input at each step is the previous
event's embedding, ``z`` and the binary step counter, then a softmax over the classes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

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
    recurrent_t: np.ndarray  # its transpose, contiguous, for the backward pass
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
            recurrent_t=np.ascontiguousarray(numpy(cell.recurrent_kernel).T),
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


def reconstruction_loss(weights: DecoderWeights, z, tokens, step_weights):
    """Per-row teacher-forced cross-entropy of ``tokens [B, T]`` given codes ``z [B, L]``
    (each step counted by ``step_weights [B, T]``) and its gradient with respect to ``z``."""
    z = np.asarray(z, np.float32)
    tokens = np.asarray(tokens, np.int64)
    step_weights = np.asarray(step_weights, np.float32)
    rows = [
        _row_loss(weights, code, row, _fixed_inputs(weights, row), counted)
        for code, row, counted in zip(z, tokens, step_weights, strict=True)
    ]
    return np.array([loss for loss, _ in rows]), np.stack([gradient for _, gradient in rows])


def _fixed_inputs(w: DecoderWeights, tokens: np.ndarray):
    """The gate inputs that do not depend on z (previous event, step counter), for every step:
    computed once per clip, not once per Adam step."""
    previous = np.empty(len(tokens), np.int64)
    previous[0] = len(w.embedding) - 1
    previous[1:] = tokens[:-1]
    embed = w.embedding.shape[1]
    projected = w.embedding[previous] @ w.kernel[:embed]
    return projected + w.counter[: len(tokens)] @ w.kernel[embed + w.latent :]


def _row_loss(w: DecoderWeights, z, tokens, fixed, step_weights):
    """Loss and gradient of one clip. One row at a time: a one-row product is a matrix-vector
    product, which OpenBLAS runs several times faster than a two-row matrix product, and every
    per-step array operation is written into preallocated memory, because at this size numpy's
    per-call overhead, not arithmetic, is most of the cost."""
    steps, units = len(tokens), w.units
    gate = {name: slice(k * units, (k + 1) * units) for k, name in enumerate("ifco")}
    z_rows = w.kernel[w.embedding.shape[1] : w.embedding.shape[1] + w.latent]
    inputs = fixed + (z @ z_rows + w.bias)
    state = np.tanh(z @ w.state_kernel + w.state_bias)
    h = state[:units]
    cells = np.empty((steps + 1, units), np.float32)
    cells[0] = state[units:]
    acts = np.empty((steps, 4 * units), np.float32)  # i, f, o squashed by a sigmoid, c by tanh
    tanh_cells = np.empty((steps, units), np.float32)
    hidden = np.empty((steps, units), np.float32)
    pre = np.empty(4 * units, np.float32)
    for t in range(steps):
        np.dot(h, w.recurrent, out=pre)
        pre += inputs[t]
        expit(pre, out=acts[t])
        np.tanh(pre[gate["c"]], out=acts[t, gate["c"]])
        np.multiply(acts[t, gate["f"]], cells[t], out=cells[t + 1])
        cells[t + 1] += acts[t, gate["i"]] * acts[t, gate["c"]]
        np.tanh(cells[t + 1], out=tanh_cells[t])
        h = np.multiply(acts[t, gate["o"]], tanh_cells[t], out=hidden[t])
    logits = hidden @ w.classifier + w.classifier_bias
    logits -= logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    at = np.arange(steps)
    loss = -(log_probs[at, tokens] * step_weights).sum()

    d_logits = np.exp(log_probs)
    d_logits[at, tokens] -= 1.0
    d_hidden = (d_logits * step_weights[:, None]) @ w.classifier.T
    i, f, g, o = (acts[:, gate[name]] for name in "ifco")
    # The factors of the backward pass that do not depend on the carried gradients, for all
    # steps at once, so the loop below is five small operations and one product a step.
    to_cell = o * (1.0 - tanh_cells * tanh_cells)
    local = np.stack([g * i * (1.0 - i), cells[:-1] * f * (1.0 - f), i * (1.0 - g * g)], 1)
    out_gate = tanh_cells * o * (1.0 - o)
    d_acts = np.empty((steps, 4 * units), np.float32)
    d_h = np.zeros(units, np.float32)
    d_c = np.zeros(units, np.float32)
    for t in range(steps - 1, -1, -1):
        d_h += d_hidden[t]
        d_c += d_h * to_cell[t]
        np.multiply(local[t], d_c, out=d_acts[t, : 3 * units].reshape(3, units))
        np.multiply(d_h, out_gate[t], out=d_acts[t, 3 * units :])
        d_h = d_acts[t] @ w.recurrent_t
        d_c *= f[t]
    d_state = np.concatenate([d_h, d_c]) * (1.0 - state**2)
    return loss, d_acts.sum(axis=0) @ z_rows.T + d_state @ w.state_kernel.T


def refine_codes(
    weights: DecoderWeights, z, tokens, step_weights, steps: int, learning_rate: float
):
    """``steps`` Adam steps on each row's code (rows are independent: Adam works per element)."""
    z = np.array(z, np.float32)
    tokens = np.asarray(tokens, np.int64)
    step_weights = np.asarray(step_weights, np.float32)
    beta1, beta2 = ADAM_BETAS
    for row in range(len(z)):
        code, fixed = z[row], _fixed_inputs(weights, tokens[row])
        first, second = np.zeros_like(code), np.zeros_like(code)
        for step in range(1, steps + 1):
            _, gradient = _row_loss(weights, code, tokens[row], fixed, step_weights[row])
            first = beta1 * first + (1 - beta1) * gradient
            second = beta2 * second + (1 - beta2) * gradient**2
            corrected = first / (1 - beta1**step)
            code = code - learning_rate * corrected / (
                np.sqrt(second / (1 - beta2**step)) + ADAM_EPSILON
            )
        z[row] = code
    return z
