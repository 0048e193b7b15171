"""Train Melody RNN (attention_rnn) or Drums RNN (drum_kit) and write the checkpoint + model card.

    python -m inference.train melody_rnn --data ../shared/data/melodies --out inference/checkpoints/melody_rnn
    python -m inference.train drums_rnn --data ../shared/data/groove --out inference/checkpoints/drums_rnn

Fixed seed; early stopping on the validation NLL; a CSV log; resumable: the working folder
(``--work-dir``, default ``var/train/<model>``) keeps the last weights, the optimizer state and the
epoch counter, and re-running the same command continues from there (``--restart`` starts over).
At the end the best weights are evaluated on the held-out test split against a bigram baseline and
``model.weights.h5``, ``config.json``, ``card.json``, ``README.md`` and ``training_log.csv`` are
written to ``--out``.
"""

from __future__ import annotations

import argparse
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
from .baseline import fit_bigram  # noqa: E402
from .datasets import Dataset, epoch_windows, length_batches, load_groove, load_melodies  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m inference.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("model", choices=["melody_rnn", "drums_rnn"])
    parser.add_argument("--data", required=True, help="melodies/ or groove/ data folder")
    parser.add_argument("--out", required=True, help="checkpoint folder to write")
    parser.add_argument("--work-dir", help="resumable training state (default var/train/<model>)")
    parser.add_argument("--epochs", type=int, default=30, help="maximum epochs")
    parser.add_argument("--steps-per-epoch", type=int, default=100, help="batches per epoch")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--window", type=int, default=128, help="training window in steps")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--patience", type=int, default=4, help="epochs without improvement")
    parser.add_argument("--max-minutes", type=float, default=None, help="stop after this time")
    parser.add_argument("--transpose", type=int, default=None, help="± semitones augmentation")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N items")
    parser.add_argument("--threads", type=int, default=2, help="TensorFlow intra-op threads")
    parser.add_argument("--restart", action="store_true", help="ignore saved training state")
    return parser.parse_args(argv)


def load_dataset(args) -> Dataset:
    loader = load_melodies if args.model == "melody_rnn" else load_groove
    return loader(args.data, limit=args.limit)


