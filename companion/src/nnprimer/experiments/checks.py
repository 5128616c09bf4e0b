"""Checkers of the readers' answers to exercises: each runs the reader's function on a few
cases, one property each, and returns a list of problems (empty when all pass), in the
current language (:func:`nnprimer.set_language`), without giving the fix away.

The numpy checkers (softmax, binary cross-entropy on logits, tanh) share
:func:`_problem_on_case`, which runs one case and catches floating-point errors,
exceptions, wrong shapes and wrong values.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from .. import _i18n
from .. import init as _init
from .._validation import _describe, as_float_array, rng_from
from .backprop import _TWO_LAYER_KEYS, two_layer_autograd, two_layer_params
from .vanishing import clip_by_global_norm

__all__ = ["check_softmax_implementation", "check_bce_with_logits", "check_tanh_implementation",
           "check_parameter_gradients", "check_two_layer_backward", "check_kaiming_std", "check_clipping"]


def _problem_on_case(fn: Callable[..., Any], args: tuple, expected: np.ndarray, case: str, *,
                     divide: str = "raise", atol: float = 1e-12,
                     show: Callable[[np.ndarray], list] | None = None) -> str | None:
    r"""Run a reader's ``fn`` on one case of a checker; say what is wrong, or ``None`` if nothing.

    ``fn(*args)`` gets copies of the float64 arrays ``args``. It runs with every warning
    an error and numpy raising :class:`FloatingPointError` on overflow, NaN (invalid
    value) and, unless ``divide="ignore"``, division by zero; underflow to 0 is fine. The
    result, as a float64 array ``g``, passes when it has the shape of ``expected`` (``e``)
    and, entry by entry (``np.allclose``; infinities of the same sign in the same place
    count as equal),

    .. math:: |g_i - e_i| \le \text{atol} + 10^{-9}\, |e_i| .

    Otherwise the message names ``case`` and what happened, in the current language
    (:func:`nnprimer.set_language`): the floating-point problem, the exception, the shape,
    or the values (shown by ``show``, default rounded to 6 decimals, as a list).

    >>> _problem_on_case(np.exp, (np.array([1000.0]),), np.array([np.inf]), "x = 1000")
    'x = 1000: exp overflowed (a result too large for float64)'
    >>> _problem_on_case(np.negative, (np.array([1.0]),), np.array([-1.0]), "x = 1") is None
    True
    """
    import warnings

    if show is None:
        def show(a):
            return np.round(a, 6).tolist()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide=divide, under="ignore"):
                got = np.asarray(fn(*(a.copy() for a in args)), dtype=np.float64)
    except FloatingPointError as error:  # numpy's overflow, 0 division or NaN
        return _floating_point_problem(case, str(error))
    except Exception as error:  # the reader's code may fail in any way
        return _i18n.tr(en="{case}: raised {err}", zh="{case}：抛出了异常 {err}",
                        case=case, err=f"{type(error).__name__}: {error}")
    if got.shape != expected.shape:
        return _i18n.tr(en="{case}: returned shape {g}, expected {e}", zh="{case}：返回的形状是 {g}，应为 {e}",
                        case=case, g=got.shape, e=expected.shape)
    if not np.allclose(got, expected, rtol=1e-9, atol=atol):
        return _i18n.tr(en="{case}: returned {g}, expected {e}", zh="{case}：返回 {g}，应为 {e}",
                        case=case, g=show(got), e=show(expected))
    return None


_FP_KINDS = {
    "overflow": ("overflowed (a result too large for float64)", "上溢（结果超出了 float64 的范围）"),
    "divide by zero": ("divided by zero (or took log(0))", "除以了零（或计算了 log(0)）"),
    "invalid value": ("produced NaN (for example inf / inf or inf - inf)",
                      "产生了 NaN（例如 inf / inf 或 inf - inf）"),
}


def _floating_point_problem(case: str, message: str) -> str:
    """Describe numpy's FloatingPointError ("overflow encountered in exp") in the current language."""
    import re

    match = re.match(r"(overflow|divide by zero|invalid value) encountered in (\w+)", message)
    if match is None:
        return _i18n.tr(en="{case}: raised FloatingPointError: {m}", zh="{case}：抛出了 FloatingPointError：{m}",
                        case=case, m=message)
    en, zh = _FP_KINDS[match.group(1)]
    return _i18n.tr(en="{case}: {op} " + en, zh="{case}：{op} " + zh, case=case, op=match.group(2))


