"""Training an event RNN (``family="rnn"``): its options, its training unit (an epoch), its card.

Each epoch cuts the train sequences into windows of ``--window`` steps in a fresh order seeded by
``(--seed, epoch)`` (melodies transposed at random within ±``--transpose`` semitones) and trains
on ``--steps-per-epoch`` batches of them; then the validation NLL is measured on whole sequences.
At the end the best weights are evaluated on the test split against a bigram baseline. Importing
this module is cheap: TensorFlow loads when a trainer is built.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from ..cards import rnn as card
from ..evaluation.baselines import fit_bigram
from ..shared.threads import set_threads
from .datasets import Dataset, epoch_windows, length_batches
from .loop import Counters, Limits, TrainingLoop


def add_arguments(parser: argparse.ArgumentParser) -> None:
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


class RnnTrainer(TrainingLoop):
    """Epochs of teacher-forced next-event prediction; early stopping on the validation NLL."""

    counters = Counters("epoch", "best_epoch", "best_val_nll", "max_epochs")

    def __init__(self, spec, args, dataset: Dataset):
        import keras
        import tensorflow as tf

        from ..evaluation.rnn import NextStepMetrics
        from ..rnn.model import build_model

        self.tf, self.args, self.dataset = tf, args, dataset
        work_dir = Path(args.work_dir or Path("var/train") / args.model)
        work_dir.mkdir(parents=True, exist_ok=True)
        keras.utils.set_random_seed(args.seed)
        self.config = spec.network
        model = build_model(self.config)
        optimizer = keras.optimizers.Adam(args.learning_rate, global_clipnorm=3.0)
        optimizer.build(model.trainable_variables)
        budget = args.max_minutes or None  # 0: no budget, as before
        limits = Limits(args.epochs, args.patience, budget, min_delta=1e-4)
        super().__init__(work_dir, model, optimizer, limits, args.restart)
        self.batches, self.epoch_start, self.losses, self.accuracies = 0, 0.0, [], []
        self.transpose = args.transpose if args.transpose is not None else spec.transpose
        self._train_step = tf.function(self._train_step_eager, reduce_retracing=True)
        self.metrics = NextStepMetrics(model)

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

    def evaluate(self, split: str) -> dict[str, float]:
        """Mean NLL (nats/step) and accuracy of next-step prediction over whole sequences."""
        return self.metrics(length_batches(self.dataset.splits[split]))

    def train_unit(self, done: int) -> None:
        args, epoch = self.args, done + 1
        rng = np.random.default_rng([args.seed, epoch])
        tokens, positions, mask = epoch_windows(
            self.dataset.splits["train"], args.window, rng, self.transpose
        )
        self.batches = min(args.steps_per_epoch, max(1, len(tokens) // args.batch_size))
        self.epoch_start, self.losses, self.accuracies = time.monotonic(), [], []
        for b in range(self.batches):
            rows = slice(b * args.batch_size, (b + 1) * args.batch_size)
            loss, accuracy = self._train_step(tokens[rows], positions[rows], mask[rows])
            self.losses.append(float(loss))
            self.accuracies.append(float(accuracy))

    def evaluation(self) -> tuple[dict, float]:
        val = self.evaluate("validation")
        row = {
            "epoch": self.state["epoch"],
            "train_nll": round(float(np.mean(self.losses)), 5),
            "train_accuracy": round(float(np.mean(self.accuracies)), 5),
            "val_nll": round(val["nll"], 5),
            "val_accuracy": round(val["accuracy"], 5),
            "seconds": round(time.monotonic() - self.epoch_start, 1),
            "steps": self.batches,
        }
        return row, val["nll"]


def train(spec, args) -> int:
    """Load the data, train, evaluate on the test split and write the checkpoint and card."""
    set_threads(args.threads)
    loaded = time.monotonic()
    dataset = spec.load_data(args.data, limit=args.limit)
    sizes = dataset.sizes()
    print(f"data: {json.dumps(sizes)} ({time.monotonic() - loaded:.1f} s)", flush=True)
    if not dataset.splits["train"] or not dataset.splits["validation"]:
        print("error: the train and validation splits must not be empty", file=sys.stderr)
        return 1
    trainer = RnnTrainer(spec, args, dataset)
    if trainer.resume():
        print(f"resumed after epoch {trainer.state['epoch']}", flush=True)
    stopped_by = trainer.fit()
    trainer.load_best_weights()
    test_split = "test" if dataset.splits["test"] else "validation"
    metrics = trainer.evaluate(test_split)
    bigram, alpha = fit_bigram(
        dataset.splits["train"], dataset.splits["validation"], trainer.config.num_classes
    )
    baseline = bigram.evaluate(dataset.splits[test_split])
    out = Path(args.out)
    trainer.write_checkpoint(out)
    written = card.write_card(
        out,
        spec=spec,
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
    print(json.dumps({"metrics": written["metrics"], "baseline": written["baseline"]}), flush=True)
    print(f"wrote {out}", flush=True)
    return 0
