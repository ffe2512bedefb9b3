// The credit pages' charts, drawn from each figure's data-credit-chart JSON:
//   history:       {days: [...], scores: [...], grades: [...]}  the score line, the grade at each point
//   distribution:  {categories: [...], series: [{name: grade, counts: [...]}]}  stacked bars per grade
//   transitions:   {labels: ["A → BBB"], counts: [...]}  enterprises per change of grade
// Without JavaScript or ECharts the table beside each chart still has its figures.
(function () {
  var GRADE_COLOURS = ["#1a7f37", "#2da44e", "#6cc644", "#a2c523", "#d4a72c", "#e3872d", "#d1512d", "#b62324", "#6e1a1a"];

  function history(data) {
    return {
      tooltip: {trigger: "axis", formatter: function (points) {
        var i = points[0].dataIndex;
        return data.days[i] + "<br>" + data.grades[i] + " · " + data.scores[i];
      }},
      grid: {left: 56, right: 16, top: 24, bottom: 28},
      xAxis: {type: "category", data: data.days},
      yAxis: {type: "value", scale: true},
      series: [{type: "line", data: data.scores, label: {show: true, formatter: function (p) { return data.grades[p.dataIndex]; }}}]
    };
  }

  function distribution(data) {
    return {
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 56, right: 16, top: 40, bottom: 28},
      xAxis: {type: "category", data: data.categories},
      yAxis: {type: "value", minInterval: 1},
      series: data.series.map(function (one, index) {
        return {name: one.name, type: "bar", stack: "grades", data: one.counts, itemStyle: {color: GRADE_COLOURS[index]}};
      })
    };
  }

  function transitions(data) {
    return {
      tooltip: {trigger: "axis"},
      grid: {left: 80, right: 16, top: 16, bottom: 28},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", data: data.labels, inverse: true},
      series: [{type: "bar", data: data.counts, label: {show: true, position: "right"}}]
    };
  }

  var KINDS = {history: history, distribution: distribution, transitions: transitions};

  function draw(figure) {
    var data = JSON.parse(figure.dataset.creditChart);
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.style.width = "100%";
    canvas.style.height = "260px";
    var chart = window.echarts.init(canvas);
    window.addEventListener("resize", function () { chart.resize(); });
    var option = KINDS[data.kind](data);
    option.animation = false;
    chart.setOption(option);
  }

  function start() {
    if (!window.echarts) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-credit-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
