// A report's page follows its preparation: every two seconds it asks the progress URL
// (data-export-progress) for {status}; once the report is ready or failed it reloads once to show it.
// Without JavaScript, reloading the page shows the same state.
(function () {
  function follow(section) {
    function ask() {
      fetch(section.dataset.exportProgress, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (state.status === "pending") { window.setTimeout(ask, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  function start() {
    var section = document.querySelector("[data-export-progress][data-export-status=pending]");
    if (section) { follow(section); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
