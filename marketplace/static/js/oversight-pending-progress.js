// A page about work done off the request path (an evidence package, a PDF report) follows it: every two
// seconds it asks the progress URL (data-progress-url) for {status}; once the work is no longer pending
// it reloads once to show the result. Without JavaScript, reloading the page shows the same state.
(function () {
  function follow(section) {
    function ask() {
      fetch(section.dataset.progressUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (state.status === "pending") { window.setTimeout(ask, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  function start() {
    var section = document.querySelector("[data-progress-url][data-progress-status=pending]");
    if (section) { follow(section); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
