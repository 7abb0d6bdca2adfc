"""A recording of a player that a busy machine stalled, mended so that its cues can be found whole.

When a player misses its turn for longer than the sound server holds in its buffer, the server runs dry:
it sends exact digital silence until the player writes again, drops the few milliseconds it was in the
middle of (a few to a few hundred samples, heard on the test machine), then plays the rest of the sound
(``tests/test_sound_pulse_stall.py`` stops a player mid-sound and hears this). The sound is all there,
but in pieces that no longer line up with the cue: a cue cut this way may match itself nowhere well
enough (heard: a tick in pieces, a chime found at its own tail, after the cue that followed it).

:func:`mended` takes each such pause out and puts back, as silence, the samples the server dropped, so the
pieces line up again. A pause is a run of at least :data:`GAP_SAMPLES` zero samples right after sound
that had not faded (the shipped cues fade to under 100 before they end, and hold no run of zeros longer
than 12): silence between cues is left as it is. How much was dropped is read from the cue sounding on
both sides of the pause (where the sound after it sits in that cue, less where the sound before it
ends), or, where no one cue clearly fits both sides (a tick in a chime's tail), by continuing the sound
before the pause (linear prediction: cues are sums of decaying tones) and finding where the sound after
it joins that course. Nothing is added but silence, so a cue that was never played is still nowhere.
"""

from __future__ import annotations

import numpy as np

__all__ = ["GAP_SAMPLES", "mended", "pauses"]

GAP_SAMPLES = 64
CUT_LEVEL = 200  # a sound this loud just before a run of zeros was cut off, not faded out
ORDER = 32  # of the linear prediction
LEARN = 882  # 20 ms of sound before a pause to learn its course from
SLIP = 2205  # at most 50 ms dropped where the server ran dry (one period of the player)
JOIN = 441  # 10 ms of sound after a pause compared with the course
PIECE = 4410  # at most 100 ms of sound on each side of a pause placed in a cue
PLACED = 0.9  # how well both sides must match one cue for it to tell what was dropped


def pauses(recording: np.ndarray) -> list[tuple[int, int]]:
    """Where the server waited for a stalled player: (first, end) sample indices of each run of zeros."""
    zero = np.concatenate([[False], recording == 0, [False]])
    edges = np.diff(zero.astype(np.int8))
    found = []
    for first, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        before = recording[max(0, first - GAP_SAMPLES) : first]
        cut = len(before) > 0 and float(np.abs(before).max()) >= CUT_LEVEL
        if cut and end - first >= GAP_SAMPLES and first >= LEARN and end < len(recording):
            found.append((int(first), int(end)))
    return found


def course(before: np.ndarray, length: int) -> np.ndarray:
    """``length`` samples continuing ``before`` by linear prediction (its scale does not matter)."""
    x = before / (float(np.abs(before).max()) or 1.0)
    r = np.array([np.dot(x[: len(x) - k], x[k:]) for k in range(ORDER + 1)])
    toeplitz = np.array([[r[abs(i - j)] for j in range(ORDER)] for i in range(ORDER)])
    weights = np.linalg.solve(toeplitz + 1e-9 * r[0] * np.eye(ORDER) + 1e-12 * np.eye(ORDER), r[1:])
    history = list(x[-ORDER:][::-1])  # newest first, as the weights are
    out = np.empty(length)
    for n in range(length):
        out[n] = float(np.dot(weights, history))
        history.insert(0, out[n])
        history.pop()
    return out


def dropped(before: np.ndarray, after: np.ndarray) -> int:
    """How many samples were dropped between ``before`` and ``after``: where ``after`` joins the course."""
    predicted = course(before, SLIP + JOIN)
    heard = after[:JOIN]
    norm = float(np.linalg.norm(heard)) or 1.0
    scores = [
        float(np.dot(predicted[d : d + JOIN], heard))
        / ((float(np.linalg.norm(predicted[d : d + JOIN])) or 1.0) * norm)
        for d in range(SLIP + 1)
    ]
    return int(np.argmax(scores))


def placed(piece: np.ndarray, template: np.ndarray) -> tuple[int, float]:
    """Where ``piece`` sits in ``template`` (its first sample's index) and how well it matches there."""
    if len(piece) > len(template) or not np.any(piece):
        return 0, 0.0
    size = 1 << (len(template) + len(piece)).bit_length()
    raw = np.fft.irfft(np.fft.rfft(template, size) * np.conj(np.fft.rfft(piece, size)), size)
    raw = raw[: len(template) - len(piece) + 1]
    power = np.concatenate([[0.0], np.cumsum(template**2)])
    window = np.sqrt(np.maximum(power[len(piece) :] - power[: -len(piece)], 1e-9))
    scores = raw / (float(np.linalg.norm(piece)) * window)
    at = int(np.argmax(scores))
    return at, float(scores[at])


def dropped_from(before: np.ndarray, after: np.ndarray, templates: list[np.ndarray]) -> int | None:
    """The samples dropped between ``before`` and ``after`` when both are clearly parts of one of the
    ``templates``: where ``after`` begins in it less where ``before`` ends. None when none fits."""
    best: tuple[float, int] | None = None
    for template in templates:
        head, head_match = placed(before, template)
        tail, tail_match = placed(after, template)
        lost = tail - (head + len(before))
        match = min(head_match, tail_match)
        if match >= PLACED and 0 <= lost <= SLIP and (best is None or match > best[0]):
            best = (match, lost)
    return None if best is None else best[1]


def mended(recording: np.ndarray, templates: list[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The recording with each pause replaced by the samples dropped there (as silence), and for each
    sample of it the index in ``recording`` it comes from (or, for put-back silence, the pause's).

    How much was dropped is read from the sounds expected (``templates``) where the sound on both sides
    of the pause is clearly one of them, else from the course of the sound before the pause.
    """
    samples = np.asarray(recording, dtype=np.float64)
    found = pauses(samples)
    pieces: list[np.ndarray] = []
    where: list[np.ndarray] = []
    at = 0
    for index, (first, end) in enumerate(found):
        # The sound on each side, up to PIECE samples, not across another pause.
        start = max(at, first - PIECE)
        stop = min(found[index + 1][0] if index + 1 < len(found) else len(samples), end + PIECE)
        lost = dropped_from(samples[start:first], samples[end:stop], templates or [])
        if lost is None:
            lost = dropped(samples[first - LEARN : first], samples[end:])
        pieces += [samples[at:first], np.zeros(lost)]
        where += [np.arange(at, first), np.full(lost, first)]
        at = end
    pieces.append(samples[at:])
    where.append(np.arange(at, len(samples)))
    return np.concatenate(pieces), np.concatenate(where)
