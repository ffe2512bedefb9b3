// The control group graph of the enterprise 360 view, drawn from the figure's data-group-graph JSON:
//   {nodes: [{id, name, category: member | related | party}], edges: [{source, target, kind, strong}]}
// Strong links are solid and thick, related links dashed; party edges thin and grey.
// Without JavaScript or ECharts the table of links beside the figure has the same information.
(function () {
  var CATEGORIES = ["member", "related", "party"];
  var COLOURS = {member: "#b62324", related: "#d4a72c", party: "#57606a"};

  function edgeStyle(edge) {
    if (edge.source.indexOf("party:") === 0) { return {color: "#8c959f", width: 1, type: "solid"}; }
    return edge.strong ? {color: "#b62324", width: 3, type: "solid"} : {color: "#d4a72c", width: 2, type: "dashed"};
  }

  function option(data, labels) {
    return {
      animation: false,
      tooltip: {formatter: function (p) { return p.dataType === "edge" ? p.data.kindLabel : p.data.name; }},
      legend: {top: 0, data: CATEGORIES.map(function (c) { return labels[c]; })},
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true,
        force: {repulsion: 260, edgeLength: 120},
        categories: CATEGORIES.map(function (c) { return {name: labels[c], itemStyle: {color: COLOURS[c]}}; }),
        label: {show: true, position: "right"},
        edgeLabel: {show: true, fontSize: 10, formatter: function (p) { return p.data.kindLabel; }},
        data: data.nodes.map(function (n) {
          return {id: n.id, name: n.name, category: CATEGORIES.indexOf(n.category),
                  symbolSize: n.category === "party" ? 14 : 28};
        }),
        links: data.edges.map(function (e) {
          return {source: e.source, target: e.target, kindLabel: e.label || e.kind, lineStyle: edgeStyle(e)};
        })
      }]
    };
  }

  function draw(figure) {
    var data = JSON.parse(figure.dataset.groupGraph);
    var labels = JSON.parse(figure.dataset.labels);
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.style.width = "100%";
    canvas.style.height = "420px";
    var chart = window.echarts.init(canvas);
    window.addEventListener("resize", function () { chart.resize(); });
    chart.setOption(option(data, labels));
  }

  function start() {
    if (!window.echarts) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-group-graph]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
