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
      // Its inner "textbox" showing the choice is named by the label too, and so is the
      // search field of a multiple choice (select2 draws it anew after each choice).
      var shown = combobox.querySelector('[role="textbox"]');
      if (shown) { shown.setAttribute("aria-labelledby", label.id); }
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-labelledby", label.id);
      });
    });
  }

  // A tabular inline names its columns in the table head only: each input is named by
  // its column's heading (th.column-<name> for td.field-<name>), so a screen reader
  // says "Betrag" and not just "edit text".
  function nameInlineInputs() {
    document.querySelectorAll(".tabular table").forEach(function (table) {
      table.querySelectorAll("tbody td[class*='field-']").forEach(function (cell) {
        var name = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
        var heading = name && table.querySelector("thead th.column-" + name.slice(6));
        if (!heading) { return; }
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (input) {
          var labelled = input.id && document.querySelector('label[for="' + input.id + '"]');
          if (!labelled && !input.hasAttribute("aria-label") && !input.hasAttribute("aria-labelledby")) {
            input.setAttribute("aria-label", heading.textContent.trim());
          }
        });
      });
    });
  }

  // select2 puts the "clear" cross of a multiple choice into the list of chosen entries,
  // where only list items belong: it is moved beside the list (its click still works,
  // select2 listens on the whole selection).
  function tidyChoiceLists() {
    document.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      var selection = list.parentNode;
      var inside = list.querySelector(":scope > .select2-selection__clear");
      selection.querySelectorAll(":scope > .select2-selection__clear").forEach(function (old) {
        if (inside) { old.remove(); }
      });
      if (inside) { selection.appendChild(inside); }
    });
  }

  function init() {
    var form = document.querySelector("body.change-form #content-main form");
    if (form) { watch(form); }
    // After the admin's own start-up (jQuery's ready handlers run late and one by one).
    function later() {
      window.setTimeout(function () { nameComboboxes(); nameInlineInputs(); tidyChoiceLists(); }, 0);
    }
    if (window.django && window.django.jQuery) { window.django.jQuery(later); }
    window.addEventListener("load", later);
    document.addEventListener("formset:added", later);
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("select2:select select2:unselect select2:close change", later);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