# Test inputs for check_softmax_implementation: (key, logits). Each probes one property.
_SOFTMAX_CASES = (
    ("ordinary", [1.0, 2.0, 3.0]),
    ("large", [1000.0, 0.0, -1000.0]),
    ("very_negative", [-1000.0, -1001.0, -1002.0]),
    ("small_probability", [0.0, -800.0]),  # e^-800 underflows to 0 in float64
    ("minus_inf", [0.0, -np.inf, 1.0]),
    ("batch", [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
)
_CASE_TEXT = {
    "ordinary": ("ordinary logits {z}", "普通的 logits {z}"),
    "large": ("large logits {z}", "很大的 logits {z}"),
    "very_negative": ("very negative logits {z}", "很负的 logits {z}"),
    "small_probability": ("a tiny probability {z}", "极小概率的情形 {z}"),
    "minus_inf": ("a -inf logit {z}", "含 -inf 的 logits {z}"),
    "batch": ("a batch of rows (shape (2, 3), softmax along the last axis)",
              "一批两行的输入（形状 (2, 3)，沿最后一维做 softmax）"),
}


def check_softmax_implementation(fn: Any, reference: str = "log_softmax") -> list[str]:
    r"""Test a reader's softmax or log-softmax against the companion's; list what is wrong.

    ``fn`` is called on a few float64 inputs, each probing one property (ordinary
    values, large logits that overflow ``exp``, very negative logits that underflow it,
    a probability below float64's smallest number, a ``-inf`` logit, a 2-D batch). An
    answer passes a case when it is close to :func:`nnprimer.activations.softmax` or
    :func:`~nnprimer.activations.log_softmax` (``rtol=1e-9``, ``atol=1e-12``, equal
    infinities) and raises no error, warning, overflow or division by zero (underflow to
    0 is fine). The messages describe the failing
    input and what came back, in the current language (:func:`nnprimer.set_language`),
    without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(x)`` on a numpy array.
    reference : {"log_softmax", "softmax"}
        Which function ``fn`` is meant to compute.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> from nnprimer import activations
    >>> check_softmax_implementation(activations.log_softmax)
    []
    >>> len(check_softmax_implementation(lambda x: np.log(activations.softmax(x)))) > 0
    True
    """
    from .. import activations
    from .._validation import choice

    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    reference = choice(reference, "reference", ("log_softmax", "softmax"))
    ref = getattr(activations, reference)
    problems = []
    for key, logits in _SOFTMAX_CASES:
        x = np.array(logits, dtype=np.float64)
        en, zh = _CASE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, z=x.tolist())
        expected = ref(x)
        # log(0) = -inf is the right answer where the reference is -inf itself
        divide = "ignore" if np.isneginf(expected).any() else "raise"
        problems.append(_problem_on_case(fn, (x,), expected, case, divide=divide))
    return [p for p in problems if p is not None]



# (logits, targets) of the cases check_bce_with_logits tries, one property each
_BCE_CASES = (
    ("ordinary", [-2.0, 0.0, 3.0], [0.0, 1.0, 1.0]),
    ("soft", [-1.0, 0.5, 2.0], [0.3, 0.5, 0.9]),
    ("confident_wrong", [30.0, -30.0], [0.0, 1.0]),
    ("huge_positive", [1000.0, 800.0], [0.0, 1.0]),
    ("huge_negative", [-1000.0, -800.0], [1.0, 0.0]),
)
_BCE_TEXT = {
    "ordinary": ("ordinary logits {z} with targets {t}", "普通的 logit {z}，目标 {t}"),
    "soft": ("soft targets {t} at logits {z}", "软目标 {t}，logit {z}"),
    "confident_wrong": ("confident wrong logits {z} with targets {t}", "自信却错误的 logit {z}，目标 {t}"),
    "huge_positive": ("huge positive logits {z} with targets {t}", "极大的正 logit {z}，目标 {t}"),
    "huge_negative": ("huge negative logits {z} with targets {t}", "绝对值极大的负 logit {z}，目标 {t}"),
}


def _bce_with_logits_reference(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    r""":math:`\log(1 + e^{z}) - t z`, computed without overflow as ``logaddexp(0, z) - t * z``."""
    return np.logaddexp(0.0, z) - t * z


def check_bce_with_logits(fn: Any) -> list[str]:
    r"""Test a reader's binary cross-entropy on logits; list what is wrong.

    The loss of logit :math:`z` and target :math:`t \in [0, 1]` is

    .. math:: \ell(z, t) = -\bigl(t \log \sigma(z) + (1 - t) \log(1 - \sigma(z))\bigr)
              = \log(1 + e^{z}) - t z ,

    what ``torch.nn.functional.binary_cross_entropy_with_logits(z, t, reduction="none")``
    computes. ``fn(z, t)`` is called on float64 arrays of a few cases, each probing one
    property (ordinary and soft targets, confident wrong logits :math:`\pm 30` where
    :math:`\sigma` rounds to 1 or 0 in float32, logits of :math:`\pm 1000` where
    :math:`e^{|z|}` overflows even in float64). A case passes when the result is close
    to the reference (``rtol=1e-9``, ``atol=1e-12``) and no error, warning, overflow,
    NaN or division by zero happened (underflow to 0 is fine). The messages describe the
    failing input and what came back, in the current language
    (:func:`nnprimer.set_language`), without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(z, t)`` with two float64 arrays of the same
        shape; returns the elementwise losses.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> check_bce_with_logits(lambda z, t: np.logaddexp(0.0, z) - t * z)
    []
    >>> len(check_bce_with_logits(lambda z, t: -(t * np.log(1 / (1 + np.exp(-z)))
    ...                                          + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z)))))) > 0
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    problems = []
    for key, logits, targets in _BCE_CASES:
        z = np.array(logits, dtype=np.float64)
        t = np.array(targets, dtype=np.float64)
        en, zh = _BCE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, z=z.tolist(), t=t.tolist())
        problems.append(_problem_on_case(fn, (z, t), _bce_with_logits_reference(z, t), case))
    return [p for p in problems if p is not None]


# Test inputs for check_tanh_implementation: (key, inputs). Each probes one property.
_TANH_CASES = (
    ("ordinary", [-2.0, -0.5, 0.0, 0.5, 2.0]),
    ("large", [20.0, 400.0, 1000.0]),
    ("very_negative", [-20.0, -400.0, -1000.0]),
    ("tiny", [1e-12, -3e-9, 2e-6]),
    ("batch", [[-1.0, 0.0], [1.0, 3.0]]),
)
_TANH_CASE_TEXT = {
    "ordinary": ("ordinary inputs {x}", "普通的输入 {x}"),
    "large": ("large inputs {x}", "很大的输入 {x}"),
    "very_negative": ("very negative inputs {x}", "很负的输入 {x}"),
    "tiny": ("inputs close to 0 {x} (compared with relative error 1e-9)",
             "接近 0 的输入 {x}（按相对误差 1e-9 比较）"),
    "batch": ("a 2-D array of shape (2, 2)", "形状为 (2, 2) 的二维数组"),
}


def check_tanh_implementation(fn: Any) -> list[str]:
    r"""Test a reader's float64 tanh against :func:`nnprimer.activations.tanh`; list what is wrong.

    ``fn`` is called on a few float64 arrays, each probing one property: ordinary inputs,
    large and very negative inputs (where :math:`e^{x}` or :math:`e^{-x}` overflows), inputs
    close to 0 (where :math:`e^{x} - e^{-x}` loses its leading digits to cancellation) and a
    2-D array. An answer passes a case when it agrees with the reference to a relative
    error of :math:`10^{-9}` (absolute :math:`10^{-12}` except for the inputs close to 0,
    which are compared relatively only) and raises no error, warning, overflow or NaN.
    Messages describe the failing input and what came back, in the current language
    (:func:`nnprimer.set_language`), without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(x)`` on a float64 numpy array.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> check_tanh_implementation(np.tanh)
    []
    >>> naive = lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    >>> len(check_tanh_implementation(naive)) > 0
    True
    """
    from .. import activations

    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    problems = []
    for key, values in _TANH_CASES:
        x = np.array(values, dtype=np.float64)
        en, zh = _TANH_CASE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, x=x.tolist())
        problems.append(_problem_on_case(fn, (x,), activations.tanh(x), case,
                                         atol=0.0 if key == "tiny" else 1e-12, show=_ten_digits))
    return [p for p in problems if p is not None]


def _ten_digits(a: np.ndarray) -> list[float]:
    """The entries of ``a`` as a flat list, rounded to 10 significant digits (for messages)."""
    return [float(f"{v:.10g}") for v in a.ravel()]


def check_parameter_gradients(loss: Callable[[dict], Any], grads: Any, params: Any, *, h: float = 1e-5,
                              tol: float = 1e-6) -> dict:
    r"""Gradient-check each parameter array separately, to find *where* a backward pass is wrong.

    For every name in ``params``, :func:`nnprimer.grad.gradient_check` compares
    ``grads[name]`` with the central difference of ``loss`` with respect to that array,
    the others held fixed:

    .. math:: \frac{\partial L}{\partial \theta_i} \approx
              \frac{L(\theta + h e_i) - L(\theta - h e_i)}{2h}.

    Parameters
    ----------
    loss : callable
        Takes a dict like ``params`` and returns a scalar.
    grads, params : dict of str to array
        The analytic gradients and the point, with the same keys.

    Returns
    -------
    dict of str to GradientCheck
        In the order of ``params``; ``result[name].worst_index`` is the entry with the
        largest error.

    >>> from nnprimer import grad
    >>> r = check_parameter_gradients(lambda p: np.sum(p["w"] ** 2), {"w": [2.0, 4.0]}, {"w": [1.0, 2.0]})
    >>> bool(r["w"])
    True
    """
    from .. import grad as _grad

    if not callable(loss):
        raise TypeError(f"loss must be a callable taking a dict of parameters, got {_describe(loss)}")
    for name, value in (("grads", grads), ("params", params)):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict of parameter name to array, got {_describe(value)}")
    if set(grads) != set(params):
        raise ValueError(f"grads and params must have the same keys, got {sorted(grads)} and {sorted(params)}")
    base = {k: np.array(as_float_array(v, f"params[{k!r}]"), dtype=np.float64) for k, v in params.items()}
    results = {}
    for name in base:
        def partial(value, name=name):
            return loss({**base, name: value})
        results[name] = _grad.gradient_check(partial, grads[name], base[name], h=h, tol=tol)
    return results


def check_two_layer_backward(backward: Callable[..., Any], activation: str = "tanh", *, seed: int = 0) -> list[str]:
    r"""Test a hand-written backward pass of the two-layer network against autograd.

    ``backward(params, X, y)`` must return a dict with keys ``W1, b1, W2, b2``: the
    gradient of the mean cross-entropy :func:`two_layer_loss` (with ``activation`` in
    the hidden layer) with respect to each parameter. The checker calls it on a small
    random problem (8 examples, 4 inputs, 5 hidden units, 3 classes) and returns a list
    of problems, empty when every gradient matches ``torch.autograd`` to ``1e-8``. Each
    problem names the parameter and what is wrong (missing, shape, by how much, or a
    factor off) without giving the fix.

    >>> def zero_grads(params, X, y):
    ...     return {k: np.zeros_like(v) for k, v in params.items()}
    >>> len(check_two_layer_backward(zero_grads))
    4
    """
    from .. import activations as _act

    if not callable(backward):
        raise TypeError(f"backward must be a callable backward(params, X, y), got {_describe(backward)}")
    _act.get(activation)
    rng = rng_from(seed)
    params = two_layer_params(4, 5, 3, seed=seed)
    X = rng.standard_normal((8, 4))
    y = rng.integers(0, 3, size=8)
    expected = two_layer_autograd(params, X, y, activation)
    try:
        got = backward({k: v.copy() for k, v in params.items()}, X.copy(), y.copy())
    except Exception as exc:  # noqa: BLE001 - report the reader's error as a problem
        return [_i18n.tr(en="backward(params, X, y) raised {err}", zh="backward(params, X, y) 抛出了异常 {err}",
                         err=f"{type(exc).__name__}: {exc}")]
    if not isinstance(got, dict):
        return [_i18n.tr(en="backward must return a dict with keys {k}, got {g}",
                         zh="backward 应返回键为 {k} 的 dict，实际得到 {g}", k=list(_TWO_LAYER_KEYS), g=_describe(got))]
    problems = []
    for name in _TWO_LAYER_KEYS:
        if name not in got:
            problems.append(_i18n.tr(en="{n}: missing from the returned dict", zh="{n}：返回的 dict 里没有这一项", n=name))
            continue
        try:
            g = np.asarray(as_float_array(got[name], name), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            problems.append(_i18n.tr(en="{n}: not an array of numbers ({e})", zh="{n}：不是数值数组（{e}）", n=name, e=exc))
            continue
        e = expected[name]
        if g.shape != e.shape:
            problems.append(_i18n.tr(en="{n}: shape {g}, expected {e} (the shape of params[{r}])",
                                     zh="{n}：形状是 {g}，应为 {e}（即 params[{r}] 的形状）",
                                     n=name, g=g.shape, e=e.shape, r=repr(name)))
            continue
        err = np.abs(g - e)
        if not np.all(np.isfinite(g)):
            problems.append(_i18n.tr(en="{n}: contains NaN or inf", zh="{n}：含有 NaN 或 inf", n=name))
        elif err.max() > 1e-8 * max(1.0, np.abs(e).max()):
            worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), e.shape))
            ratio = np.sum(g * e) / np.sum(e * e) if np.sum(e * e) > 0 else np.nan
            hint = ""
            if not np.any(g):
                hint = _i18n.tr(en="; it is all zeros", zh="；它全是 0")
            elif np.isfinite(ratio) and abs(ratio) > 1e-3 and np.allclose(g, ratio * e, rtol=1e-6, atol=1e-12):
                hint = _i18n.tr(en="; it is the right gradient times {r:.4g} (a missing or extra factor?)",
                                zh="；它等于正确梯度乘以 {r:.4g}（少了或多了一个因子？）", r=ratio)
            problems.append(_i18n.tr(en="{n}: wrong, largest error {m:.3g} at index {w}{h}",
                                     zh="{n}：不对，最大误差 {m:.3g}，位于下标 {w}{h}", n=name, m=err.max(), w=worst, h=hint))
    return problems


def check_kaiming_std(fn: Any) -> list[str]:
    r"""Check a reader's ``fn(shape, nonlinearity="relu", mode="fan_in")`` against
    :func:`nnprimer.init.kaiming_std`, :math:`\text{gain}/\sqrt{\text{fan}}`.

    Returns a list of problems (empty when every case agrees to 1e-12 relative). Each
    problem names the case and, where the wrong value matches a common slip, says which
    (fan_in and fan_out swapped, the receptive field forgotten, the gain missing or
    squared, the variance returned instead of the std), without giving the formula.

    >>> import math
    >>> problems = check_kaiming_std(lambda shape, nonlinearity="relu", mode="fan_in": math.sqrt(2 / shape[1]))
    >>> problems[0]
    'shape (64, 128), relu, fan_out: got 0.125, expected 0.176777; looks like fan_in and fan_out swapped'
    """
    tr = _i18n.tr
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {_describe(fn)}")
    cases = [((64, 128), "relu", "fan_in"), ((64, 128), "relu", "fan_out"), ((32, 16, 3, 3), "relu", "fan_in"),
             ((32, 16, 3, 3), "tanh", "fan_out"), ((10, 50), "linear", "fan_in"), ((8, 4, 5), "sigmoid", "fan_in")]
    problems = []
    for shape, nonlinearity, mode in cases:
        name = tr(en="shape {s}, {nl}, {m}", zh="形状 {s}，{nl}，{m}", s=shape, nl=nonlinearity, m=mode)
        try:
            got = float(fn(shape, nonlinearity=nonlinearity, mode=mode))
        except Exception as error:  # report, do not crash the reader's notebook
            problems.append(tr(en="{c}: raised {t}: {e}", zh="{c}：抛出了异常 {t}：{e}",
                               c=name, t=type(error).__name__, e=error))
            continue
        want = _init.kaiming_std(shape, mode=mode, nonlinearity=nonlinearity)
        if math.isclose(got, want, rel_tol=1e-12):
            continue
        fan_in, fan_out = _init.fans(shape)
        fan = fan_in if mode == "fan_in" else fan_out
        other = fan_out if mode == "fan_in" else fan_in
        gain = _init.calculate_gain(nonlinearity)
        r = math.prod(shape[2:])
        slips = [
            (tr(en="fan_in and fan_out swapped", zh="扇入与扇出用反了"), gain / math.sqrt(other)),
            (tr(en="the receptive field (kernel size) is missing from the fan",
                zh="扇数中漏掉了感受野（卷积核大小）"), gain / math.sqrt(fan / r)),
            (tr(en="the gain is missing", zh="漏掉了增益"), 1 / math.sqrt(fan)),
            (tr(en="the gain is squared", zh="增益被平方了"), gain**2 / math.sqrt(fan)),
            (tr(en="this is the variance, not the standard deviation", zh="这是方差，不是标准差"), want**2),
        ]
        hint = next((tr(en="; looks like {k}", zh="；看起来是{k}", k=k) for k, v in slips
                     if math.isclose(got, v, rel_tol=1e-9)), "")
        problems.append(tr(en="{c}: got {g:.6g}, expected {w:.6g}{h}", zh="{c}：得到 {g:.6g}，应为 {w:.6g}{h}",
                           c=name, g=got, w=want, h=hint))
    return problems


def check_clipping(fn: Callable[..., Any]) -> list[str]:
    r"""Try a reader's ``fn(grads, max_norm)`` against :func:`clip_by_global_norm`; list the problems.

    ``fn`` receives a list of float64 arrays and :math:`c` and must return the clipped list
    (it may also return ``(clipped, total_norm)``). The cases check, one property each: a
    gradient below the threshold is unchanged; one above it is scaled to norm :math:`c`
    *as a whole* (the global norm over all arrays, not each array on its own); the
    direction is kept; the inputs are not modified. An empty list means every case passed.
    Messages say which case failed and what was seen, not how to fix it, in the language
    of :func:`nnprimer.set_language`.
    """
    zh = _i18n.get_language() == "zh"
    names = {"below": ("below the threshold", "低于阈值"),
             "one": ("above the threshold, one array", "超过阈值，一个数组"),
             "several": ("above the threshold, several arrays", "超过阈值，多个数组")}
    say = {k: v[1] if zh else v[0] for k, v in names.items()}
    if not callable(fn):
        raise TypeError(f"fn must be a callable fn(grads, max_norm), got {_describe(fn)}")
    rng = np.random.default_rng(0)
    cases = (
        ("below", [np.array([0.3, -0.4]), np.array([[0.1]])], 1.0),
        ("one", [np.array([3.0, 4.0])], 1.0),
        ("several", [rng.standard_normal((4, 3)), rng.standard_normal(5)], 0.5),
    )
    problems = []
    for key, grads, c in cases:
        name = say[key]
        originals = [g.copy() for g in grads]
        try:
            got = fn([g.copy() for g in grads], c) if key != "several" else fn(grads, c)
        except Exception as exc:  # noqa: BLE001 - report, do not crash the reader's notebook
            problems.append(f"{name}：抛出 {type(exc).__name__}: {exc}" if zh
                            else f"{name}: raised {type(exc).__name__}: {exc}")
            continue
        if isinstance(got, tuple) and len(got) == 2 and not isinstance(got[0], np.ndarray):
            got = got[0]
        if isinstance(got, np.ndarray):
            got = [got]
        expected, total = clip_by_global_norm(originals, c)
        try:
            got = [np.asarray(g, dtype=np.float64) for g in got]
        except (TypeError, ValueError):
            problems.append(f"{name}：应返回数组列表，得到 {_describe(got)}" if zh
                            else f"{name}: expected a list of arrays, got {_describe(got)}")
            continue
        if len(got) != len(expected) or any(g.shape != e.shape for g, e in zip(got, expected)):
            shapes, got_shapes = [e.shape for e in expected], [g.shape for g in got]
            problems.append(f"{name}：应返回 {len(expected)} 个形状为 {shapes} 的数组，得到的形状为 {got_shapes}" if zh
                            else f"{name}: expected {len(expected)} arrays of shapes {shapes}, got shapes {got_shapes}")
            continue
        if not all(np.allclose(g, e, rtol=1e-6, atol=1e-12) for g, e in zip(got, expected)):
            norm = math.sqrt(sum(float(np.sum(g * g)) for g in got))
            problems.append(
                f"{name}（全局范数 {total:.4g}，max_norm {c}）：结果的全局范数为 {norm:.4g}，"
                f"应为 {min(total, c):.4g}，且方向不变" if zh else
                f"{name} (global norm {total:.4g}, max_norm {c}): the result has global norm "
                f"{norm:.4g}, expected {min(total, c):.4g} with the direction unchanged")
        if any(not np.array_equal(g, o) for g, o in zip(grads, originals)):
            problems.append(f"{name}：输入的数组被修改了；应返回新数组" if zh
                            else f"{name}: the input arrays were modified; return new arrays")
    return problems
