// Progressive enhancement only: every page works without this file.
// Filter checkboxes re-run the search as soon as they change.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    form.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "checkbox") {
        form.requestSubmit();
      }
    });
  }
});
