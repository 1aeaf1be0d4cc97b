/* Territoires — small behaviours shared by every page (no inline script: CSP).
 * - htmx requests carry the CSRF token read from <meta name="csrf-token">;
 * - after an htmx swap, focus moves to the new content when asked (data-focus-on-swap)
 *   or to an error summary, so that screen-reader users hear what changed;
 * - on load, a form's error summary takes the focus;
 * - a skip link always moves the focus to its target. */
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

  // The folding header of small screens: one button opens and closes the search, the
  // account and the main menu; Escape closes it and gives the focus back to the button.
  function headerToggle() {
    return document.querySelector(".header__toggle");
  }

  function headerOpen(open) {
    var toggle = headerToggle();
    if (!toggle) {
      return;
    }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.closest(".header").classList.toggle("header--ouvert", open);
  }

  function headerSetup() {
    var toggle = headerToggle();
    if (!toggle) {
      return;
    }
    document.documentElement.classList.add("js-header");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      headerOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    toggle.closest(".header").addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        headerOpen(false);
        toggle.focus();
      }
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".skiplinks a");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target && target.closest(".header")) {
      headerOpen(true); // the menu or the search, folded on a small screen
    }
    if (target) {
      event.preventDefault();
      focusElement(target);
      target.scrollIntoView();
    }
  });

  function onLoad() {
    headerSetup();
    focusElement(document.querySelector("[data-error-summary]"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
