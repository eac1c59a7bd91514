// Page behaviour without inline script (the Content-Security-Policy allows
// scripts from /static only):
//   <button data-print>            prints the page
//   <form data-confirm="问题？">    asks before submitting
//   <select data-autosubmit>       submits its form when changed
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var t = e.target instanceof Element ? e.target.closest("[data-print]") : null;
    if (t) {
      e.preventDefault();
      window.print();
    }
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f instanceof HTMLFormElement && f.hasAttribute("data-confirm")) {
      if (!window.confirm(f.getAttribute("data-confirm"))) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    }
  }, true);
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t instanceof Element && t.hasAttribute("data-autosubmit") && t.form) {
      t.form.submit();
    }
  });
})();
