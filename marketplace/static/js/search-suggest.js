// Typeahead for the header search box: fills its <datalist> with titles as the person types.
// Without JavaScript the box is an ordinary search form.
(function () {
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var asked = "";

  function show(titles) {
    list.replaceChildren.apply(list, titles.map(function (title) {
      var option = document.createElement("option");
      option.value = title;
      return option;
    }));
  }

  function ask() {
    var typed = input.value.trim();
    if (!typed || typed === asked) { return; }
    asked = typed;
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(typed), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {items: []}; })
      .then(function (body) { if (input.value.trim() === typed) { show(body.items); } })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
})();
