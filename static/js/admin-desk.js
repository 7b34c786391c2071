// The newsroom desk: give the admin's rich-text editor and select2's search boxes the
// name of their field, which the libraries leave out (WCAG 4.1.2). Select2 rebuilds its
// search box on every change, so new ones are named as they appear.
(function () {
  "use strict";

  function labelOf(element) {
    var row = element.closest(".form-row, .fieldBox, .flex-container");
    var label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(root) {
    root.querySelectorAll(".select2-search__field:not([aria-label]), .ProseMirror:not([aria-label])")
      .forEach(function (element) {
        var text = labelOf(element);
        if (text) {
          element.setAttribute("aria-label", text);
        }
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    name(document);
    new MutationObserver(function () {
      name(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
