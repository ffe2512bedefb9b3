// The trader's floor page without reloads: every two seconds it asks the page's live endpoint for
// the summary, the book, the tape and our orders, and swaps in the parts that changed. A part the
// person is typing in is left alone until they are done. Without JavaScript the page works as is.
(function () {
  var root = document.getElementById("floor-live");
  if (!root || !window.fetch) { return; }
  var url = root.dataset.liveUrl;
  var every = 2000;
  var busy = false;

  function editing(part) {
    var focused = document.activeElement;
    if (focused && part.contains(focused) && focused !== document.body) { return true; }
    return Array.prototype.some.call(part.querySelectorAll("input"), function (input) {
      return input.type !== "hidden" && input.value !== "";
    });
  }

  // Every answer carries new CSRF tokens in the forms; only a change of anything else is news.
  function content(html) {
    return html.replace(/<input[^>]*csrf_token[^>]*>/g, "");
  }

  function show(html) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-live-part]"), function (part) {
      var fresh = html[part.dataset.livePart];
      if (typeof fresh !== "string" || part.dataset.shown === content(fresh) || editing(part)) { return; }
      part.innerHTML = fresh;
      part.dataset.shown = content(fresh);
    });
    root.dataset.refreshedAt = String(Date.now());
  }

  function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) { show(body.html); } })
      .catch(function () { /* the next round tries again */ })
      .then(function () { busy = false; });
  }

  setInterval(refresh, every);
})();
