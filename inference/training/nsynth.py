"""Training the timbre autoencoder (``family="ddsp"``): its options, its unit (a batch), its card.

A batch is ``--batch-size`` crops of ``--crop-frames`` frames (about 1 s) from train notes, each
with 16 frames of context on either side (silence beyond the note's ends, as at inference);
crops are drawn from a generator keyed by ``--seed`` and the batch counter, so a resumed run sees
the data an uninterrupted one would. The loss is the multi-scale spectral loss; every
``--eval-every`` batches it is measured on whole notes of a fixed set of validation notes (the
instruments of the valid split), which early stopping and the best weights follow. At the end
(or with ``--card-only``, while a run goes on elsewhere) the best weights are written to
``--out`` and evaluated on the test instruments against the baselines
(:mod:`inference.evaluation.nsynth`) for the card.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

from ..nsynth import arrays as note_arrays
from ..nsynth.features import MEL_BANDS
from ..shared.threads import set_threads
from .loop import Counters, Limits, TrainingLoop
from .nsynth_blend import blend_penalty, control_centroid, pair_groups, sample_pairs

# Frames of context each side of a crop: the decoder's reach (1 + 2 + 4 + 8 frames) plus one.
# The encoder's reach adds as much again; those outer frames see a little padding instead.
CONTEXT_FRAMES = 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, help="the mini-NSynth (build_nsynth_data.py)")
    parser.add_argument("--out", required=True, help="checkpoint folder to write")
    parser.add_argument("--work-dir", help="resumable training state (default var/train/<model>)")
    parser.add_argument("--minutes", type=float, default=60.0, help="training time budget")
    parser.add_argument("--max-batches", type=int, default=200_000)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--crop-frames", type=int, default=64, help="frames per crop (1.02 s)")
    parser.add_argument("--eval-every", type=int, default=100, help="batches between evaluations")
    parser.add_argument("--val-notes", type=int, default=48, help="validation notes evaluated")
    parser.add_argument("--patience", type=int, default=15, help="evaluations without improvement")
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N notes")
    parser.add_argument("--cache-dir", default=None, help="feature cache (default <data>/cache)")
    parser.add_argument("--threads", type=int, default=1, help="TensorFlow intra-op threads")
    parser.add_argument("--restart", action="store_true", help="ignore saved training state")
    parser.add_argument(
        "--card-only",
        action="store_true",
        help="train nothing: write the best weights so far to --out and evaluate them",
    )
    parser.add_argument("--eval-pairs", type=int, default=24, help="test pairs for the blends")
    parser.add_argument(
        "--blend-weight",
        type=float,
        default=0.0,
        help="weight of the blend regulariser (inference.training.nsynth_blend); 0: none",
    )
    parser.add_argument(
        "--init-from", help="checkpoint folder whose weights a new run starts from (fine-tuning)"
    )
    parser.add_argument(
        "--eval-split",
        default="test",
        choices=("valid", "test"),
        help="instruments the card's evaluation uses: choose settings on valid, report test",
    )


def normalization(train: note_arrays.NoteArrays) -> dict[str, float]:
    """Mean and spread of the decoder's and encoder's inputs over the train notes, at or above
    -90 dB (the silent frames at the ends of notes would otherwise dominate)."""
    loud = np.asarray(train.loudness[:: max(1, len(train) // 2000)], np.float32)
    mel = np.asarray(train.log_mel[:: max(1, len(train) // 2000)], np.float32)
    loud, mel = loud[loud > -90], mel[mel > -90]
    return {
        "loudness_mean": round(float(loud.mean()), 3),
        "loudness_std": round(float(loud.std()), 3),
        "mel_mean": round(float(mel.mean()), 3),
        "mel_std": round(float(mel.std()), 3),
    }


class DdspTrainer(TrainingLoop):
    counters = Counters("batches", "best_batches", "best_val_loss", "max_batches")

    def __init__(self, spec, args, train, valid, config):
        import keras
        import tensorflow as tf

        from ..nsynth.model import build

        self.tf, self.args, self.train, self.valid = tf, args, train, valid
        work_dir = Path(args.work_dir or Path("var/train") / args.model)
        keras.utils.set_random_seed(args.seed)
        self.config = config
        model = build(config)
        optimizer = keras.optimizers.Adam(args.learning_rate, global_clipnorm=3.0)
        optimizer.build(model.trainable_variables)
        limits = Limits(args.max_batches, args.patience, args.minutes, min_delta=1e-3)
        super().__init__(work_dir, model, optimizer, limits, args.restart)
        self.losses, self.penalties = [], []
        self.pair_groups = pair_groups(train.examples) if args.blend_weight > 0 else None
        signature = [
            tf.TensorSpec([None, None, MEL_BANDS]),
            tf.TensorSpec([None, None]),
            tf.TensorSpec([None, None]),
            tf.TensorSpec([None, None]),
            tf.TensorSpec([2], tf.int32),
        ]
        self._train_step = tf.function(
            self._train_step_eager, autograph=False, input_signature=signature
        )
        self._eval_step = tf.function(
            self._eval_step_eager, autograph=False, input_signature=signature
        )

    def resume(self) -> bool:
        if not super().resume():
            return False
        self.optimizer.learning_rate.assign(self.args.learning_rate)
        return True

    def _train_step_eager(self, log_mel, f0_hz, loudness, audio, seed):
        tf, model = self.tf, self.model
        with tf.GradientTape() as tape:
            if self.pair_groups is None:
                losses = model.example_losses(
                    log_mel, f0_hz, loudness, audio, seed, margin=CONTEXT_FRAMES
                )
                loss, penalty = tf.reduce_mean(losses), tf.constant(0.0)
            else:  # the reconstruction as model.reconstruct, its controls kept for the blends
                from ..nsynth.synth import spectral_loss  # TensorFlow: only where it trains

                z = model.encode(log_mel)
                end = tf.shape(f0_hz)[1] - CONTEXT_FRAMES
                f0 = f0_hz[:, CONTEXT_FRAMES:end]
                controls = [c[:, CONTEXT_FRAMES:end] for c in model.controls(z, f0_hz, loudness)]
                estimate = model.synthesize(*controls, f0, seed)
                losses = spectral_loss(audio, estimate, model.config.fft_sizes)
                ends = control_centroid(tf, *controls, f0)
                penalty = blend_penalty(tf, model, z, f0_hz, loudness, ends, CONTEXT_FRAMES)
                loss = tf.reduce_mean(losses) + self.args.blend_weight * penalty
        grads = tape.gradient(loss, model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return tf.reduce_mean(losses), penalty

    def _eval_step_eager(self, log_mel, f0_hz, loudness, audio, seed):
        return self.model.example_losses(
            log_mel, f0_hz, loudness, audio, seed, margin=CONTEXT_FRAMES
        )

    def train_unit(self, done: int) -> None:
        args, train = self.args, self.train
        rng = np.random.default_rng([args.seed, done])
        frames = train.loudness.shape[1]
        if self.pair_groups is None:
            rows = np.sort(rng.choice(len(train), args.batch_size, replace=False))
            starts = rng.integers(0, frames - args.crop_frames + 1, size=args.batch_size)
        else:  # pairs at the same pitch and velocity, each pair's crops aligned
            pairs = args.batch_size // 2
            rows = sample_pairs(train.examples, self.pair_groups, rng, pairs)
            starts = np.repeat(rng.integers(0, frames - args.crop_frames + 1, size=pairs), 2)
        batch = note_arrays.crops(train, rows, starts, args.crop_frames, CONTEXT_FRAMES)
        phases = self.state.setdefault("phases", [])
        if not phases or phases[-1]["learning_rate"] != args.learning_rate:
            phases.append({"from_batch": done, "learning_rate": args.learning_rate})
        loss, penalty = self._train_step(*batch, np.array([args.seed, done], np.int32))
        self.losses.append(float(loss))
        self.penalties.append(float(penalty))

    def evaluate_now(self, done: int) -> bool:
        return done % self.args.eval_every == 0 or done >= self.args.max_batches

    def validation_loss(self) -> float:
        """Mean spectral loss over whole validation notes (fixed noise seed)."""
        valid, frames = self.valid, self.valid.loudness.shape[1]
        total = []
        for start in range(0, len(valid), 8):
            rows = np.arange(start, min(start + 8, len(valid)))
            batch = note_arrays.crops(valid, rows, np.zeros(len(rows), int), frames, CONTEXT_FRAMES)
            total += list(np.asarray(self._eval_step(*batch, np.array([0, 0], np.int32))))
        return float(np.mean(total))

    def evaluation(self) -> tuple[dict, float]:
        val_loss = self.validation_loss()
        row = {
            "batches": self.state["batches"],
            "train_loss": round(float(np.mean(self.losses)), 4) if self.losses else "",
            "val_loss": round(val_loss, 4),
            "minutes": round(self.state["seconds"] / 60, 2),
        }
        if self.pair_groups is not None:
            row["blend_penalty"] = round(float(np.mean(self.penalties or [0.0])), 4)
        self.losses, self.penalties = [], []
        return row, val_loss


def evaluate_on_test(model, args, train_notes) -> dict:
    """The card's evaluation (imported when it runs, so a long run uses the code of its end)."""
    from ..evaluation.nsynth import evaluate_timbre

    return evaluate_timbre(model, args, train_notes)


