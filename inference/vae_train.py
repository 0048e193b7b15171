"""Train MusicVAE (melody, drums), GrooVAE or Tap2Drum and write the checkpoint + model card.

    python -m inference.vae_train musicvae_melody --data ../shared/data/melodies --out inference/checkpoints/musicvae_melody
    python -m inference.vae_train musicvae_drums --data ../shared/data/groove --out inference/checkpoints/musicvae_drums
    python -m inference.vae_train groovae --data ../shared/data/groove --out inference/checkpoints/groovae
    python -m inference.vae_train tap2drum --data ../shared/data/groove --out inference/checkpoints/tap2drum

Fixed seed; a wall-clock budget (``--minutes``) because the machine is small and shared; the
validation loss is measured every ``--eval-every`` batches and the best weights are kept (early
stopping after ``--patience`` evaluations without improvement). Resumable: the working folder
(``--work-dir``, default ``var/train/<model>``) keeps the last weights, the optimizer state and
the counters, and re-running the same command continues (``--restart`` starts over). At the end
the best weights are evaluated on the held-out test split against the baselines of
:mod:`inference.vae_eval`, and the weights, ``config.json``, ``card.json``, ``README.md`` and
``training_log.csv`` go to ``--out``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from . import training_state  # noqa: E402

MODELS = ("musicvae_melody", "musicvae_drums", "groovae", "tap2drum")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m inference.vae_train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("model", choices=MODELS)
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
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="override a field of the model's config (e.g. --set decoder_units=256)",
    )
    return parser.parse_args(argv)


def load_windows(args) -> dict[str, tuple[np.ndarray, ...]]:
    """Per split, the arrays one training example is made of (aligned on the first axis)."""
    from . import vae_data

    if args.model == "musicvae_melody":
        return {s: (w,) for s, w in vae_data.melody_windows(args.data, args.limit).items()}
    performances = vae_data.load_gmd_performances(args.data, args.limit, args.cache_dir)
    if args.model == "musicvae_drums":
        return {s: (w,) for s, w in vae_data.drum_windows(performances).items()}
    windows = vae_data.groove_windows(performances)
    to_condition = (
        (lambda w: vae_data.quantize_performance(w)[..., vae_data.HIT])
        if args.model == "groovae"
        else vae_data.taps_from_performance
    )
    return {s: (to_condition(w), w) for s, w in windows.items()}


def config_with_overrides(config, overrides: list[str]):
    """``config`` with ``FIELD=VALUE`` overrides, each converted to the field's type."""
    types = {f.name: type(getattr(config, f.name)) for f in dataclasses.fields(config)}
    changes = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in types or name in ("name", "family", "kind") or not value:
            raise SystemExit(
                f"--set {item!r}: expected FIELD=VALUE with FIELD one of "
                + ", ".join(n for n in types if n not in ("name", "family", "kind"))
            )
        try:
            changes[name] = types[name](value)
        except ValueError:
            raise SystemExit(
                f"--set {item!r}: {value!r} is not a valid {types[name].__name__}"
            ) from None
    return dataclasses.replace(config, **changes)


