/* The "print fact sheet" button: hidden without JavaScript (the browser's own print
   command still works, with static/css/print.css), shown and wired up here. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

/* Pictures further down load lazily ({% picture %}); a printed sheet needs them all, so
   they are loaded as soon as the page is about to be printed (the print command, or the
   print media of "print preview" and PDF export). */
(function () {
  function loadAll() {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) {
      img.loading = "eager";
    });
  }
  window.addEventListener("beforeprint", loadAll);
  var print = window.matchMedia && window.matchMedia("print");
  if (print) {
    if (print.matches) { loadAll(); }
    print.addEventListener("change", function (event) { if (event.matches) { loadAll(); } });
  }
})();
