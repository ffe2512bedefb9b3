// An evidence package's page follows the package: every two seconds it asks the progress URL
// (data-package-progress) for {status}; once the package is no longer pending it reloads once to
// show the files. Without JavaScript, reloading the page shows the same.
(function () {
  function follow(section) {
    function ask() {
      fetch(section.dataset.packageProgress, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (state.status === "pending") { window.setTimeout(ask, 2000); } else { window.location.reload(); }
        })
        .catch(function () { window.setTimeout(ask, 5000); });
    }
    window.setTimeout(ask, 1000);
  }

  function start() {
    var section = document.querySelector("[data-package-progress][data-package-status=pending]");
    if (section) { follow(section); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
