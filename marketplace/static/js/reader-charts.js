// The readers page's chart: raw reads received per minute over the last hour, one line per reader,
// drawn from the figure's data-reader-chart JSON ({minutes: ["HH:mm"], series: [{name, reads}]}).
// Without JavaScript or ECharts the readers table beside it still has each reader's figures.
(function () {
  function draw(figure) {
    var data = JSON.parse(figure.dataset.readerChart);
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.style.width = "100%";
    canvas.style.height = "240px";
    var chart = window.echarts.init(canvas);
    window.addEventListener("resize", function () { chart.resize(); });
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 56, right: 16, top: 32, bottom: 28},
      xAxis: {type: "category", boundaryGap: false, data: data.minutes},
      yAxis: {type: "value", minInterval: 1},
      series: data.series.map(function (one) {
        return {name: one.name, type: "line", showSymbol: false, data: one.reads};
      })
    });
  }

  function start() {
    if (!window.echarts) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-reader-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
