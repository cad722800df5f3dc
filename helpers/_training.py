"""Plumbing behind the four small networks the course trains (pictures in 06, faces in 10,
sounds in 11, captions in 12): one training loop, so that the same ``seed`` gives the same
weights, and the trained model they all return. Each topic module brings its own network
and its own loss; this module only runs them.

torch loads only inside the functions.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .errors import flag, whole


def run_settings(epochs, seed, verbose, most_epochs: int) -> tuple[int, int, bool]:
    """``(epochs, seed, verbose)`` checked as every ``train()`` checks them: epochs a whole
    number from 1 to ``most_epochs``, seed a whole number from 0, verbose True or False."""
    return whole(epochs, "epochs", 1, most_epochs), whole(seed, "seed", 0), flag(verbose, "verbose")


class Deterministic:
    """One thread and deterministic kernels while training, restored afterwards."""

    def __enter__(self):
        import torch

        self.torch = torch
        self.threads = torch.get_num_threads()
        self.det = torch.are_deterministic_algorithms_enabled()
        torch.set_num_threads(1)
        torch.use_deterministic_algorithms(True)

    def __exit__(self, *exc):
        self.torch.set_num_threads(self.threads)
        self.torch.use_deterministic_algorithms(self.det)


@dataclass(eq=False, repr=False)
class TrainedNet:
    """A trained network and every item's point: ``vectors[i]`` is item i's point (length 1),
    ``losses`` the mean loss of each epoch, ``seconds`` how long training took."""

    net: object
    vectors: np.ndarray
    seconds: float
    losses: list
    seed: int = 0

    def _points(self, x: np.ndarray) -> np.ndarray:
        """The network's points (length 1) for inputs ``x``, scaled as in training."""
        import torch
        import torch.nn.functional as F

        with torch.no_grad():
            return F.normalize(self.net(torch.from_numpy(x)), dim=1).numpy()


def fit(build, batch_loss, x_all, n: int, *, seed: int, epochs: int, batch: int, lr: float,
        weight_decay: float = 0.0, directions: tuple | None = None) -> dict:
    """Train the network ``build()`` makes with Adam on ``n`` training items, shuffled into
    batches of ``batch`` each epoch, then place every row of ``x_all``; returns the fields of a
    :class:`TrainedNet`.

    ``batch_loss(net, rows, order, learned)`` is the loss of one batch (``rows`` numbers the
    training items; ``order`` is the seeded generator, for random shifts). With
    ``directions=(count, dim)``, ``learned`` is a matrix of ``count`` directions learnt along
    with the network (as faces and sounds do); else None.
    """
    import torch
    import torch.nn.functional as F

    start = time.perf_counter()
    with Deterministic():
        torch.manual_seed(seed)
        net = build()
        learned = torch.nn.Parameter(0.1 * torch.randn(*directions)) if directions else None
        opt = torch.optim.Adam([*net.parameters(), *([learned] if directions else [])], lr=lr,
                               weight_decay=weight_decay)
        order = torch.Generator().manual_seed(seed)
        losses = []
        for _ in range(epochs):
            net.train()
            total = 0.0
            for rows in torch.randperm(n, generator=order).split(batch):
                loss = batch_loss(net, rows, order, learned)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * len(rows)
            losses.append(total / n)
        net.eval()
        with torch.no_grad():
            vectors = torch.cat([F.normalize(net(b), dim=1) for b in x_all.split(2000)]).numpy()
    return {"net": net, "vectors": vectors, "seconds": time.perf_counter() - start, "losses": losses, "seed": seed}


def margin_loss(outputs, directions, labels):
    """The loss faces and sounds train with (as CosFace): cross-entropy of the cosine to every
    learnt direction, scaled by 16, with a margin of 0.2 taken off the right one."""
    import torch.nn.functional as F

    cos = F.normalize(outputs, dim=1) @ F.normalize(directions, dim=1).T
    return F.cross_entropy(16 * (cos - 0.2 * F.one_hot(labels, len(directions))), labels)
