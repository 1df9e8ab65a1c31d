// Upload with a progress bar, then open the upload's job page (an error is shown in place).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("form[action='/ingest']");
  if (!form || !window.XMLHttpRequest || !window.DOMParser) { return; }
  const bar = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        status.textContent = "uploading " + bar.value + "%";
      }
    });
    request.upload.addEventListener("load", function () {
      status.textContent = "uploaded; opening the upload's page…";
    });
    request.addEventListener("load", function () {
      // The answer redirects to the upload's job page, which follows the ingest.
      if (request.status < 400 && request.responseURL) {
        window.location.assign(request.responseURL);
        return;
      }
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      const main = page.querySelector("main");
      if (main) { document.querySelector("main").replaceWith(main); }
      else { status.textContent = "failed (" + request.status + ")"; }
    });
    request.addEventListener("error", function () { status.textContent = "upload failed"; });
    request.send(new FormData(form));
  });
});
