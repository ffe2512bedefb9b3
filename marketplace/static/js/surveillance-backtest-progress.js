// A backtest's page follows the backtest: every two seconds it asks the progress URL
// (data-backtest-progress) for {status, progress} and moves the bar; when the backtest is over it
// reloads once to show the result. Without JavaScript, reloading the page shows the same figures.
(function () {
  function follow(section) {
    var bar = section.querySelector("progress");
    var done = section.querySelector("[data-backtest-done]");
    function ask() {
      fetch(section.dataset.backtestProgress, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (backtest) {
          bar.value = backtest.progress;
          done.textContent = backtest.progress;
          if (backtest.status === "pending" || backtest.status === "running") {
            window.setTimeout(ask, 2000);
          } else {
            window.location.reload();
          }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  function start() {
    var section = document.querySelector("[data-backtest-progress]");
    var status = section && section.dataset.backtestStatus;
    if (status === "pending" || status === "running") { follow(section); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
