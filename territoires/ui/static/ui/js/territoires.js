/* Territoires — small behaviours shared by every page (no inline script: CSP).
 * - htmx requests carry the CSRF token read from <meta name="csrf-token">;
 * - after an htmx swap, focus moves to the new content when asked (data-focus-on-swap)
 *   or to an error summary, so that screen-reader users hear what changed;
 * - on load, a form's error summary takes the focus;
 * - a skip link always moves the focus to its target;
 * - on a small screen the « Menu » button folds the header (search, account, menu). */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function focusElement(element) {
    if (!element) {
      return;
    }
    if (!element.hasAttribute("tabindex") && element.tabIndex < 0) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") {
      event.detail.headers["X-CSRFToken"] = csrfToken();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    // With hx-swap="outerHTML" the old target left the page: find its replacement.
    if (!target.isConnected && target.id) {
      target = document.getElementById(target.id);
    }
    if (!target) {
      return;
    }
    var summary = target.querySelector("[data-error-summary]");
    if (summary) {
      focusElement(summary);
    } else if (target.hasAttribute("data-focus-on-swap")) {
      var heading = target.querySelector("h1, h2, h3");
      focusElement(heading || target);
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".skiplinks a");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      focusElement(target);
      target.scrollIntoView();
    }
  });

  function setupMenu() {
    var header = document.querySelector("[data-menu-replie]");
    var toggle = header && header.querySelector(".header__toggle");
    if (!toggle) {
      return;
    }
    function fold(folded) {
      header.classList.toggle("header--replie", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    }
    toggle.hidden = false;
    fold(true);
    toggle.addEventListener("click", function () {
      fold(toggle.getAttribute("aria-expanded") === "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" &&
          window.getComputedStyle(toggle).display !== "none") {
        fold(true);
        toggle.focus();
      }
    });
  }

  function onLoad() {
    setupMenu();
    focusElement(document.querySelector("[data-error-summary]"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
