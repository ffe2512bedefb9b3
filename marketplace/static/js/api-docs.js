// Starts Swagger UI from a file (the CSP allows no inline script), reading the spec address from the page.
(function () {
  var container = document.getElementById("api-docs");
  window.SwaggerUIBundle({
    url: container.dataset.specUrl,
    domNode: container,
    deepLinking: true,
    persistAuthorization: false
  });
})();
