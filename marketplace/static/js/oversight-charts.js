// The regulator console's charts, drawn from each figure's data-oversight-chart JSON:
//   bars:        {days: [...], links: [...], series: [{name, values: [...]}]}  bars per day; a click opens links[i]
//   line:        {days: [...], links: [...], series: [{name, values: [...]}]}  a line per series (gaps joined)
//   categories:  {categories: [...], links: [...], series: [{name, values: [...]}]}  bars per category
// Without JavaScript or ECharts the table beside each chart still has its figures and links.
(function () {
  function axis(data) {
    return data.days || data.categories;
  }

  function option(data) {
    var line = data.kind === "line";
    return {
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 64, right: 16, top: 40, bottom: 28},
      xAxis: {type: "category", data: axis(data)},
      yAxis: {type: "value", scale: line},
      series: data.series.map(function (one) {
        return {name: one.name, type: line ? "line" : "bar", data: one.values, connectNulls: true};
      })
    };
  }

  function draw(figure) {
    var data = JSON.parse(figure.dataset.oversightChart);
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.style.width = "100%";
    canvas.style.height = "260px";
    var chart = window.echarts.init(canvas);
    window.addEventListener("resize", function () { chart.resize(); });
    var shown = option(data);
    shown.animation = false;
    chart.setOption(shown);
    chart.on("click", function (point) {
      var link = (data.links || [])[point.dataIndex];
      if (link) { window.location.assign(link); }
    });
  }

  function start() {
    if (!window.echarts) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-oversight-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
