/* The "print fact sheet" button: hidden without JavaScript (the browser's own print
   command still works, with static/css/print.css), shown and wired up here. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
