/*
 * Bulletin en cartes : la jauge de chaque enveloppe suit les cases cochées (nombre de projets
 * choisis sur le maximum de la règle, coût total, enveloppe) et annonce poliment un choix qui
 * dépasse la règle. Pour un vote dans la limite du budget (data-forme="budget"), elle montre
 * les euros choisis sur le budget et ce qui reste. Sans JavaScript, le bouton « Vérifier mon choix » fait faire le même calcul
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
    var parBudget = fieldset.getAttribute("data-forme") === "budget";
    var budgetMin = parseFloat(fieldset.getAttribute("data-budget-min")) || 0;
    var partMin = fieldset.getAttribute("data-part-min");
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
      var choisis = nombre + " " + (nombre > 1 ? "projets choisis" : "projet choisi");
      var message = "";
      var depasse = nombre > max;
      if (parBudget) {
        var reste = budget - total;
        texte.textContent = euros(total) + " choisis sur " + euros(budget) + " : " +
          (reste >= 0 ? "il reste " + euros(reste) : "dépassement de " + euros(-reste)) +
          " (" + choisis + ")";
        barre.value = Math.min(total, budget);
        depasse = depasse || total > budget;
        if (total > budget) {
          message = "« " + nom + " » : vos projets coûtent " + euros(total) +
            ", au-delà du budget de " + euros(budget) + " ; retirez-en pour " + euros(-reste) +
            " au moins.";
        }
      } else {
        texte.textContent = choisis + " sur " + max + " au plus (" + euros(total) +
          " de projets ; enveloppe " + euros(budget) + ")";
        barre.value = Math.min(nombre, max);
      }
      // Le dépassement du budget est dit d'abord, comme le serveur le dit.
      if (!message && nombre > max) {
        message = "« " + nom + " » : vous avez choisi " + pluriel(nombre, "projet") + ", " + max +
          " au plus ; retirez-en " + (nombre - max) + ".";
      } else if (!message && nombre > 0 && nombre < min) {
        message = "« " + nom + " » : choisissez au moins " + pluriel(min, "projet") + ", ou aucun.";
      } else if (!message && nombre > 0 && total < budgetMin) {
        message = "« " + nom + " » : choisissez des projets pour au moins " + euros(budgetMin) +
          " (" + partMin + " % du budget), ou aucun ; il manque " + euros(budgetMin - total) + ".";
      }
      texte.classList.toggle("jauge__texte--depasse", depasse);
      erreur.textContent = message;
    }

    cases.forEach(function (c) {
      c.addEventListener("change", mettreAJour);
    });
  }

  document.querySelectorAll("[data-bulletin] [data-enveloppe]").forEach(setup);
})();
