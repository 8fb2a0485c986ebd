// Starts Swagger UI on the API's documentation page (templates/portal/api_docs.html).
// A file of our own, not an inline script: the Content-Security-Policy allows only
// scripts from our origin. The browser's requests carry the session cookie and the
// page's CSRF token (the API checks it for a session's writes).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrfToken = root.dataset.csrfToken;
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    requestInterceptor: function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    },
  });
})();
