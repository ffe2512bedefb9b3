// Market charts and live figures, drawn from the public /api/v1/market JSON named in data- attributes:
// - figure[data-market-chart="index"]: a floor's daily index line (data-index-url);
// - figure[data-market-chart="bars"]: candlesticks with volume (data-bars-url, data-interval), with a
//   1m / 1h / 1d switch, refreshed every few seconds (the price_chart macro writes this figure);
// - figure[data-market-chart="deals"]: a floor's auction awards and listed-price purchases as a scatter
//   of price per unit over time, a dot's size growing with its quantity (data-deals-url);
// - #market-live: the instrument page's quote, depth and tape, refreshed every few seconds.
// Without JavaScript, or without ECharts, the pages show the same numbers as tables.
(function () {
  if (!window.fetch) { return; }
  var EVERY = 5000;
  var lang = document.documentElement.lang || "zh-CN";
  var MUTED = "#5d6b7a";

  function getJSON(url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }

  function every(task) {
    setInterval(function () { if (!document.hidden) { task(); } }, EVERY);
  }

  function withQuery(url, name, value) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + name + "=" + encodeURIComponent(value);
  }

  // --- charts -----------------------------------------------------------------------------------

  function chartIn(figure, height) {
    var canvas = figure.querySelector("[data-chart-canvas]");
    canvas.style.width = "100%";
    canvas.style.height = height + "px";
    var chart = window.echarts.init(canvas);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function emptyTitle(figure, empty) {
    return {show: empty, text: figure.dataset.labelEmpty || "", left: "center", top: "middle",
            textStyle: {fontSize: 14, fontWeight: "normal", color: MUTED}};
  }

  function indexChart(figure) {
    var chart = chartIn(figure, 220);
    getJSON(figure.dataset.indexUrl).then(function (body) {
      var points = body.points;
      chart.setOption({
        animation: false,
        title: emptyTitle(figure, points.length === 0),
        tooltip: {trigger: "axis"},
        grid: {left: 56, right: 16, top: 16, bottom: 28},
        xAxis: {type: "category", boundaryGap: false, data: points.map(function (p) { return p.day; })},
        yAxis: {type: "value", scale: true},
        series: [{name: figure.dataset.labelIndex, type: "line", showSymbol: points.length < 3,
                  areaStyle: {opacity: 0.08}, data: points.map(function (p) { return Number(p.value); })}]
      });
    }).catch(function () { /* the table beside the chart still has the numbers */ });
  }

  function barsChart(figure) {
    var chart = chartIn(figure, 380);
    var interval = figure.dataset.interval;
    var switches = figure.querySelectorAll("a[data-interval]");

    function label(start) {
      return interval === "1d" ? start.slice(0, 10) : start.slice(5, 16).replace("T", " ");
    }

    function draw(body) {
      var bars = body.bars;
      var labels = bars.map(function (bar) { return label(bar.start); });
      chart.setOption({
        animation: false,
        title: emptyTitle(figure, bars.length === 0),
        tooltip: {trigger: "axis", axisPointer: {type: "cross"}},
        axisPointer: {link: [{xAxisIndex: "all"}]},
        grid: [{left: 72, right: 16, top: 16, height: "58%"}, {left: 72, right: 16, top: "80%", height: "12%"}],
        xAxis: [{type: "category", data: labels, axisLabel: {show: false}},
                {type: "category", gridIndex: 1, data: labels}],
        yAxis: [{type: "value", scale: true},
                {type: "value", gridIndex: 1, splitNumber: 2, axisLabel: {show: false}}],
        dataZoom: [{type: "inside", xAxisIndex: [0, 1]}],
        series: [
          {name: figure.dataset.labelPrice, type: "candlestick",
           data: bars.map(function (b) { return [Number(b.open), Number(b.close), Number(b.low), Number(b.high)]; })},
          {name: figure.dataset.labelVolume, type: "bar", xAxisIndex: 1, yAxisIndex: 1,
           data: bars.map(function (b) { return Number(b.volume); })}
        ]
      });
    }

    function load() {
      var asked = interval;
      getJSON(withQuery(figure.dataset.barsUrl, "interval", asked))
        .then(function (body) { if (asked === interval) { draw(body); } })
        .catch(function () { /* the next round tries again */ });
    }

    Array.prototype.forEach.call(switches, function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        interval = link.dataset.interval;
        Array.prototype.forEach.call(switches, function (other) {
          var chosen = other === link;
          other.classList.toggle("button-secondary", !chosen);
          if (chosen) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
        });
        load();
      });
    });
    load();
    every(load);
  }

  function dealsChart(figure) {
    var chart = chartIn(figure, 260);
    var labels = figure.dataset;
    var money = new Intl.NumberFormat(lang, {style: "currency", currency: labels.currency});
    var number = new Intl.NumberFormat(lang, {maximumFractionDigits: 3});
    var chinese = lang.indexOf("zh") === 0;
    var BEIJING_OFFSET = 8 * 3600 * 1000;  // the time axis runs in UTC, shifted so it reads Beijing time
    var clock = new Intl.DateTimeFormat(lang, {timeZone: "Asia/Shanghai", hour12: false, year: "numeric",
                                               month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit"});

    getJSON(labels.dealsUrl).then(function (body) {
      var deals = body.deals;
      var largest = Math.max.apply(null, deals.map(function (deal) { return Number(deal.quantity); }).concat([1]));
      function size(value) { return 8 + 28 * Math.sqrt(value[2] / largest); }
      function points(kind) {
        return deals.filter(function (deal) { return deal.kind === kind; }).map(function (deal) {
          return {value: [Date.parse(deal.made_at) + BEIJING_OFFSET, Number(deal.price), Number(deal.quantity)],
                  title: chinese ? deal.title_zh : deal.title_en, madeAt: clock.format(new Date(deal.made_at))};
        });
      }
      chart.setOption({
        animation: false,
        useUTC: true,
        title: emptyTitle(figure, deals.length === 0),
        legend: {top: 0},
        tooltip: {trigger: "item", formatter: function (item) {
          return [item.seriesName + " · " + item.data.madeAt, item.data.title, labels.labelPrice + ": " + money.format(item.value[1]),
                  labels.labelQuantity + ": " + number.format(item.value[2]) + " " + labels.unitLabel
          ].map(window.echarts.format.encodeHTML).join("<br>");
        }},
        grid: {left: 72, right: 24, top: 36, bottom: 28},
        xAxis: {type: "time"},
        yAxis: {type: "value", scale: true},
        series: [
          {name: labels.labelAuction, type: "scatter", symbol: "diamond", symbolSize: size, data: points("auction")},
          {name: labels.labelListing, type: "scatter", symbolSize: size, data: points("listing")}
        ]
      });
    }).catch(function () { /* the table under the chart still has the deals */ });
  }

  if (window.echarts) {
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-market-chart='index']"), indexChart);
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-market-chart='deals']"), dealsChart);
    Array.prototype.forEach.call(document.querySelectorAll("figure[data-market-chart='bars']"), barsChart);
  }

  // --- the instrument page's live figures ---------------------------------------------------------

  var live = document.getElementById("market-live");
  if (!live) { return; }
  var money = new Intl.NumberFormat(lang, {style: "currency", currency: live.dataset.currency});
  var number = new Intl.NumberFormat(lang, {maximumFractionDigits: 3});
  var clock = new Intl.DateTimeFormat("en-GB", {timeZone: "Asia/Shanghai", hour12: false, month: "2-digit",
                                                day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit"});

  function price(text) { return text === null ? "—" : money.format(Number(text)); }
  function signed(text, format) { var n = Number(text); return (n < 0 ? "−" : "+") + format(Math.abs(n)); }
  function quantity(text) { return number.format(Number(text)) + " " + live.dataset.unitLabel; }
  function beijing(iso) {
    var parts = {};
    clock.formatToParts(new Date(iso)).forEach(function (part) { parts[part.type] = part.value; });
    return parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute + ":" + parts.second;
  }

  function cell(text, numeric) {
    var td = document.createElement("td");
    td.textContent = text;
    if (numeric) { td.className = "numeric"; }
    return td;
  }

  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (td) { tr.appendChild(td); });
    return tr;
  }

  function showQuote(quote) {
    var shown = {
      last: price(quote.last), reference: price(quote.reference), open: price(quote.open),
      high: price(quote.high), low: price(quote.low), turnover: price(quote.turnover), vwap: price(quote.vwap),
      change: quote.change === null ? "—" : signed(quote.change, money.format) + " (" +
        signed(quote.percent, function (n) { return n.toFixed(2); }) + "%)",
      volume: quantity(quote.volume) + " (" + live.dataset.lotsPattern.replace("{lots}", quote.lots) + ")",
      day: quote.day || live.dataset.labelNoTrades
    };
    Object.keys(shown).forEach(function (field) {
      var target = live.querySelector("[data-quote-field='" + field + "']");
      if (target) { target.textContent = shown[field]; }
    });
  }

  function showDepth(depth) {
    var body = live.querySelector("[data-live-table='depth']");
    var rows = [];
    for (var level = 0; level < 5; level += 1) {
      var bid = depth.bids[level];
      var ask = depth.asks[level];
      rows.push(row([
        cell(bid ? quantity(bid.quantity) : "", true), cell(bid ? price(bid.price) : "", true),
        cell(ask ? price(ask.price) : "", true), cell(ask ? quantity(ask.quantity) : "", true)
      ]));
    }
    body.replaceChildren.apply(body, rows);
  }

  function showTrades(tape) {
    var body = live.querySelector("[data-live-table='trades']");
    if (!tape.items.length) { return; }
    body.replaceChildren.apply(body, tape.items.map(function (trade) {
      return row([cell(beijing(trade.executed_at)), cell(price(trade.price), true),
                  cell(quantity(trade.quantity), true),
                  cell(trade.aggressor === "buy" ? live.dataset.labelBuy : live.dataset.labelSell)]);
    }));
  }

  function refresh() {
    getJSON(live.dataset.quoteUrl).then(showQuote).catch(function () {});
    getJSON(live.dataset.depthUrl).then(showDepth).catch(function () {});
    getJSON(live.dataset.tradesUrl).then(showTrades).catch(function () {});
  }

  every(refresh);
})();
