// Kernel-free explorer of nnprimer: flips through frames precomputed in Python.
//
// Inlined once per explorer, right after its JSON payload (<script class="nnp-data">),
// inside the explorer's root element; it touches nothing outside that element.
// Payload (built by nnprimer.widgets.core.static_html):
//   box: [left, top, right, bottom] of the plot area in SVG units; xlabel;
//   series: [{label, color, dash, width, kind: "line"|"bar"|"path", values}];
//   scenes: [{name, grid: [x0, x1, n], xlim, ylim, xticks, yticks: [[value, label]],
//             ylabel, bars, ylog, k (caption index), controls: [{kind, name, label, labels, start}],
//             frames (row-major over the controls): [{c, t, r, m?, b?, v?, k?, a?}]}]
//   A frame's c holds, per series, line pieces [[i0, y0, i1, y1, ...], ...] (i indexes
//   the grid), bar values [v0, v1, ...] or path pieces [[x0, y0, x1, y1, ...], ...];
//   m dots [series, x, y]; b shaded x ranges [x0, x1]; v vertical markers; t title;
//   r readout; k caption index; a accessible label. On a log axis (ylog) every y is
//   log10 of the value, and ylim and the ticks are too.
// Narrow layout: where the chart is shown narrower than the payload's viewBox (a phone),
// the viewBox takes the chart's own width in CSS pixels, so that text keeps its size
// (12-14 px) and the plot area gets narrower instead; x tick labels that would collide
// are thinned, and a long title is set in a smaller size. Redrawn when the width changes.
(function () {
  "use strict";
  var me = document.currentScript, root = me && me.parentNode;
  if (!root || root.getAttribute("data-nnp-ready")) { return; }
  root.setAttribute("data-nnp-ready", "1");
  function q(name) { return root.querySelector(".nnp-" + name); }
  var data = JSON.parse(q("data").textContent), box = data.box;
  var sceneSelect = q("scene"), params = q("params"), none = q("none"), readout = q("readout"),
      svg = root.querySelector("svg"), layer = q("layer"), captions = root.querySelectorAll(".nnp-caption");
  var wide = svg.viewBox.baseVal, WIDE = [wide.width, wide.height], shownWidth = 0;
  var clip = "url(#" + root.id + "-clip)";
  // position[scene][control]: the index of each control's value, kept per scene.
  var position = data.scenes.map(function (s) {
    return s.controls.map(function (c) { return c.start; });
  });

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function r1(v) { return Math.round(v * 10) / 10; }
  function textWidth(s, size) {  // rough: CJK glyphs are square, Latin ones about 0.55 em
    var w = 0;
    for (var i = 0; i < s.length; i++) { w += s.charCodeAt(i) > 0x2e80 ? 1 : 0.55; }
    return w * size;
  }
  function sceneIndex() { return sceneSelect.selectedIndex; }
  function scene() { return data.scenes[sceneIndex()]; }
  function frame() {
    var s = scene(), pos = position[sceneIndex()], index = 0;
    s.controls.forEach(function (c, j) { index = index * c.labels.length + pos[j]; });
    return s.frames[index];
  }

  function path(pieces, X, Y, grid) {
    var dx = (grid[1] - grid[0]) / (grid[2] - 1), d = [];
    pieces.forEach(function (p) {
      for (var j = 0; j < p.length; j += 2) {
        d.push((j ? "L" : "M") + r1(X(grid[0] + p[j] * dx)) + "," + r1(Y(p[j + 1])));
      }
    });
    return d.join("");
  }

  function freePath(pieces, X, Y) {  // (x, y) points, not on the grid
    return pieces.map(function (p) {
      var d = [];
      for (var j = 0; j < p.length; j += 2) { d.push((j ? "L" : "M") + r1(X(p[j])) + "," + r1(Y(p[j + 1]))); }
      return d.join("");
    }).join("");
  }

  function fmt(v) {  // a bar's value as Python's "%.3g" writes it, with a true minus sign
    var e = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v))), t;
    if (e < -4 || e >= 3) {
      t = v.toExponential(2).replace(/\.?0+e/, "e").replace(/e([+-])(\d)$/, function (m, sign, digit) { return "e" + sign + "0" + digit; });
    } else {
      t = String(+v.toPrecision(3));
    }
    return t.replace(/-/g, "\u2212");
  }

  // The plot area for the chart's width on the page: the payload's box when the chart is
  // shown at least as wide as its viewBox, else a viewBox of the shown width (1 unit = 1 px).
  function fit() {
    var px = Math.round(svg.getBoundingClientRect().width);
    if (!px || px === shownWidth) { return false; }
    shownWidth = px;
    var w = WIDE[0], h = WIDE[1];
    box = data.box;
    if (px < WIDE[0]) {
      w = Math.max(px, 240);
      h = Math.round(Math.min(WIDE[1], Math.max(280, 0.9 * w)));
      box = [data.box[0] - 4, data.box[1], w - 20, h - (WIDE[1] - data.box[3])];
      h += legendHeight();  // the legend goes under the chart, off the narrow plot area
    }
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var rect = root.querySelector("clipPath rect");
    rect.setAttribute("x", box[0]); rect.setAttribute("y", box[1]);
    rect.setAttribute("width", box[2] - box[0]); rect.setAttribute("height", box[3] - box[1]);
    return true;
  }

  function draw() {
    var s = scene(), f = frame();
    var L = box[0], T = box[1], R = box[2], B = box[3], out = [];
    var every = 1, widest = 0;  // x tick labels: every n-th one where they would collide
    s.xticks.forEach(function (t) { widest = Math.max(widest, textWidth(String(t[1]), 12)); });
    while (s.xticks.length > 1 && (widest + 8) * Math.ceil(s.xticks.length / every) > R - L) { every += 1; }
    function X(v) { return L + (v - s.xlim[0]) / (s.xlim[1] - s.xlim[0]) * (R - L); }
    function Y(v) { return B - (v - s.ylim[0]) / (s.ylim[1] - s.ylim[0]) * (B - T); }
    (f.b || []).forEach(function (b) {
      var x0 = Math.max(X(b[0]), L), x1 = Math.min(X(b[1]), R);
      if (x1 > x0) {
        out.push('<rect class="nnp-band" x="' + r1(x0) + '" y="' + T + '" width="' + r1(x1 - x0) + '" height="' + (B - T) + '"/>');
      }
    });
    s.xticks.forEach(function (t, i) {
      var x = r1(X(t[0]));
      if (!s.bars) { out.push('<line class="nnp-grid" x1="' + x + '" x2="' + x + '" y1="' + T + '" y2="' + B + '"/>'); }
      if (i % every === 0) {
        out.push('<text class="nnp-tick" x="' + x + '" y="' + (B + 17) + '" text-anchor="middle">' + esc(t[1]) + "</text>");
      }
    });
    s.yticks.forEach(function (t) {
      var y = r1(Y(t[0]));
      out.push('<line class="nnp-grid" x1="' + L + '" x2="' + R + '" y1="' + y + '" y2="' + y + '"/>',
               '<text class="nnp-tick" x="' + (L - 7) + '" y="' + (y + 4) + '" text-anchor="end">' + esc(t[1]) + "</text>");
    });
    if (!s.ylog && s.ylim[0] < 0 && s.ylim[1] > 0) {
      out.push('<line class="nnp-zero" x1="' + L + '" x2="' + R + '" y1="' + r1(Y(0)) + '" y2="' + r1(Y(0)) + '"/>');
    }
    if (!s.bars && s.xlim[0] < 0 && s.xlim[1] > 0) {
      out.push('<line class="nnp-zero" x1="' + r1(X(0)) + '" x2="' + r1(X(0)) + '" y1="' + T + '" y2="' + B + '"/>');
    }
    out.push('<g clip-path="' + clip + '">');
    var barSeries = data.series.filter(function (st) { return st.kind === "bar"; }).length, barSlot = 0;
    f.c.forEach(function (values, k) {
      var st = data.series[k];
      if (st.kind === "bar") {
        var w = 0.7 / barSeries, offset = -0.35 + barSlot * w, base = s.ylog ? s.ylim[0] : 0;
        barSlot += 1;
        values.forEach(function (v, i) {
          var x0 = X(i + offset), x1 = X(i + offset + w), y0 = Y(Math.max(v, base)), y1 = Y(Math.min(v, base));
          out.push('<rect fill="' + esc(st.color) + '" x="' + r1(x0) + '" y="' + r1(y0) + '" width="' + r1(x1 - x0) +
                   '" height="' + r1(Math.max(y1 - y0, 0)) + '"/>');
          if (st.values) {
            out.push('<text class="nnp-tick" x="' + r1((x0 + x1) / 2) + '" y="' + r1(Math.max(y0 - 5, T + 12)) +
                     '" text-anchor="middle">' + esc(fmt(s.ylog ? Math.pow(10, v) : v)) + "</text>");
          }
        });
      } else {
        var d = st.kind === "path" ? freePath(values, X, Y) : path(values, X, Y, s.grid);
        out.push('<path fill="none" stroke-linejoin="round" stroke="' + esc(st.color) + '" stroke-width="' + st.width +
                 '" stroke-dasharray="' + esc(st.dash || "none") + '" d="' + d + '"/>');
      }
    });
    (f.v || []).forEach(function (v) {
      var x = r1(X(v));
      out.push('<line class="nnp-vline" x1="' + x + '" x2="' + x + '" y1="' + T + '" y2="' + B + '"/>');
    });
    (f.m || []).forEach(function (m) {
      out.push('<circle r="4.5" fill="' + esc(data.series[m[0]].color) + '" cx="' + r1(X(m[1])) + '" cy="' + r1(Y(m[2])) + '"/>');
    });
    out.push("</g>", '<rect class="nnp-frame" x="' + L + '" y="' + T + '" width="' + (R - L) + '" height="' + (B - T) + '"/>');
    var titleSize = textWidth(f.t, 14) > R - L + 2 * L / 3 ? ' style="font-size:12px"' : "";
    out.push('<text class="nnp-title" x="' + ((L + R) / 2) + '" y="' + (T - 11) + '" text-anchor="middle"' + titleSize + ">" +
             esc(f.t) + "</text>",
             '<text class="nnp-label" x="' + ((L + R) / 2) + '" y="' + (B + 40) + '" text-anchor="middle">' + esc(data.xlabel) + "</text>");
    if (s.ylabel) {
      var cy = (T + B) / 2;
      out.push('<text class="nnp-label" transform="translate(14,' + cy + ') rotate(-90)" text-anchor="middle">' + esc(s.ylabel) + "</text>");
    }
    if (box === data.box) {
      legend(out, s.bars ? R - 8 : L + 8, T + 8, s.bars);
    } else {
      legend(out, L - 8 - 4, B + 50, false);
    }
    layer.innerHTML = out.join("");
    if (readout.textContent !== f.r) { readout.textContent = f.r; }
    svg.setAttribute("aria-label", f.a || (f.r ? f.t + ". " + f.r : f.t));
    showCaption(f.k === undefined ? s.k : f.k);
  }

  function legendHeight() { return data.series.length * 18 + 8; }

  // The legend, in the top left corner (top right for bars, which rise from the left).
  function legend(out, x, y, right) {
    var size = 12, rows = data.series.length, w = 0;
    data.series.forEach(function (st) { w = Math.max(w, textWidth(st.label, size)); });
    if (right) { x -= r1(w + 44); }
    out.push('<rect class="nnp-legend" x="' + x + '" y="' + y + '" width="' + r1(w + 44) + '" height="' + legendHeight() + '" rx="3"/>');
    data.series.forEach(function (st, k) {
      var yy = y + 13 + k * 18;
      if (st.kind === "bar") {
        out.push('<rect x="' + (x + 12) + '" y="' + (yy - 10) + '" width="16" height="10" fill="' + esc(st.color) + '"/>');
      } else {
        out.push('<line x1="' + (x + 8) + '" x2="' + (x + 32) + '" y1="' + (yy - 4) + '" y2="' + (yy - 4) + '" stroke="' +
                 esc(st.color) + '" stroke-width="' + st.width + '" stroke-dasharray="' + esc(st.dash || "none") + '"/>');
      }
      out.push('<text class="nnp-tick" x="' + (x + 38) + '" y="' + yy + '">' + esc(st.label) + "</text>");
    });
  }

  // The controls of the selected scene: a range input (whose aria-valuetext is the value,
  // not the step index) with an <output>, or a <select>, per control.
  function showControls() {
    var s = scene(), pos = position[sceneIndex()];
    params.innerHTML = "";
    none.hidden = s.controls.length > 0;
    s.controls.forEach(function (c, j) {
      var label = document.createElement("label"), name = document.createElement("span");
      name.textContent = c.label || c.name;
      label.appendChild(name);
      if (c.kind === "slider") {
        var input = document.createElement("input"), value = document.createElement("output");
        input.type = "range"; input.min = "0"; input.max = String(c.labels.length - 1); input.step = "1";
        input.value = String(pos[j]);
        input.className = "nnp-slider";
        input.setAttribute("aria-valuetext", c.labels[pos[j]]);
        value.className = "nnp-value";
        value.setAttribute("aria-hidden", "true");  // the slider itself announces the value
        value.textContent = c.labels[pos[j]];
        input.addEventListener("input", function () {
          pos[j] = +input.value;
          input.setAttribute("aria-valuetext", c.labels[pos[j]]);
          value.textContent = c.labels[pos[j]];
          draw();
        });
        label.appendChild(input);
        label.appendChild(value);
      } else {
        var select = document.createElement("select");
        select.className = "nnp-choice";
        select.innerHTML = c.labels.map(function (l) { return "<option>" + esc(l) + "</option>"; }).join("");
        select.selectedIndex = pos[j];
        select.addEventListener("change", function () { pos[j] = select.selectedIndex; draw(); });
        label.appendChild(select);
      }
      params.appendChild(label);
    });
  }

  function showCaption(k) {
    for (var i = 0; i < captions.length; i++) { captions[i].hidden = i !== k; }
    var el = captions[k], mj = window.MathJax;
    // Captions are in the page from the start, so MathJax typesets them on load; this only
    // catches a MathJax that started after that.
    if (el && mj && typeof mj.typesetPromise === "function" && el.querySelector(".math") && !el.querySelector("mjx-container")) {
      mj.typesetPromise([el]).catch(function () {});
    }
  }

  sceneSelect.addEventListener("change", function () { showControls(); draw(); });
  showControls();
  fit();
  draw();
  function refit() { if (fit()) { draw(); } }
  if (window.ResizeObserver) { new ResizeObserver(refit).observe(svg); } else { window.addEventListener("resize", refit); }
})();
