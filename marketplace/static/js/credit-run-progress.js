// A re-scoring run's page follows the run: every two seconds it asks the run's progress URL
// (data-run-progress) for {status, done, total} and moves the bar; when the run is over it reloads
// once to show the report. Without JavaScript, reloading the page shows the same figures.
(function () {
  function follow(section) {
    var bar = section.querySelector("progress");
    var done = section.querySelector("[data-run-done]");
    function ask() {
      fetch(section.dataset.runProgress, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (run) {
          bar.max = run.total || 1;
          bar.value = run.done;
          done.textContent = run.done;
          if (run.status === "running") { window.setTimeout(ask, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  function start() {
    var section = document.querySelector("[data-run-progress][data-run-status=running]");
    if (section) { follow(section); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
