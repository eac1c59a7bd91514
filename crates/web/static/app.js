// Page behaviour without inline script (the Content-Security-Policy allows
// scripts from /static only):
//   <button data-print>            prints the page
//   <form data-confirm="问题？">    asks before submitting
//   <select data-autosubmit>       submits its form when changed
//   <button data-nav-toggle>       opens and closes the areas menu on phones
//   <button data-copy="#id">       copies the text of #id, then says 已复制
(function () {
  "use strict";
  // Script runs: on phones the areas fold behind the 菜单 button (app.css).
  // Without script the button stays hidden and the links stay wrapped.
  var top = document.querySelector("header.top");
  if (top && top.querySelector("[data-nav-toggle]")) {
    top.classList.add("has-menu");
  }
  // Copy buttons are useless without script, so they show only with it.
  document.querySelectorAll("[data-copy]").forEach(function (b) {
    b.hidden = false;
  });

  function copied(button, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = ok ? "已复制" : "已选中，请长按复制";
    button.classList.toggle("copied", ok);
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("copied");
    }, 3000);
  }

  // The fallback where the Clipboard API is missing or refused (plain
  // http on an intranet is not a secure context): select the text, so a
  // long press copies it, and try the old copy command.
  function selectAndCopy(target) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (err) {
      return false;
    }
  }

  document.addEventListener("click", function (e) {
    var el = e.target instanceof Element ? e.target : null;
    if (!el) {
      return;
    }
    var t = el.closest("[data-print]");
    if (t) {
      e.preventDefault();
      window.print();
      return;
    }
    var toggle = el.closest("[data-nav-toggle]");
    if (toggle) {
      var header = toggle.closest("header");
      var open = header.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "收起" : "菜单";
      return;
    }
    var copy = el.closest("[data-copy]");
    if (copy) {
      var target = document.querySelector(copy.getAttribute("data-copy"));
      if (!target) {
        return;
      }
      // Dashes and all, as shown: the look-up accepts them.
      var text = target.textContent.trim();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(
          function () { copied(copy, true); },
          function () { copied(copy, selectAndCopy(target)); }
        );
      } else {
        copied(copy, selectAndCopy(target));
      }
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
