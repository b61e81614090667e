/* The back office's change forms (loaded by every content admin, core/admin_helpers.py,
   and the membership decision pages): leaving a form with unsaved input asks first, with the browser's own "Leave page?"
   dialog. Saving does not ask. A form shown again after a refused save holds input that
   is not saved yet, so it counts as changed from the start. */
(function () {
  "use strict";

  function watch(form) {
    var changed = document.querySelector("#content-main .errornote") !== null;
    var saving = false;
    // Only what staff do counts: scripts of the page (select2, prepopulated slugs) fire
    // change events of their own while it loads.
    function markTrusted(event) { if (event.isTrusted) { changed = true; } }
    form.addEventListener("input", markTrusted);
    form.addEventListener("change", markTrusted);
    // The admin's autocomplete (select2) tells of a choice through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("select2:select select2:unselect", function () { changed = true; });
    }
    form.addEventListener("submit", function () { saving = true; });
    window.addEventListener("beforeunload", function (event) {
      if (changed && !saving) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // The admin's autocomplete (select2) names its combobox by the chosen entry alone,
  // nothing when none is chosen: the field's label is added to its name.
  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var combobox = container && container.querySelector('[role="combobox"]');
      if (!label || !combobox) { return; }
      label.id = label.id || select.id + "_label";
      var names = (combobox.getAttribute("aria-labelledby") || "").split(" ");
      if (names.indexOf(label.id) === -1) {
        combobox.setAttribute("aria-labelledby", [label.id].concat(names).join(" ").trim());
      }
      // Its inner "textbox" showing the choice is named by the label too.
      var shown = combobox.querySelector('[role="textbox"]');
      if (shown) { shown.setAttribute("aria-labelledby", label.id); }
    });
  }

  function init() {
    var form = document.querySelector("body.change-form #content-main form");
    if (form) { watch(form); }
    // After the admin's own start-up (jQuery's ready handlers run late and one by one).
    function later() { window.setTimeout(nameComboboxes, 0); }
    if (window.django && window.django.jQuery) { window.django.jQuery(later); }
    window.addEventListener("load", later);
    document.addEventListener("formset:added", function () { window.setTimeout(nameComboboxes, 0); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
