// The replay's charts: each figure.chart carries its numbers as JSON in data-chart (the page's table holds the
// same numbers for those who cannot see the chart); uPlot (/webjars/uplot) draws them as horizontal bars.
(function () {
  if (typeof uPlot === 'undefined') { return; }
  var COLOURS = ['#8a94a6', '#2857c5'];
  var ROW = 34;
  var INCREMENTS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000,
    500000, 1000000, 2000000, 5000000, 10000000];

  function shorten(label) {
    return label.length > 40 ? label.slice(0, 39) + '…' : label;
  }

  // The width of the label axis: its longest label as drawn, within bounds.
  function labelWidth(u, values, axisIndex, cycle) {
    var axis = u.axes[axisIndex];
    if (cycle > 1) { return axis._size; }
    var widest = 0;
    u.ctx.font = axis.font[0];
    (values || []).forEach(function (value) { widest = Math.max(widest, u.ctx.measureText(value).width); });
    return Math.ceil(Math.min(360, widest / uPlot.pxRatio + axis.gap + 8));
  }

  function draw(figure) {
    var chart = JSON.parse(figure.dataset.chart);
    var target = figure.querySelector('.plot');
    if (!target || chart.labels.length === 0) { return; }
    var labels = chart.labels.map(shorten);
    var indexes = labels.map(function (label, i) { return i; });
    var two = chart.series.length > 1;
    var series = [{}];
    chart.series.forEach(function (name, i) {
      var colour = COLOURS[two ? i : 1];
      series.push({
        label: name,
        stroke: colour,
        fill: colour,
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars({ size: [two ? 0.42 : 0.6, 14], align: two ? (i === 0 ? -1 : 1) : 0 })
      });
    });
    var options = {
      width: 620,
      height: Math.max(110, 60 + labels.length * ROW),
      legend: { live: false, show: two },
      cursor: { show: false },
      select: { show: false },
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.5, labels.length - 0.5] },
        y: { ori: 0, range: function (u, min, max) { return [0, Math.max(1, max) * 1.08]; } }
      },
      axes: [
        {
          scale: 'x', side: 3, grid: { show: false }, ticks: { show: false },
          size: labelWidth,
          splits: function () { return indexes; },
          values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? '' : labels[i]; }); }
        },
        { scale: 'y', side: 2, incrs: INCREMENTS }
      ],
      series: series
    };
    var data = [indexes].concat(chart.values);
    target.replaceChildren();
    new uPlot(options, data, target);
    figure.classList.add('drawn');
  }

  document.querySelectorAll('figure.chart[data-chart]').forEach(function (figure) {
    try {
      draw(figure);
    } catch (e) {
      // The table below the chart still has every number.
      figure.classList.add('not-drawn');
    }
  });
})();