class Trainer:
    """Owns the model, optimizer and the resumable state in ``work_dir``."""

    def __init__(self, args, dataset: Dataset):
        import keras
        import tensorflow as tf

        from .rnn import CONFIGS, build_model

        self.tf = tf
        self.args = args
        self.dataset = dataset
        self.work_dir = Path(args.work_dir or Path("var/train") / args.model)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        keras.utils.set_random_seed(args.seed)
        self.config = CONFIGS[args.model]
        self.model = build_model(self.config)
        self.optimizer = keras.optimizers.Adam(args.learning_rate, global_clipnorm=3.0)
        self.optimizer.build(self.model.trainable_variables)
        self.state = {"epoch": 0, "best_val_nll": None, "best_epoch": 0, "wait": 0, "seconds": 0.0}
        self._train_step = tf.function(self._train_step_eager, reduce_retracing=True)
        spec = tf.TensorSpec([None, None], tf.int32)
        self._eval_batch = tf.function(
            self._eval_batch_eager, input_signature=[spec, spec, tf.TensorSpec([None, None])]
        )

    # -- resumable state ------------------------------------------------------------------
    def resume(self) -> bool:
        state = training_state.restore(self.work_dir, self.model, self.optimizer, self.args.restart)
        if state is not None:
            self.state = state
        return state is not None

    def save_state(self) -> None:
        training_state.save(self.work_dir, self.model, self.optimizer, self.state)

    # -- steps ------------------------------------------------------------------------------
    def _train_step_eager(self, tokens, positions, mask):
        tf = self.tf
        targets, weights = tokens[:, 1:], mask[:, 1:]
        with tf.GradientTape() as tape:
            logits = self.model((tokens[:, :-1], positions[:, :-1]), training=True)
            nll = tf.nn.sparse_softmax_cross_entropy_with_logits(targets, logits)
            loss = tf.reduce_sum(nll * weights) / tf.reduce_sum(weights)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables, strict=True))
        hits = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), targets), tf.float32)
        return loss, tf.reduce_sum(hits * weights) / tf.reduce_sum(weights)

    def _eval_batch_eager(self, tokens, positions, mask):
        tf = self.tf
        targets, weights = tokens[:, 1:], mask[:, 1:]
        logits = self.model((tokens[:, :-1], positions[:, :-1]), training=False)
        nll = tf.nn.sparse_softmax_cross_entropy_with_logits(targets, logits)
        hits = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32), targets), tf.float32)
        return tf.reduce_sum(nll * weights), tf.reduce_sum(hits * weights), tf.reduce_sum(weights)

    def evaluate(self, split: str) -> dict[str, float]:
        """Mean NLL (nats/step) and accuracy of next-step prediction over whole sequences."""
        total_nll = total_hits = total_steps = 0.0
        for tokens, positions, mask in length_batches(self.dataset.splits[split]):
            nll, hits, steps = self._eval_batch(tokens, positions, mask)
            total_nll += float(nll)
            total_hits += float(hits)
            total_steps += float(steps)
        return {
            "nll": total_nll / max(total_steps, 1),
            "accuracy": total_hits / max(total_steps, 1),
        }

    # -- loop -------------------------------------------------------------------------------
    def fit(self) -> str:
        args = self.args
        transpose = (
            args.transpose
            if args.transpose is not None
            else (5 if self.config.kind == "melody" else 0)
        )
        started = time.monotonic() - self.state["seconds"]
        while self.state["epoch"] < args.epochs:
            if self.state["wait"] >= args.patience:  # a resumed run that had already stopped
                return "early_stopping"
            if args.max_minutes and time.monotonic() - started > args.max_minutes * 60:
                return "time_budget"
            epoch = self.state["epoch"] + 1
            rng = np.random.default_rng([args.seed, epoch])
            tokens, positions, mask = epoch_windows(
                self.dataset.splits["train"], args.window, rng, transpose
            )
            batches = min(args.steps_per_epoch, max(1, len(tokens) // args.batch_size))
            epoch_start, losses, accs = time.monotonic(), [], []
            for b in range(batches):
                rows = slice(b * args.batch_size, (b + 1) * args.batch_size)
                loss, acc = self._train_step(tokens[rows], positions[rows], mask[rows])
                losses.append(float(loss))
                accs.append(float(acc))
            val = self.evaluate("validation")
            row = {
                "epoch": epoch,
                "train_nll": round(float(np.mean(losses)), 5),
                "train_accuracy": round(float(np.mean(accs)), 5),
                "val_nll": round(val["nll"], 5),
                "val_accuracy": round(val["accuracy"], 5),
                "seconds": round(time.monotonic() - epoch_start, 1),
                "steps": batches,
            }
            training_state.append_log(self.work_dir, row)
            best = self.state["best_val_nll"]
            if best is None or val["nll"] < best - 1e-4:
                self.state.update(best_val_nll=val["nll"], best_epoch=epoch, wait=0)
                self.model.save_weights(self.work_dir / "best.weights.h5")
            else:
                self.state["wait"] += 1
            self.state["epoch"] = epoch
            self.state["seconds"] = time.monotonic() - started
            self.save_state()
        return "max_epochs"


def main(argv=None) -> int:
    args = parse_args(argv)

    training_state.set_training_threads(args.threads)
    from .card import write_card
    from .rnn import save_model

    loaded = time.monotonic()
    dataset = load_dataset(args)
    sizes = dataset.sizes()
    print(f"data: {json.dumps(sizes)} ({time.monotonic() - loaded:.1f} s)", flush=True)
    if not dataset.splits["train"] or not dataset.splits["validation"]:
        print("error: the train and validation splits must not be empty", file=sys.stderr)
        return 1
    trainer = Trainer(args, dataset)
    if trainer.resume():
        print(f"resumed after epoch {trainer.state['epoch']}", flush=True)
    stopped_by = trainer.fit()
    best = trainer.work_dir / "best.weights.h5"
    if best.is_file():
        trainer.model.load_weights(best)
    test_split = "test" if dataset.splits["test"] else "validation"
    metrics = trainer.evaluate(test_split)
    bigram, alpha = fit_bigram(
        dataset.splits["train"], dataset.splits["validation"], trainer.config.num_classes
    )
    baseline = bigram.evaluate(dataset.splits[test_split])
    out = Path(args.out)
    save_model(trainer.model, out)
    shutil.copyfile(trainer.work_dir / "training_log.csv", out / "training_log.csv")
    card = write_card(
        out,
        args=args,
        config=trainer.config,
        dataset=dataset,
        metrics=metrics,
        baseline=baseline,
        baseline_alpha=alpha,
        state=trainer.state,
        stopped_by=stopped_by,
        test_split=test_split,
    )
    print(json.dumps({"metrics": card["metrics"], "baseline": card["baseline"]}), flush=True)
    print(f"wrote {out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
