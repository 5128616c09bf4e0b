r"""Gradient descent with momentum on an ill-conditioned 2-D bowl: learning rate and momentum.

The bowl is :math:`L(w) = \tfrac12 (h_1 w_1^2 + h_2 w_2^2)`; the steps follow
``torch.optim.SGD`` (:func:`nnprimer.optim.gradient_descent`):
:math:`b_t = \mu b_{t-1} + \nabla L(w_t)`, :math:`w_{t+1} = w_t - \eta b_t`.
Each coordinate is a 1-D quadratic of its own, so the run converges exactly when
:math:`\eta\, h_{\max} < 2(1 + \mu)` (:func:`nnprimer.optim.stability_limit`); the
readout says which side of the limit the sliders are on.

>>> path, verdict = descent_path(0.15, 0.0)
>>> verdict, path.shape
('converges', (41, 2))
>>> descent_path(0.21, 0.0)[1]
'diverges'
"""

from __future__ import annotations

import html
import math

import numpy as np

from ..._i18n import N_, _t, get_language
from ...optim import gradient_descent, quadratic, stability_limit
from ..._validation import real_number
from ...widgets.core import Control, Frame, Scene, Series, number
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = [
    "DESCENT_CURVATURES",
    "DESCENT_START",
    "DESCENT_STEPS",
    "descent_controls",
    "descent_explorer",
    "descent_explorer_html",
    "descent_path",
    "descent_scenes",
]

#: Curvatures (h1, h2) of the bowl: condition number 10.
DESCENT_CURVATURES = (1.0, 10.0)
#: Where every run starts.
DESCENT_START = (-1.8, 0.9)
#: Number of steps drawn.
DESCENT_STEPS = 40
#: The chart shows w1 in [-2, 2] and w2 in [-1.2, 1.2]; a diverging path is cut at |w| > 4.
_XLIM = (-2.0, 2.0)
_YLIM = (-1.2, 1.2)
_CUT = 4.0
_CONTOUR_LEVELS = (0.05, 0.3, 1.0, 2.5)
_MOMENTA = (0.0, 0.5, 0.9)
CONTOUR_COLOR = "#8a8a8a"
PATH_COLOR = "#d95f02"


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_DESCENT_READOUT = N_(
    "lr·h_max = {eta_h} (limit 2(1 + μ) = {limit}): {verdict}; loss after {steps} steps "
    "{loss}")
_DESCENT_CAPTION = N_(
    "L(w) = ½(h₁w₁² + h₂w₂²) with h = ({h1}, {h2}); {steps} steps of torch.optim.SGD's rule "
    "from ({w1}, {w2}). Grey ellipses: contours of L.")
_DESCENT_EXPLORER_TITLE = N_("Descent explorer: learning rate and momentum on a 2-D bowl")
_DESCENT_NOTE = N_(
    "Static version: precomputed by nnprimer.optim.gradient_descent; run the notebook to "
    "move the sliders with a kernel.")


def descent_controls() -> tuple[Control, Control]:
    """The controls: learning rate η (0.01 .. 0.39 in steps of 0.02) and momentum μ (0, 0.5, 0.9).

    The grid steps over the limits 0.2 (μ = 0) and 0.38 (μ = 0.9) of the bowl, never onto
    them. Their names are ``torch.optim.SGD``'s arguments; their labels are in the current
    language.
    """
    lr = Control.slider("lr", 0.01, 0.39, 20, start=0.11, label=_t("learning rate"))
    momentum = Control("momentum", _MOMENTA, 0, label=_t("momentum"))
    return lr, momentum


def descent_path(lr: float, momentum: float, *, steps: int = DESCENT_STEPS) -> tuple[np.ndarray, str]:
    """The trajectory from :data:`DESCENT_START` and ``"converges"`` or ``"diverges"``.

    The verdict comes from the stability limit :math:`\\eta h_{\\max} < 2(1 + \\mu)`, not
    from the drawn steps (a run just below the limit converges too slowly to tell).
    """
    lr = real_number(lr, "lr")
    momentum = real_number(momentum, "momentum")
    _, grad = quadratic(DESCENT_CURVATURES)
    path = gradient_descent(grad, DESCENT_START, lr=lr, steps=steps, momentum=momentum)
    verdict = "converges" if lr < stability_limit(DESCENT_CURVATURES, momentum) else "diverges"
    return path, verdict