def load_data(args):
    cache = Path(args.cache_dir) if args.cache_dir else Path(args.data) / "cache"
    train = note_arrays.load_split(Path(args.data), "train", cache, args.limit)
    valid = note_arrays.load_split(Path(args.data), "valid", cache, args.limit)
    return train, valid.subset(note_arrays.spread_rows(len(valid), args.val_notes))


def train(spec, args) -> int:
    """Train (or, with ``--card-only``, only take the best weights so far), then write the
    checkpoint, evaluate on the test instruments and write the card."""
    set_threads(args.threads)
    train_notes, valid_notes = load_data(args)
    if not len(train_notes) or not len(valid_notes):
        print("no train or validation notes in --data", file=sys.stderr)
        return 2
    config = dataclasses.replace(spec.network, **normalization(train_notes))
    trainer = DdspTrainer(spec, args, train_notes, valid_notes, config)
    resumed = trainer.resume()
    if not resumed and args.init_from:
        trainer.model.load_weights(str(Path(args.init_from) / "model.weights.h5"))
        trainer.state["initialized_from"] = str(args.init_from)
        print(f"started from {args.init_from}", flush=True)
    trainer.state.setdefault("blend_weight", args.blend_weight)
    if args.card_only:
        if not resumed:
            print("--card-only: no training state in the work folder", file=sys.stderr)
            return 2
        stopped_by = trainer.state.get("stopped_by", "still_training")
    else:
        print(f"{'resuming' if resumed else 'starting'}: {len(train_notes)} train notes")
        stopped_by = trainer.fit()
    trainer.load_best_weights()
    out = Path(args.out)
    trainer.write_checkpoint(out)
    if spec.evaluate is not None:
        from ..cards.nsynth import write_card

        results = spec.evaluate(trainer.model, args, train_notes)
        write_card(out, spec, args, config, results, trainer.state, stopped_by)
    print(f"checkpoint written to {out} ({stopped_by})")
    return 0
