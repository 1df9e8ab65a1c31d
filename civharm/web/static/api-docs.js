// Start Swagger UI on /docs. A file, not an inline script: the Content-Security-Policy
// lets only the app's own scripts run.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const root = document.getElementById("swagger-ui");
  if (!root || !window.SwaggerUIBundle) { return; }
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    validatorUrl: null, // the default validator badge is fetched from the internet
    presets: [window.SwaggerUIBundle.presets.apis],
  });
});
