// Auction page: a running clock beside the countdown sentence, and the close time and best price kept
// current from the public auction API (a late bid may extend an English auction). When the close has
// passed, the page reloads once so the server shows the outcome. Without JavaScript the page is complete.
(function () {
  var countdown = document.getElementById("auction-countdown");
  if (!countdown || countdown.dataset.open !== "true" || !window.fetch) { return; }
  var clock = countdown.querySelector(".countdown-clock");
  var best = document.getElementById("auction-best");
  var closesAt = new Date(countdown.dataset.closesAt);
  var reloaded = false;

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function tick() {
    var left = Math.floor((closesAt.getTime() - Date.now()) / 1000);
    if (left <= 0) {
      clock.textContent = "00:00:00";
      if (!reloaded) { reloaded = true; setTimeout(function () { window.location.reload(); }, 2000); }
      return;
    }
    var days = Math.floor(left / 86400);
    var rest = left % 86400;
    clock.textContent = "(" + (days ? days + "d " : "") + pad(Math.floor(rest / 3600)) + ":" +
      pad(Math.floor(rest % 3600 / 60)) + ":" + pad(rest % 60) + ")";
  }

  function refresh() {
    fetch(countdown.dataset.refreshUrl, {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (auction) {
        if (!auction) { return; }
        closesAt = new Date(auction.closes_at);
        if (best && best.dataset.currency && auction.best !== null) {
          best.textContent = new Intl.NumberFormat(document.documentElement.lang, {
            style: "currency", currency: best.dataset.currency}).format(Number(auction.best)) + " / " + best.dataset.unit;
        }
      })
      .catch(function () { /* the next refresh tries again */ });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(refresh, 10000);
}());
