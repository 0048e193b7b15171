"""Training a VAE (``family="vae"``): its options, its training unit (a batch), its card.

Batches are drawn from one permutation per pass over the train windows, reproducible from the
batch counter and ``--seed``, so a resumed run sees the data in the order an uninterrupted one
would. The KL weight ramps up over ``--kl-warmup`` batches; the validation loss is measured every
``--eval-every`` batches. At the end MusicVAE's prior scale is measured, and the best weights are
evaluated on the test split by the spec's ``evaluate`` against its baselines. Importing this
module is cheap: TensorFlow loads when a trainer is built.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np

from ..cards import vae as card
from ..evaluation.vae import measure_prior_scale
from ..music import STEPS_PER_BAR
from ..shared.threads import set_threads
from .loop import Counters, Limits, TrainingLoop

FIXED_FIELDS = ("name", "family", "kind")  # what makes the model the one registered


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="melodies/ or groove/ data folder")
    parser.add_argument("--out", required=True, help="checkpoint folder to write")
    parser.add_argument("--work-dir", help="resumable training state (default var/train/<model>)")
    parser.add_argument("--minutes", type=float, default=13.0, help="training time budget")
    parser.add_argument("--max-batches", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--eval-every", type=int, default=150, help="batches between evaluations")
    parser.add_argument("--patience", type=int, default=6, help="evaluations without improvement")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--kl-warmup", type=int, default=600, help="batches to ramp beta up")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    parser.add_argument(
        "--cache-dir", default="var/vae_data", help="parsed GMD, reused by the drum models"
    )
    parser.add_argument("--threads", type=int, default=1, help="TensorFlow intra-op threads")
    parser.add_argument("--restart", action="store_true", help="ignore saved training state")
    parser.add_argument(
        "--train-only",
        metavar="LAYERS",
        help="comma-separated layer names to train; the others stay frozen (with --init-from: "
        "fit new heads without the rest of the network memorizing the train split)",
    )
    parser.add_argument(
        "--init-from",
        metavar="CHECKPOINT",
        help="start from this checkpoint's weights (every layer of the same name and shape)",
    )
    parser.add_argument(
        "--bar-mix",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="in this share of each batch's windows every bar comes from a random train window "
        "(the same bar of it, input and target alike): patterns the network cannot memorize",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a field of the model's config (e.g. --set decoder_units=256)",
    )


def _parse_bool(text: str) -> bool:
    if text.lower() in ("true", "1", "yes"):
        return True
    if text.lower() in ("false", "0", "no"):
        return False
    raise ValueError(text)


def config_with_overrides(config, overrides: list[str]):
    """``config`` with ``FIELD=VALUE`` overrides, each converted to the field's type."""
    types = {f.name: type(getattr(config, f.name)) for f in dataclasses.fields(config)}
    changes = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in types or name in FIXED_FIELDS or not value:
            raise SystemExit(
                f"--set {item!r}: expected FIELD=VALUE with FIELD one of "
                + ", ".join(n for n in types if n not in FIXED_FIELDS)
            )
        convert = _parse_bool if types[name] is bool else types[name]
        try:
            changes[name] = convert(value)
        except ValueError:
            raise SystemExit(
                f"--set {item!r}: {value!r} is not a valid {types[name].__name__}"
            ) from None
    return dataclasses.replace(config, **changes)


