"""The comparison table: built from the activations' class attributes; its derivative columns
(formula and PyTorch's value at each kink) agree with autograd."""

from __future__ import annotations

import re

import pytest

torch = pytest.importorskip("torch")

from nnprimer import activations as A  # noqa: E402
from nnprimer import tables  # noqa: E402


def _rows(language):
    md = tables.activation_table(A.ELEMENTWISE, language=language).markdown
    lines = md.splitlines()
    header = [c.strip() for c in lines[0].split("|")[1:-1]]
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == len(header), line
        rows[re.match(r"`(\w+)`", cells[0]).group(1)] = dict(zip(header, cells))
    return header, rows


def test_kink_column_matches_autograd_at_every_kink():
    header, rows = _rows("en")
    kink_col = next(h for h in header if "kink" in h)
    checked = 0
    for name, row in rows.items():
        pairs = re.findall(r"f'\(([-\d.]+)\) = ([-\d.e+]+)", row[kink_col])
        for x, value in pairs:
            t = torch.tensor([float(x)], dtype=torch.float64, requires_grad=True)
            A.get(name).torch(t).sum().backward()
            assert float(value) == pytest.approx(t.grad.item(), rel=1e-3, abs=1e-12), (name, x)
            checked += 1
        assert [float(x) for x, _ in pairs] == list(A.get(name).kinks), name
    assert checked >= 11  # relu6 and hardswish have two kinks each


def test_every_row_shows_its_derivative_formula():
    header, rows = _rows("en")
    column = next(h for h in header if "$f'(x)$" in h)
    for name, row in rows.items():
        assert row[column].startswith("$") and len(row[column]) > 3, name


def test_chinese_table_has_no_english_words_outside_code_and_math():
    _, rows = _rows("zh")
    for name, row in rows.items():
        for cell in row.values():
            text = re.sub(r"`[^`]*`|\$[^$]*\$", "", cell)
            assert not re.search(r"[A-Za-z]{3,}", text), (name, cell)
            assert "otherwise" not in cell and "for beta" not in cell


def test_rows_are_derived_from_the_class_attributes(monkeypatch):
    """Change the facts on a class and the table follows: it keeps no facts of its own."""
    monkeypatch.setattr(A.ELU, "smoothness", "SMOOTHNESS-FACT")
    monkeypatch.setattr(A.ELU, "learnability", "LEARNABILITY-FACT")
    monkeypatch.setattr(A.ELU, "torch_note", "(TORCH-NOTE)")
    monkeypatch.setattr(A.ELU, "kinks", (0.0, 1.0))
    header, rows = _rows("en")
    row = rows["elu"]
    assert row[header[0]] == "`elu` (TORCH-NOTE)"
    assert row[header[3]] == "$f'(0) = 1$, $f'(1) = 1$"
    assert row[header[5]] == "SMOOTHNESS-FACT" and row[header[7]] == "LEARNABILITY-FACT"


@pytest.mark.parametrize("names", ["relu", None, ["relu", A.relu]])
def test_names_must_be_a_list_of_activation_names(names):
    with pytest.raises(TypeError, match="names must"):
        tables.activation_table(names)
