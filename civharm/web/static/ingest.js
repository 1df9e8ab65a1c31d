// Upload with a progress bar, then show the ingest result page in place.
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
      status.textContent = "processing: reading, extracting and resolving…";
    });
    request.addEventListener("load", function () {
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      const main = page.querySelector("main");
      if (main) { document.querySelector("main").replaceWith(main); }
      else { status.textContent = "failed (" + request.status + ")"; }
    });
    request.addEventListener("error", function () { status.textContent = "upload failed"; });
    request.send(new FormData(form));
  });
});