class VaeTrainer(TrainingLoop):
    """Batches of ELBO steps (reconstruction + warmed-up, free-bits KL); early stopping on the
    validation loss at the posterior mean."""

    counters = Counters("batches", "best_batches", "best_val_loss", "max_batches")

    def __init__(self, spec, args, data):
        import keras
        import tensorflow as tf

        from ..vae.latent import regularizer
        from ..vae.models import build_model

        self.tf, self.args, self.data = tf, args, data
        self.regularizer = regularizer
        work_dir = Path(args.work_dir or Path("var/train") / args.model)
        work_dir.mkdir(parents=True, exist_ok=True)
        keras.utils.set_random_seed(args.seed)
        self.config = config_with_overrides(spec.network, args.set)
        model = build_model(self.config)
        freeze_all_but(model, args.train_only)
        optimizer = keras.optimizers.Adam(args.learning_rate, global_clipnorm=5.0)
        optimizer.build(model.trainable_variables)
        limits = Limits(args.max_batches, args.patience, args.minutes, min_delta=1e-3)
        super().__init__(work_dir, model, optimizer, limits, args.restart)
        self.losses, self.kls = [], []
        self._order_pass, self._order = None, None  # the shuffle of the current pass
        self._train_step = tf.function(self._train_step_eager, reduce_retracing=True)
        self._eval_step = tf.function(self._eval_step_eager, reduce_retracing=True)

    def resume(self) -> bool:
        if not super().resume():
            return False
        # A resumed run may continue with a smaller step (the saved state holds the old one).
        self.optimizer.learning_rate.assign(self.args.learning_rate)
        return True

    def _objective(self, reconstruction, kl, beta_scale):
        return self.tf.reduce_mean(reconstruction + beta_scale * self.regularizer(kl, self.config))

    def _train_step_eager(self, seed, beta_scale, *arrays):
        tf = self.tf
        noise = tf.random.stateless_normal([tf.shape(arrays[0])[0], self.config.latent], seed)
        with tf.GradientTape() as tape:
            reconstruction, kl = self.model.example_losses(noise, True, *arrays)
            loss = self._objective(reconstruction, kl, beta_scale)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables, strict=True))
        return loss, tf.reduce_mean(kl)

    def _eval_step_eager(self, *arrays):
        tf = self.tf
        noise = tf.zeros([tf.shape(arrays[0])[0], self.config.latent])  # the posterior mean
        reconstruction, kl = self.model.example_losses(noise, False, *arrays)
        # The objective training minimizes (free nats cost nothing): a high-KL model, whose code
        # is meant to carry far more than a low-KL one's, is not penalized for doing so.
        loss = reconstruction + self.regularizer(kl, self.config)
        return tf.reduce_sum(loss), tf.reduce_sum(kl)

    def validation_loss(self) -> tuple[float, float]:
        arrays = self.data["validation"]
        total = kl_total = 0.0
        for start in range(0, len(arrays[0]), 256):
            loss, kl = self._eval_step(*(a[start : start + 256] for a in arrays))
            total, kl_total = total + float(loss), kl_total + float(kl)
        return total / len(arrays[0]), kl_total / len(arrays[0])

    def train_unit(self, done: int) -> None:
        args, train = self.args, self.data["train"]
        # One permutation per pass over the data, reproducible from the batch counter.
        per_pass = max(1, len(train[0]) // args.batch_size)
        data_pass, index = divmod(done, per_pass)
        if self._order_pass != data_pass:
            rng = np.random.default_rng([args.seed, data_pass])
            self._order, self._order_pass = rng.permutation(len(train[0])), data_pass
        rows = self._order[index * args.batch_size : (index + 1) * args.batch_size]
        phases = self.state.setdefault("phases", [])  # each (re)start: from which batch, what rate
        if not phases or phases[-1]["learning_rate"] != args.learning_rate:
            phases.append({"from_batch": done, "learning_rate": args.learning_rate})
        beta_scale = min(1.0, (done + 1) / max(1, args.kl_warmup))
        seed = np.array([args.seed, done], np.int32)
        arrays = [a[rows] for a in train]
        if args.bar_mix:
            arrays = mix_bars(train, arrays, args.bar_mix, [args.seed, done, 5])
        loss, kl = self._train_step(seed, np.float32(beta_scale), *arrays)
        self.losses.append(float(loss))
        self.kls.append(float(kl))

    def evaluate_now(self, done: int) -> bool:
        return done % self.args.eval_every == 0 or done >= self.args.max_batches

    def evaluation(self) -> tuple[dict, float]:
        val_loss, val_kl = self.validation_loss()
        row = {
            "batches": self.state["batches"],
            "train_loss": round(float(np.mean(self.losses)), 4),
            "train_kl": round(float(np.mean(self.kls)), 3),
            "val_loss": round(val_loss, 4),
            "val_kl": round(val_kl, 3),
            "minutes": round(self.state["seconds"] / 60, 2),
        }
        self.losses, self.kls = [], []
        return row, val_loss


def mix_bars(pool: list, batch: list, share: float, seed) -> list:
    """The arrays of ``batch`` (time on axis 1) with a ``share`` of its windows
    rebuilt bar by bar from ``pool``'s, each bar of every array from the same random window."""
    rng = np.random.default_rng(seed)
    chosen = np.flatnonzero(rng.random(len(batch[0])) < share)
    bars = batch[0].shape[1] // STEPS_PER_BAR
    donors = rng.integers(0, len(pool[0]), (len(chosen), bars))
    mixed = [array.copy() for array in batch]
    for source, target in zip(pool, mixed, strict=True):
        for bar in range(bars):
            steps = slice(bar * STEPS_PER_BAR, (bar + 1) * STEPS_PER_BAR)
            target[chosen, steps] = source[donors[:, bar], steps]
    return mixed


def train(spec, args) -> int:
    """Load the windows, train, evaluate on the test split and write the checkpoint and card."""
    set_threads(args.threads)
    started = time.monotonic()
    data = spec.load_data(args.data, args.limit, args.cache_dir)
    sizes = {split: int(len(arrays[0])) for split, arrays in data.items()}
    print(f"windows: {json.dumps(sizes)} ({time.monotonic() - started:.1f} s)", flush=True)
    if not sizes["train"] or not sizes["validation"]:
        print("error: the train and validation splits must not be empty", file=sys.stderr)
        return 1
    if not 0 <= args.bar_mix <= 1:
        print("error: --bar-mix takes a share of the batch, from 0 to 1", file=sys.stderr)
        return 2
    trainer = VaeTrainer(spec, args, data)
    if trainer.resume():
        print(f"resumed after {trainer.state['batches']} batches", flush=True)
    elif args.init_from:
        copied = warm_start(trainer.model, args.init_from)
        trainer.state["initialized_from"] = {"checkpoint": args.init_from, "layers": copied}
        print(f"started from {args.init_from}: {', '.join(copied)}", flush=True)
    stopped_by = trainer.fit()
    trainer.load_best_weights()
    model = trainer.model
    model.config = dataclasses.replace(
        model.config, prior_scale=measure_prior_scale(model, data["train"][0])
    )
    test_split = "test" if sizes["test"] else "validation"
    results = spec.evaluate(model, data, test_split, spec.references)
    out = Path(args.out)
    trainer.write_checkpoint(out)
    written = card.write_card(
        out, spec, args, model.config, sizes, results, trainer.state, stopped_by, test_split
    )
    print(json.dumps({"metrics": written["metrics"], "baseline": written["baseline"]}), flush=True)
    print(f"wrote {out}", flush=True)
    return 0


def warm_start(model, checkpoint: str) -> list[str]:
    """Copy into ``model`` every layer of ``checkpoint`` with the same name and weight shapes
    (a fine-tuned variant keeps what it shares with the model it grows from); → their names."""
    from ..vae.models import load_model

    source = {layer.name: layer for layer in load_model(checkpoint).layers}
    copied = []
    for layer in model.layers:
        other = source.get(layer.name)
        shapes = [tuple(w.shape) for w in layer.weights]
        if other is not None and shapes and shapes == [tuple(w.shape) for w in other.weights]:
            layer.set_weights(other.get_weights())
            copied.append(layer.name)
    return copied


def freeze_all_but(model, names: str | None) -> None:
    """Freeze every layer not named in the comma-separated ``names`` (None: train them all)."""
    if not names:
        return
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    known = {layer.name for layer in model.layers}
    if wanted - known:
        raise SystemExit(
            f"--train-only: no layer {sorted(wanted - known)}; layers: {sorted(known)}"
        )
    for layer in model.layers:
        layer.trainable = layer.name in wanted
