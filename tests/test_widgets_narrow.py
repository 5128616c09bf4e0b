"""A kernel-free explorer on a narrow screen (explorer.js's narrow layout), without a site build.

Where the chart is shown narrower than its 640-unit viewBox (a phone), the viewBox takes
the chart's own width, so chart text keeps its CSS size instead of shrinking to half;
on a wide page the drawing is the one it always was.
"""

from __future__ import annotations

import pytest

import site_helpers as sh

JS_CHART = """
root => {
  const svg = root.querySelector('svg'), vb = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / vb.width;
  const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
  const frame = svg.querySelector('.nnp-frame').getBBox();
  const legend = svg.querySelector('.nnp-legend').getBBox();
  const svgBox = svg.getBoundingClientRect();
  return {viewBox: [vb.width, vb.height], scale,
          smallest: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale)),
          legendBelow: legend.y >= frame.y + frame.height,
          inside: texts.every(t => { const r = t.getBoundingClientRect();
                                     return r.left >= svgBox.left - 1 && r.right <= svgBox.right + 1; }),
          slider: root.querySelector('input[type=range]').getBoundingClientRect().height};
}
"""


@pytest.fixture(scope="module")
def explorer_page(tmp_path_factory):
    import nnprimer
    from nnprimer.chapters import sigmoid

    nnprimer.set_language("en")
    path = tmp_path_factory.mktemp("narrow") / "explorer.html"
    sigmoid.saturation_explorer().save_html(path)
    return path


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_text_keeps_its_size_on_a_phone(explorer_page, width):
    from playwright.sync_api import sync_playwright

    exe = sh.browser_or_skip("the explorers' browser tests")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=sh.CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=width < 500,
                                          is_mobile=width < 500)
            page = context.new_page()
            page.goto(explorer_page.as_uri())
            chart = page.locator(".nnp-explorer").first.evaluate(JS_CHART)
        finally:
            browser.close()
    assert chart["slider"] >= 24, chart
    if width < 640:
        assert chart["viewBox"][0] < 640 and abs(chart["scale"] - 1) < 0.01, chart
        assert chart["smallest"] >= 11, chart
        assert chart["legendBelow"], "on a narrow chart the legend goes under the plot"
        assert chart["inside"], "a label sticks out of the chart"
    else:
        assert chart["viewBox"] == [640, 380], "a wide page draws the chart as before"
        assert not chart["legendBelow"]
