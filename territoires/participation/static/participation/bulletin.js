/*
 * Bulletin en cartes : la jauge de chaque enveloppe suit les cases cochées (nombre de projets
 * choisis sur le maximum de la règle, coût total, enveloppe) et annonce poliment un choix qui
 * dépasse la règle. Sans JavaScript, le bouton « Vérifier mon choix » fait faire le même calcul
 * au serveur ; c'est lui qui décide toujours.
 */
(function () {
  "use strict";

  function euros(valeur) {
    var entier = Math.round(valeur * 100) % 100 === 0;
    return new Intl.NumberFormat("fr-FR", {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: entier ? 0 : 2,
      maximumFractionDigits: entier ? 0 : 2
    }).format(valeur);
  }

  function pluriel(n, mot) {
    return n + " " + mot + (n > 1 ? "s" : "");
  }

  function setup(fieldset) {
    var max = parseInt(fieldset.getAttribute("data-choix-max"), 10);
    var min = parseInt(fieldset.getAttribute("data-choix-min"), 10);
    var budget = parseFloat(fieldset.getAttribute("data-budget"));
    var nom = fieldset.getAttribute("data-nom");
    var texte = fieldset.querySelector("[data-jauge-texte]");
    var barre = fieldset.querySelector("[data-jauge-barre]");
    var erreur = fieldset.querySelector("[data-jauge-erreur]");
    var cases = fieldset.querySelectorAll("input[type=checkbox]");

    function mettreAJour() {
      var nombre = 0;
      var total = 0;
      cases.forEach(function (c) {
        if (c.checked) {
          nombre += 1;
          total += parseFloat(c.getAttribute("data-cout")) || 0;
        }
      });
      texte.textContent = nombre + " " + (nombre > 1 ? "projets choisis" : "projet choisi") +
        " sur " + max + " au plus (" + euros(total) + " de projets ; enveloppe " +
        euros(budget) + ")";
      barre.value = Math.min(nombre, max);
      var message = "";
      if (nombre > max) {
        message = "« " + nom + " » : vous avez choisi " + pluriel(nombre, "projet") + ", " + max +
          " au plus ; retirez-en " + (nombre - max) + ".";
      } else if (nombre > 0 && nombre < min) {
        message = "« " + nom + " » : choisissez au moins " + pluriel(min, "projet") + ", ou aucun.";
      }
      texte.classList.toggle("jauge__texte--depasse", nombre > max);
      erreur.textContent = message;
    }

    cases.forEach(function (c) {
      c.addEventListener("change", mettreAJour);
    });
  }

  document.querySelectorAll("[data-bulletin] [data-enveloppe]").forEach(setup);
})();
