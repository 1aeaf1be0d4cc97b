// The tabs of the dossier page (aides/dossier/_onglets.html), improved into ARIA tabs.
// Without this file each tab is a link (?onglet=) and the server shows its panel; with it
// the panels switch in place: arrow keys, Home and End move between tabs (WAI-ARIA APG
// "tabs with automatic activation"), and the address keeps the open tab.
(function () {
  "use strict";

  function init(nav) {
    var list = nav.querySelector("ul");
    var tabs = Array.prototype.slice.call(nav.querySelectorAll("a[data-panneau]"));
    var panels = tabs.map(function (tab) {
      return document.getElementById(tab.getAttribute("data-panneau"));
    });
    if (!list || !tabs.length || panels.indexOf(null) !== -1) {
      return;
    }
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", nav.getAttribute("aria-label") || "");
    nav.removeAttribute("aria-label");

    function select(index, focus) {
      tabs.forEach(function (tab, i) {
        var on = i === index;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.setAttribute("tabindex", on ? "0" : "-1");
        panels[i].hidden = !on;
      });
      if (focus) {
        tabs[index].focus();
      }
      var url = new URL(window.location.href);
      url.searchParams.set("onglet", tabs[index].id.replace(/^onglet-/, ""));
      url.hash = "";
      window.history.replaceState(null, "", url.toString());
    }

    var current = 0;
    tabs.forEach(function (tab, i) {
      tab.parentNode.setAttribute("role", "presentation");
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panels[i].id);
      if (tab.getAttribute("aria-current") === "page") {
        current = i;
      }
      tab.removeAttribute("aria-current");
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", tab.id);
      panels[i].setAttribute("tabindex", "0");
      tab.addEventListener("click", function (event) {
        event.preventDefault();
        select(i, true);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") {
          next = (i + 1) % tabs.length;
        } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
          next = (i - 1 + tabs.length) % tabs.length;
        } else if (event.key === "Home") {
          next = 0;
        } else if (event.key === "End") {
          next = tabs.length - 1;
        }
        if (next !== null) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
    tabs.forEach(function (tab, i) {
      var on = i === current;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.setAttribute("tabindex", on ? "0" : "-1");
    });
  }

  document.querySelectorAll("[data-onglets]").forEach(init);
})();
