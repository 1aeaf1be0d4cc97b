/*
 * Carte cliquable du formulaire d'idée : un clic sur une commune (dessinée hors ligne par
 * referentiel/carte.js) inscrit son code INSEE dans le champ « Commune », qui reste la vraie
 * saisie (clavier, lecteurs d'écran) ; la saisie au clavier met la commune en évidence.
 */
(function () {
  "use strict";

  function setup(container) {
    var input = document.getElementById(container.getAttribute("data-choix-commune"));
    var form = container.closest("form");

    function point(event, svg) {
      // referentiel/carte.js leaves the inverse of its projection on the map it drew.
      var carte = svg && svg.closest("[data-carte-communes]");
      var toLonLat = carte && carte.carteVersLonLat;
      if (!toLonLat || !form || !form.elements.latitude || !svg.getScreenCTM()) {
        return;
      }
      var p = svg.createSVGPoint();
      p.x = event.clientX;
      p.y = event.clientY;
      var local = p.matrixTransform(svg.getScreenCTM().inverse());
      var coords = toLonLat(local.x, local.y);
      form.elements.latitude.value = coords.lat.toFixed(5);
      form.elements.longitude.value = coords.lon.toFixed(5);
    }

    var section = container.closest("section") || document;
    var statut = section.querySelector("[data-choix-commune-statut]");
    if (!input) {
      return;
    }

    function highlight(code) {
      var chosen = null;
      Array.prototype.forEach.call(container.querySelectorAll("path[data-code]"), function (path) {
        var match = code && path.getAttribute("data-code") === code;
        path.classList.toggle("carte__commune--choisie", !!match);
        if (match) {
          chosen = path;
        }
      });
      if (statut) {
        var title = chosen && chosen.querySelector("title");
        statut.textContent = title ? "Commune choisie : " + title.textContent : "";
      }
    }

    container.addEventListener("click", function (event) {
      var path = event.target.closest && event.target.closest("path[data-code]");
      if (!path) {
        return;
      }
      point(event, path.ownerSVGElement);
      input.value = path.getAttribute("data-code");
      input.dispatchEvent(new Event("change", { bubbles: true }));
      highlight(input.value);
    });
    input.addEventListener("input", function () {
      // A commune typed by hand: the point clicked earlier no longer applies.
      if (form && form.elements.latitude) {
        form.elements.latitude.value = "";
        form.elements.longitude.value = "";
      }
      highlight(input.value.trim().toUpperCase());
    });
    input.addEventListener("change", function () {
      highlight(input.value.trim().toUpperCase());
    });
    // The map is drawn once its contours are loaded: highlight a value kept after an error.
    container.addEventListener("carte:dessinee", function () {
      highlight(input.value.trim().toUpperCase());
    });
    window.setTimeout(function () { highlight(input.value.trim().toUpperCase()); }, 0);
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-choix-commune]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
