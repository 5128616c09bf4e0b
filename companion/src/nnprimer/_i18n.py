"""The language of plot labels and widget labels: English (``"en"``) or Chinese (``"zh"``).

Chapters in ``book/zh`` call ``nnprimer.set_language("zh")`` once; everything the package
draws afterwards is labelled in Chinese (falling back to English, with one notice, where
no CJK font is installed -- see :mod:`nnprimer.plot`).
"""

from __future__ import annotations

_LANGUAGES = ("en", "zh")
_ALIASES = {"en": "en", "en-us": "en", "en-gb": "en", "english": "en",
            "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-sg": "zh", "chinese": "zh"}
_state = {"language": "en"}

# One table of every label the package draws; keys are stable identifiers.
LABELS: dict[str, dict[str, str]] = {
    "input": {"en": "input x", "zh": "输入 x"},
    "output": {"en": "output", "zh": "输出"},
    "function": {"en": "f(x)", "zh": "f(x)"},
    "derivative": {"en": "f'(x) (autograd)", "zh": "f'(x)（自动微分）"},
    "derivative_ref": {"en": "f'(x)", "zh": "f'(x)"},
    "activation": {"en": "activation", "zh": "激活函数"},
    "parameter": {"en": "parameter", "zh": "参数"},
    "epoch": {"en": "epoch", "zh": "轮次（epoch）"},
    "step": {"en": "step", "zh": "步数"},
    "loss": {"en": "loss", "zh": "损失"},
    "train_loss": {"en": "training loss", "zh": "训练损失"},
    "val_loss": {"en": "test loss", "zh": "测试损失"},
    "accuracy": {"en": "accuracy", "zh": "准确率"},
    "train_acc": {"en": "training accuracy", "zh": "训练准确率"},
    "val_acc": {"en": "test accuracy", "zh": "测试准确率"},
    "layer": {"en": "layer", "zh": "层"},
    "grad_norm": {"en": "gradient norm", "zh": "梯度范数"},
    "dead_units": {"en": "dead units", "zh": "死亡单元数"},
    "dead_fraction": {"en": "fraction of dead units", "zh": "死亡单元比例"},
    "depth": {"en": "depth", "zh": "深度"},
    "width": {"en": "width", "zh": "宽度"},
    "probability": {"en": "probability", "zh": "概率"},
    "time_us": {"en": "time per element (ns)", "zh": "每个元素耗时（纳秒）"},
    "variant": {"en": "variant", "zh": "变体"},
    "function_and_derivative": {"en": "{name}: function and derivative",
                                "zh": "{name}：函数与导数"},
    "explorer_title": {"en": "Activation explorer", "zh": "激活函数浏览器"},
    "static_note": {"en": "Static version: values precomputed by nnprimer, no kernel needed.",
                    "zh": "静态版本：数值由 nnprimer 预先计算，无需内核。"},
    "derivative_at_zero": {"en": "PyTorch's f'(0)", "zh": "PyTorch 给出的 f'(0)"},
    "no_parameter": {"en": "no parameter", "zh": "无参数"},
    "rrelu_eval": {"en": "evaluation mode: negative slope (lower + upper) / 2 = {slope}",
                   "zh": "评估模式：负半轴斜率 (lower + upper) / 2 = {slope}"},
}


def set_language(language: str) -> None:
    """Choose the language of labels drawn by nnprimer: ``"en"`` or ``"zh"``.

    >>> import nnprimer
    >>> nnprimer.set_language("zh")
    >>> nnprimer.get_language()
    'zh'
    >>> nnprimer.set_language("en")
    """
    if not isinstance(language, str):
        raise TypeError(f"language must be a str such as 'en' or 'zh', got {type(language).__name__}")
    key = _ALIASES.get(language.strip().lower().replace("_", "-"))
    if key is None:
        raise ValueError(f"language must be one of {_LANGUAGES}, got {language!r}")
    _state["language"] = key


def get_language() -> str:
    """The current label language, ``"en"`` or ``"zh"``."""
    return _state["language"]


def text(key: str, language: str | None = None, **fields: object) -> str:
    """The label ``key`` in ``language`` (default: the current one), formatted with ``fields``."""
    entry = LABELS[key]
    return entry[language or get_language()].format(**fields)


def tr(*, en: str, zh: str, **fields: object) -> str:
    """Pick the text for the current language: ``tr(en="dead units", zh="死亡单元")``.

    Chapters use it so that a code cell is identical in the English and the Chinese
    notebook while what it prints follows the language. (For plot labels use
    :func:`nnprimer.plot.label`, which also checks that a CJK font is installed.)
    """
    return (zh if get_language() == "zh" else en).format(**fields)
