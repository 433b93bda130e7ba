// Progressive enhancement only: every page works without this file.
// Filter checkboxes re-run the search as soon as they change; on a phone the filters
// start folded under their "Filters" toggle so results come first (open without JS).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const narrow = window.matchMedia("(max-width: 800px)");
  for (const details of document.querySelectorAll("details[data-collapse-narrow]")) {
    details.open = !narrow.matches;
    narrow.addEventListener("change", () => { details.open = !narrow.matches; });
  }
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    form.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "checkbox") {
        form.requestSubmit();
      }
    });
  }
});
