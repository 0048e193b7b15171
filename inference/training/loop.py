"""The one training skeleton every model family shares.

A family's trainer (:mod:`.rnn`, :mod:`.vae`) subclasses :class:`TrainingLoop`: it builds the
model and the optimizer, compiles its steps and says what one *unit* of training is (the RNNs: an
epoch of shuffled windows; the VAEs: one batch), when to evaluate and what to log. The loop owns
the rest, the same for every family:

* resumable state in ``work_dir`` (:mod:`.state`): the last weights, the optimizer's variables
  and the counters, saved after every evaluation and when training stops, so re-running the same
  command continues (``--restart`` starts over) and re-running a finished one trains nothing;
* stopping: early stopping after ``patience`` evaluations without an improvement of the
  validation loss by ``min_delta``, the unit limit, or the wall-clock budget, checked in that
  order before every unit;
* the best weights (``best.weights.h5``) and the CSV log (``training_log.csv``).

Why not Keras callbacks: they are written for ``Model.fit``, and these loops are custom
``tf.function`` steps (the RNNs' attention runs in parallel over windows, the VAEs have a KL
warm-up and several inputs) with a resumable shuffle order and a wall-clock budget.
``BackupAndRestore`` restores through ``model.optimizer`` and ``fit``'s initial epoch and keeps
only the epoch and batch, not the best loss, the patience counter or the time spent, so a
resumed run could not stop where an uninterrupted one would. ``EarlyStopping`` keeps its best
value and patience in memory (lost on resume) and its best weights in memory too.
``CSVLogger`` writes a 0-based ``epoch`` column and sorts the others, which would change the
committed ``training_log.csv`` files and the cards that read them. Each of the three is a few
lines here, kept in the one state file.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..shared.checkpoints import save_checkpoint
from . import state as saved

BEST_WEIGHTS = "best.weights.h5"


@dataclass(frozen=True)
class Counters:
    """The names a family gives its counters in ``state.json`` and its card."""

    unit: str  # units trained: "epoch" | "batches"
    best_unit: str  # the unit count of the best weights: "best_epoch" | "best_batches"
    best_loss: str  # their validation loss: "best_val_nll" | "best_val_loss"
    limit: str  # the stop reason when the unit limit is reached: "max_epochs" | "max_batches"


@dataclass(frozen=True)
class Limits:
    max_units: int
    patience: int  # evaluations without improvement
    minutes: float | None  # wall-clock budget; None: none
    min_delta: float  # smallest decrease of the validation loss that counts as an improvement


class TrainingLoop:
    """Resumable state, stopping rules, best weights and log around a family's training unit."""

    counters: Counters

    def __init__(self, work_dir: Path, model, optimizer, limits: Limits, restart: bool):
        self.work_dir, self.model, self.optimizer = work_dir, model, optimizer
        self.limits, self.restart = limits, restart
        self.work_dir.mkdir(parents=True, exist_ok=True)
        c = self.counters
        self.state = {c.unit: 0, "seconds": 0.0, c.best_loss: None, c.best_unit: 0, "wait": 0}

    # -- what a family provides -------------------------------------------------------------
    def train_unit(self, done: int) -> None:
        """Train one unit; ``done`` units were trained before it."""
        raise NotImplementedError

    def evaluate_now(self, done: int) -> bool:
        """Whether to evaluate once ``done`` units are trained."""
        return True

    def evaluation(self) -> tuple[dict, float]:
        """The log row of this evaluation and the validation loss early stopping watches."""
        raise NotImplementedError

    # -- resumable state --------------------------------------------------------------------
    def resume(self) -> bool:
        """Load the saved state unless ``restart``; whether there was one."""
        state = saved.restore(self.work_dir, self.model, self.optimizer, self.restart)
        if state is not None:
            self.state = state
        return state is not None

    def save_state(self) -> None:
        saved.save(self.work_dir, self.model, self.optimizer, self.state)

    def load_best_weights(self) -> None:
        """The best weights into the model (none yet: it keeps the last ones)."""
        best = self.work_dir / BEST_WEIGHTS
        if best.is_file():
            self.model.load_weights(best)

    def write_checkpoint(self, out: Path) -> None:
        """The model's checkpoint and a copy of the training log (the card reads it) in ``out``."""
        save_checkpoint(self.model, out)
        log = self.work_dir / saved.LOG
        if log.is_file():  # not when the run stopped before its first evaluation
            shutil.copyfile(log, out / saved.LOG)

    # -- the loop ---------------------------------------------------------------------------
    def stop_reason(self, elapsed: float) -> str | None:
        state, limits = self.state, self.limits
        if state["wait"] >= limits.patience:
            return "early_stopping"
        if state[self.counters.unit] >= limits.max_units:
            return self.counters.limit
        if limits.minutes is not None and elapsed > limits.minutes * 60:
            return "time_budget"
        return None

    def fit(self) -> str:
        """Train until a stop rule says so; returns which one."""
        state, unit = self.state, self.counters.unit
        clock = time.monotonic() - state["seconds"]
        while True:
            stop = self.stop_reason(time.monotonic() - clock)
            if stop:
                # Saved, so re-running the finished command trains nothing and only re-evaluates.
                state["seconds"] = time.monotonic() - clock
                state["stopped_by"] = stop  # for a card written later with --card-only
                self.save_state()
                return stop
            self.train_unit(state[unit])
            state[unit] += 1
            if self.evaluate_now(state[unit]):
                state["seconds"] = time.monotonic() - clock
                self._evaluate_and_log()

    def _evaluate_and_log(self) -> None:
        state, c = self.state, self.counters
        row, loss = self.evaluation()
        saved.append_log(self.work_dir, row)
        best = state[c.best_loss]
        if best is None or loss < best - self.limits.min_delta:
            state.update({c.best_loss: loss, c.best_unit: state[c.unit], "wait": 0})
            self.model.save_weights(self.work_dir / BEST_WEIGHTS)
        else:
            state["wait"] += 1
        self.save_state()