class Trainer:
    """Owns the model, the optimizer and the resumable state in ``work_dir``."""

    def __init__(self, args, data):
        import keras
        import tensorflow as tf

        from .groove import PERFORMANCE_CONFIGS, performance_loss
        from .vae import MUSICVAE_CONFIGS, build_model, kl_divergence, regularizer

        self.tf, self.args, self.data = tf, args, data
        self.regularizer = regularizer
        self.work_dir = Path(args.work_dir or Path("var/train") / args.model)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        keras.utils.set_random_seed(args.seed)
        self.config = config_with_overrides(
            {**MUSICVAE_CONFIGS, **PERFORMANCE_CONFIGS}[args.model], args.set
        )
        self.model = build_model(self.config)
        self.optimizer = keras.optimizers.Adam(args.learning_rate, global_clipnorm=5.0)
        self.optimizer.build(self.model.trainable_variables)
        self.state = {
            "batches": 0,
            "seconds": 0.0,
            "best_val_loss": None,
            "best_batches": 0,
            "wait": 0,
        }

        def musicvae_losses(noise, training, tokens):
            logits, mu, sigma = self.model(tokens, training=training, noise=noise)
            cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits)
            return tf.reduce_sum(cross_entropy, axis=1), kl_divergence(mu, sigma)

        def performance_losses(noise, training, condition, target):
            return performance_loss(self.model, condition, target, noise)

        self.losses = musicvae_losses if self.config.family == "musicvae" else performance_losses
        self._train_step = tf.function(self._train_step_eager, reduce_retracing=True)
        self._eval_step = tf.function(self._eval_step_eager, reduce_retracing=True)

    def _objective(self, reconstruction, kl, beta_scale):
        return self.tf.reduce_mean(reconstruction + beta_scale * self.regularizer(kl, self.config))

    def _train_step_eager(self, seed, beta_scale, *arrays):
        tf = self.tf
        noise = tf.random.stateless_normal([tf.shape(arrays[0])[0], self.config.latent], seed)
        with tf.GradientTape() as tape:
            reconstruction, kl = self.losses(noise, True, *arrays)
            loss = self._objective(reconstruction, kl, beta_scale)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables, strict=True))
        return loss, tf.reduce_mean(kl)

    def _eval_step_eager(self, *arrays):
        tf = self.tf
        noise = tf.zeros([tf.shape(arrays[0])[0], self.config.latent])  # the posterior mean
        reconstruction, kl = self.losses(noise, False, *arrays)
        return tf.reduce_sum(reconstruction + self.config.beta * kl), tf.reduce_sum(kl)

    def validation_loss(self) -> tuple[float, float]:
        arrays = self.data["validation"]
        total = kl_total = 0.0
        for start in range(0, len(arrays[0]), 256):
            loss, kl = self._eval_step(*(a[start : start + 256] for a in arrays))
            total, kl_total = total + float(loss), kl_total + float(kl)
        return total / len(arrays[0]), kl_total / len(arrays[0])

    # -- resumable state ------------------------------------------------------------------
    def resume(self) -> bool:
        state = training_state.restore(self.work_dir, self.model, self.optimizer, self.args.restart)
        if state is None:
            return False
        self.state = state
        # A resumed run may continue with a smaller step (the saved state holds the old one).
        self.optimizer.learning_rate.assign(self.args.learning_rate)
        return True

    def checkpoint(self) -> None:
        training_state.save(self.work_dir, self.model, self.optimizer, self.state)

    # -- loop -------------------------------------------------------------------------------
    def fit(self) -> str:
        args, state = self.args, self.state
        train = self.data["train"]
        clock = time.monotonic() - state["seconds"]
        losses, kls = [], []
        order_pass, order = None, None  # the shuffle of the current pass over the data
        phases = state.setdefault("phases", [])  # each (re)start: from which batch, at what rate
        while True:
            stop = (
                "early_stopping" if state["wait"] >= args.patience
                else "max_batches" if state["batches"] >= args.max_batches
                else "time_budget" if time.monotonic() - clock > args.minutes * 60
                else None
            )  # fmt: skip
            if stop:
                # Saved, so re-running the finished command trains nothing and only re-evaluates.
                state["seconds"] = time.monotonic() - clock
                self.checkpoint()
                return stop
            # One permutation per pass over the data, reproducible from the batch counter.
            per_pass = max(1, len(train[0]) // args.batch_size)
            data_pass, index = divmod(state["batches"], per_pass)
            if order_pass != data_pass:
                order = np.random.default_rng([args.seed, data_pass]).permutation(len(train[0]))
                order_pass = data_pass
            rows = order[index * args.batch_size : (index + 1) * args.batch_size]
            if not phases or phases[-1]["learning_rate"] != args.learning_rate:
                phases.append({"from_batch": state["batches"], "learning_rate": args.learning_rate})
            beta_scale = min(1.0, (state["batches"] + 1) / max(1, args.kl_warmup))
            seed = np.array([args.seed, state["batches"]], np.int32)
            loss, kl = self._train_step(seed, np.float32(beta_scale), *(a[rows] for a in train))
            losses.append(float(loss))
            kls.append(float(kl))
            state["batches"] += 1
            if state["batches"] % args.eval_every == 0 or state["batches"] >= args.max_batches:
                state["seconds"] = time.monotonic() - clock
                self._evaluate_and_log(float(np.mean(losses)), float(np.mean(kls)))
                losses, kls = [], []

    def _evaluate_and_log(self, train_loss: float, train_kl: float) -> None:
        state = self.state
        val_loss, val_kl = self.validation_loss()
        row = {
            "batches": state["batches"],
            "train_loss": round(train_loss, 4),
            "train_kl": round(train_kl, 3),
            "val_loss": round(val_loss, 4),
            "val_kl": round(val_kl, 3),
            "minutes": round(state["seconds"] / 60, 2),
        }
        training_state.append_log(self.work_dir, row)
        if state["best_val_loss"] is None or val_loss < state["best_val_loss"] - 1e-3:
            state.update(best_val_loss=val_loss, best_batches=state["batches"], wait=0)
            self.model.save_weights(self.work_dir / "best.weights.h5")
        else:
            state["wait"] += 1
        self.checkpoint()


def main(argv=None) -> int:
    args = parse_args(argv)
    training_state.set_training_threads(args.threads)
    from .vae import save_model
    from .vae_card import write_card
    from .vae_eval import evaluate_model, measure_prior_scale

    started = time.monotonic()
    data = load_windows(args)
    sizes = {split: int(len(arrays[0])) for split, arrays in data.items()}
    print(f"windows: {json.dumps(sizes)} ({time.monotonic() - started:.1f} s)", flush=True)
    if not sizes["train"] or not sizes["validation"]:
        print("error: the train and validation splits must not be empty", file=sys.stderr)
        return 1
    trainer = Trainer(args, data)
    if trainer.resume():
        print(f"resumed after {trainer.state['batches']} batches", flush=True)
    stopped_by = trainer.fit()
    best = trainer.work_dir / "best.weights.h5"
    if best.is_file():
        trainer.model.load_weights(best)
    model = trainer.model
    model.config = dataclasses.replace(
        model.config, prior_scale=measure_prior_scale(model, data["train"][0])
    )
    test_split = "test" if sizes["test"] else "validation"
    results = evaluate_model(model, data, test_split)
    out = Path(args.out)
    save_model(model, out)
    log = trainer.work_dir / "training_log.csv"
    if log.is_file():  # not when the run stopped before its first evaluation
        shutil.copyfile(log, out / "training_log.csv")
    card = write_card(
        out, args, model.config, sizes, results, trainer.state, stopped_by, test_split
    )
    print(json.dumps({"metrics": card["metrics"], "baseline": card["baseline"]}), flush=True)
    print(f"wrote {out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
