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
    # sigmoid chapter
    "weight_1": {"en": "weight w₁", "zh": "权重 w₁"},
    "weight_2": {"en": "weight w₂", "zh": "权重 w₂"},
    "target_weights": {"en": "target w*", "zh": "目标 w*"},
    # explorers (nnprimer.widgets): saturation of sigmoid/tanh, softmax with temperature
    "saturation_explorer_title": {"en": "Saturation explorer: {name}(a·x + b)",
                                  "zh": "饱和区浏览器：{name}(a·x + b)"},
    "saturation_frame_title": {"en": "{name}(a·x + b) with a = {a}, b = {b}",
                               "zh": "{name}(a·x + b)，a = {a}，b = {b}"},
    "scaled_function": {"en": "f(a·x + b)", "zh": "f(a·x + b)"},
    "scaled_derivative": {"en": "f'(a·x + b)", "zh": "f'(a·x + b)"},
    "saturated_where": {"en": "saturated (f' < {threshold}) for {where}: {share} of [{lo}, {hi}]",
                        "zh": "饱和区（f' < {threshold}）：{where}，占 [{lo}, {hi}] 的 {share}"},
    "saturated_none": {"en": "no saturation in [{lo}, {hi}]: f' ≥ {threshold} everywhere",
                       "zh": "[{lo}, {hi}] 内没有饱和区：处处 f' ≥ {threshold}"},
    "either": {"en": " or ", "zh": " 或 "},
    "saturation_rule": {"en": "Shaded: saturated, f'(z) < {threshold}, that is |z| > {z}.",
                        "zh": "阴影部分为饱和区：f'(z) < {threshold}，即 |z| > {z}。"},
    "softmax_explorer_title": {"en": "Softmax explorer: softmax(z / T)",
                               "zh": "softmax 浏览器：softmax(z / T)"},
    "logits": {"en": "logits", "zh": "未归一化分数"},
    "temperature": {"en": "temperature T", "zh": "温度 T"},
    "softmax_frame_title": {"en": "softmax(z / T) with T = {t}", "zh": "softmax(z / T)，T = {t}"},
    "softmax_readout": {"en": "entropy {h} nats (at most ln {k} = {hmax}); largest probability {top}",
                        "zh": "熵 {h} 奈特（最大为 ln {k} = {hmax}）；最大概率 {top}"},
    "softmax_note": {"en": "Static version: a few logit vectors, precomputed by nnprimer; run the notebook to set "
                           "the logits yourself.",
                     "zh": "静态版本：几组未归一化分数的结果由 nnprimer 预先计算；运行笔记本即可自己设置分数。"},
    "softmax_preset": {"en": "logits z", "zh": "分数 z"},
    # why-activation chapter
    "target": {"en": "target", "zh": "目标曲线"},
    "relu_sum": {"en": "sum of {k} ReLUs", "zh": "{k} 个 ReLU 之和"},
    "kinks": {"en": "kinks", "zh": "折点"},
    "relu_fit_title": {"en": "{k} ReLU units: {p} pieces, RMS error {err:.3f}",
                       "zh": "{k} 个 ReLU 单元：{p} 段直线，均方根误差 {err:.3f}"},
    "fit_slope": {"en": "slope of the fit (autograd)", "zh": "拟合曲线的斜率（自动微分）"},
    "target_slope": {"en": "slope of the target", "zh": "目标曲线的斜率"},
    "n_units": {"en": "number of ReLU units k", "zh": "ReLU 单元数 k"},
    "rms_error": {"en": "RMS error", "zh": "均方根误差"},
    "relu_sum_k": {"en": "sum of k ReLUs", "zh": "k 个 ReLU 之和"},
    "relu_fit_explorer_title": {"en": "ReLU pieces: the best sum of k ReLUs for a curve",
                                "zh": "ReLU 拼折线：用 k 个 ReLU 之和拟合曲线"},
    "relu_fit_frame_title": {"en": "k = {k}", "zh": "k = {k}"},
    "relu_fit_readout": {"en": "k = {k} ReLU units: straight pieces {p}, kinks inside {kinks}; "
                               "RMS error {rms}, largest error {max}",
                         "zh": "k = {k} 个 ReLU 单元：直线段数 {p}，区间内折点数 {kinks}；"
                               "均方根误差 {rms}，最大误差 {max}"},
    "relu_fit_caption": {"en": "Knots t_j evenly spaced from the left end; weights a_j and bias c "
                               "by least squares. Dots mark the kinks.",
                         "zh": "节点 t_j 从左端起等距排列；权重 a_j 和偏置 c 由最小二乘法求得。圆点标出折点。"},
    # softmax chapter
    "softmax_logit0": {"en": "logit z₀ (the others fixed)", "zh": "logit z₀（其余固定）"},
    "softmax_component": {"en": "softmax(z)_{i}", "zh": "softmax(z)_{i}"},
    "softmax_derivative": {"en": "∂y₀/∂z₀ (autograd)", "zh": "∂y₀/∂z₀（自动微分）"},
    "softmax_title": {"en": "softmax of z = (z₀, {others})", "zh": "z = (z₀, {others}) 的 softmax"},
    "class_index": {"en": "class", "zh": "类别"},
    "temperature_entropy": {"en": "T = {t:g} (entropy {h:.2f} nats)", "zh": "T = {t:g}（熵 {h:.2f} 奈特）"},
    "temperature_title": {"en": "softmax(z / T) for z = {z}", "zh": "z = {z} 时的 softmax(z / T)"},
    "digit_true_pred": {"en": "label {y}, predicted {p}", "zh": "真实 {y}，预测 {p}"},
    # back-propagation chapter
    "coord_1": {"en": "x₁", "zh": "x₁"},
    "coord_2": {"en": "x₂", "zh": "x₂"},
    "gradient_field": {"en": "gradient ∇f", "zh": "梯度 ∇f"},
    "fd_step": {"en": "step h", "zh": "步长 h"},
    "fd_error": {"en": "absolute error", "zh": "绝对误差"},
    "fd_central": {"en": "central difference", "zh": "中心差分"},
    "fd_forward": {"en": "forward difference", "zh": "前向差分"},
    "fd_explorer_title": {"en": "Finite-difference explorer: the step h", "zh": "有限差分浏览器：步长 h"},
    "fd_frame_title": {"en": "secant through 1 ± h, h = {h}", "zh": "过 1 ± h 两点的割线，h = {h}"},
    "fd_readout": {"en": "h = {h}: central difference {d} (exact cos 1 = 0.540302305868), error {e}; "
                         "truncation ≈ {t}, round-off ≈ {r}: {which} dominates",
                   "zh": "h = {h}：中心差分 {d}（精确值 cos 1 = 0.540302305868），误差 {e}；"
                         "截断误差约 {t}，舍入误差约 {r}：{which}占主导"},
    "fd_truncation": {"en": "truncation", "zh": "截断误差"},
    "fd_roundoff": {"en": "round-off", "zh": "舍入误差"},
    "fd_tangent": {"en": "tangent at 1 (slope cos 1)", "zh": "1 处的切线（斜率 cos 1）"},
    "fd_secant": {"en": "secant through 1 ± h", "zh": "过 1 ± h 的割线"},
    "fd_caption": {"en": "The central difference (sin(1 + h) − sin(1 − h)) / 2h is the slope of the secant. "
                         "Truncation error ≈ h²/6 · |cos 1|, round-off error ≈ ε · |sin 1| / h with ε = 2.2e-16.",
                   "zh": "中心差分 (sin(1 + h) − sin(1 − h)) / 2h 就是割线的斜率。"
                         "截断误差约为 h²/6 · |cos 1|，舍入误差约为 ε · |sin 1| / h，其中 ε = 2.2e-16。"},
    "fd_note": {"en": "Static version: the 16 steps precomputed by nnprimer; run the notebook to use the slider "
                      "in a kernel.",
                "zh": "静态版本：16 个步长的结果由 nnprimer 预先计算；运行笔记本即可在内核中拖动滑块。"},
    # vanishing-gradients chapter (widgets.gradient_flow)
    "flow_explorer_title": {"en": "Gradient flow explorer: gradient norm per layer at initialisation",
                            "zh": "梯度流探索器：初始化时各层的梯度范数"},
    "flow_frame_title": {"en": "{depth} hidden layers, {activation}, init {init}",
                         "zh": "{depth} 个隐藏层，{activation}，初始化 {init}"},
    "flow_readout": {"en": "layer 1 / layer {depth}: {ratio} (gradient norms {first} and {last})",
                     "zh": "第 1 层 / 第 {depth} 层：{ratio}（梯度范数分别为 {first} 和 {last}）"},
    "flow_caption": {"en": "A fresh MLP with hidden layers of width {width} on the digits training set, "
                           "cross-entropy loss, seed 0; the last point is the output layer.",
                     "zh": "新建的 MLP，隐藏层宽 {width}，在手写数字训练集上计算交叉熵损失，种子 0；"
                           "最后一个点是输出层。"},
    # initialisation chapter (widgets.init_hist, plot.layer_grid)
    "init_explorer_title": {"en": "Initialisation explorer: activations layer by layer",
                            "zh": "初始化浏览器：逐层的激活值分布"},
    "init_frame_title": {"en": "{activation}, init {init}", "zh": "{activation}，初始化 {init}"},
    "init_readout": {"en": "std of the activations by layer: {stds}", "zh": "各层激活值的标准差：{stds}"},
    "init_caption": {"en": "A random MLP of {depth} layers of width {width}, no biases, {n} standard-normal "
                           "inputs. Log y axis: the share of a layer's values in each bin of width 0.1; "
                           "values beyond ±3 are counted in the end bins.",
                     "zh": "随机 MLP：{depth} 层，每层 {width} 个单元，无偏置，输入为 {n} 个标准正态样本。"
                           "纵轴为对数刻度：每个宽 0.1 的区间内该层取值所占的比例；超出 ±3 的值计入两端的区间。"},
    "layer_n": {"en": "layer {n}", "zh": "第 {n} 层"},
    "activation_value": {"en": "activation value h", "zh": "激活值 h"},
    "share_of_values": {"en": "share of values", "zh": "取值占比"},
    "pytorch_default": {"en": "PyTorch default", "zh": "PyTorch 默认"},
    # gradient-descent chapter (widgets.descent, optim trajectories)
    "descent_explorer_title": {"en": "Descent explorer: learning rate and momentum on a 2-D bowl",
                               "zh": "梯度下降浏览器：二维碗形函数上的学习率与动量"},
    "descent_frame_title": {"en": "lr = {lr}, momentum = {mu}", "zh": "学习率 {lr}，动量 {mu}"},
    "descent_readout": {"en": "lr·h_max = {eta_h} (limit 2(1 + μ) = {limit}): {verdict}; "
                              "loss after {steps} steps {loss}",
                        "zh": "学习率×最大曲率 = {eta_h}（上限 2(1 + μ) = {limit}）：{verdict}；"
                              "{steps} 步后损失 {loss}"},
    "descent_converges": {"en": "converges", "zh": "收敛"},
    "descent_diverges": {"en": "diverges", "zh": "发散"},
    "descent_caption": {"en": "L(w) = ½(h₁w₁² + h₂w₂²) with h = ({h1}, {h2}); {steps} steps of "
                              "torch.optim.SGD's rule from ({w1}, {w2}). Grey ellipses: contours of L.",
                        "zh": "L(w) = ½(h₁w₁² + h₂w₂²)，h = ({h1}, {h2})；从 ({w1}, {w2}) 出发，"
                              "按 torch.optim.SGD 的规则走 {steps} 步。灰色椭圆：L 的等高线。"},
    "descent_note": {"en": "Static version: precomputed by nnprimer.optim.gradient_descent; run the notebook "
                           "to move the sliders with a kernel.",
                     "zh": "静态版本：由 nnprimer.optim.gradient_descent 预先计算；运行笔记本即可在内核中拖动滑块。"},
    "trajectory": {"en": "trajectory", "zh": "轨迹"},
    "contours": {"en": "contours of L", "zh": "L 的等高线"},
    "gd_learning_rate": {"en": "learning rate η", "zh": "学习率 η"},
    "gd_momentum": {"en": "momentum μ", "zh": "动量 μ"},
    "gd_step_loss": {"en": "mini-batch loss", "zh": "小批量损失"},
    "gd_wall_time": {"en": "wall time (s)", "zh": "耗时（秒）"},
    # optim.check_momentum_step (printed on the chapter's pages)
    "momentum_check_raised": {"en": "step {t}: your function raised {error}",
                              "zh": "第 {t} 步：你的函数抛出了异常 {error}"},
    "momentum_check_shape": {"en": "step {t}: expected w and buf of shape {shape}, got {w} and {buf}",
                             "zh": "第 {t} 步：w 和 buf 的形状应为 {shape}，实际为 {w} 和 {buf}"},
    "momentum_check_first": {"en": "step {t}: w is {w}, torch.optim.SGD gives {ref} (the first step of momentum "
                                   "SGD is a plain gradient step: buf starts at 0)",
                             "zh": "第 {t} 步：w 为 {w}，torch.optim.SGD 给出 {ref}（动量 SGD 的第一步就是普通的"
                                   "梯度步：buf 从 0 开始）"},
    "momentum_check_later": {"en": "step {t}: w is {w}, torch.optim.SGD gives {ref} (the first steps matched: look "
                                   "at how the buffer carries the past gradients)",
                             "zh": "第 {t} 步：w 为 {w}，torch.optim.SGD 给出 {ref}（前面几步一致：检查缓冲是怎样"
                                   "累积过去的梯度的）"},
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