def _drawn(path: np.ndarray) -> np.ndarray:
    """The path up to and including its first point beyond |w| > 4 (the chart clips the rest)."""
    outside = ~np.all(np.isfinite(path), axis=1) | (np.abs(path).max(axis=1) > _CUT)
    if outside.any():
        end = int(np.argmax(outside))
        path = path[: end + 1]
        path = np.clip(np.nan_to_num(path, nan=_CUT, posinf=_CUT, neginf=-_CUT), -_CUT, _CUT)
    return path


def _contours() -> list[np.ndarray]:
    t = np.linspace(0.0, 2.0 * math.pi, 41)
    h1, h2 = DESCENT_CURVATURES
    return [np.column_stack([math.sqrt(2 * c / h1) * np.cos(t), math.sqrt(2 * c / h2) * np.sin(t)])
            for c in _CONTOUR_LEVELS]


def _readout(lr: float, momentum: float, path: np.ndarray, verdict: str, language: str) -> str:
    f, _ = quadratic(DESCENT_CURVATURES)
    with np.errstate(over="ignore", invalid="ignore"):
        loss = f(path[-1]) if np.all(np.isfinite(path[-1])) else math.inf
    return _t(_DESCENT_READOUT, language, eta_h=number(lr * max(DESCENT_CURVATURES), 3),
              limit=number(2 * (1 + momentum), 3),
              verdict=_t("converges", language) if verdict == "converges" else _t("diverges", language),
              steps=len(path) - 1, loss=number(loss, 3) if math.isfinite(loss) and loss < 1e6 else "> 10⁶")


def _caption(language: str) -> str:
    h1, h2 = DESCENT_CURVATURES
    return html.escape(_t(_DESCENT_CAPTION, language, h1=number(h1), h2=number(h2), steps=DESCENT_STEPS,
                          w1=number(DESCENT_START[0]), w2=number(DESCENT_START[1])))


def descent_scenes() -> list[Scene]:
    """One scene of paths (contours and trajectory), a frame per (lr, momentum) pair."""
    language = get_language()
    lr_control, mu_control = descent_controls()
    contours = _contours()

    def frame(lr: float, momentum: float) -> Frame:
        path, verdict = descent_path(lr, momentum)
        return Frame([contours, _drawn(path)], marks=[(1, 0.0, 0.0)],
                     title=_t("lr = {lr}, momentum = {mu}", language, lr=lr_control.label_of(lr),
                              mu=mu_control.label_of(momentum)),
                     readout=_readout(lr, momentum, path, verdict, language))

    return [Scene.from_function("bowl", frame, (lr_control, mu_control), x=np.array(_XLIM),
                                caption=_caption(language), ylim=_YLIM, ylabel="w₂")]


def _spec() -> ExplorerSpec:
    language = get_language()
    series = [Series(_t("contours of L", language), CONTOUR_COLOR, width=1.0, kind="path"),
              Series(_t("trajectory", language), PATH_COLOR, width=2.0, kind="path")]
    return ExplorerSpec(descent_scenes(), series, title=_t(_DESCENT_EXPLORER_TITLE, language), xlabel="w₁",
                        note=_t(_DESCENT_NOTE, language), tolerance=1e-3, description="descent explorer",
                        language=language)


def descent_explorer_html() -> str:
    """The kernel-free form of :func:`descent_explorer` (needs only numpy)."""
    return _spec().html()


def descent_explorer() -> Explorer:
    """An explorer of gradient descent with momentum on the bowl ½(w₁² + 10·w₂²).

    A slider sets the learning rate η (0.01 .. 0.39), another the momentum μ (0, 0.5,
    0.9); the chart shows 40 steps from (-1.8, 0.9) over the contours of the loss, and
    the readout compares :math:`\\eta h_{\\max}` with the limit :math:`2(1 + \\mu)`. The
    static form holds the same 60 frames, precomputed.

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec())
