/* The financing plan's totals as one types (the « Recalculer » button does the same on the
   server without JavaScript). Amounts are read in French (« 12 000,50 ») and counted in cents. */
(function () {
  "use strict";
  var form = document.querySelector("[data-plan-financement]");
  if (!form) return;
  var euros = new Intl.NumberFormat("fr-FR", {
    style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 2
  });

  function centimes(input) {
    if (!input) return 0;
    var texte = (input.value || "").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    var nombre = Number(texte);
    return texte === "" || isNaN(nombre) ? 0 : Math.round(nombre * 100);
  }

  function somme(selecteur) {
    var total = 0;
    form.querySelectorAll(selecteur).forEach(function (input) { total += centimes(input); });
    return total;
  }

  function montant(cents) { return euros.format(cents / 100); }

  function ecart(cout, total) {
    var difference = cout - total;
    if (difference === 0) return "équilibré";
    return difference > 0 ? "il manque " + montant(difference) : montant(-difference) + " de trop";
  }

  function ecrire(id, texte) {
    var output = document.getElementById(id);
    if (output && output.textContent !== texte) output.textContent = texte;
  }

  function miseAJour() {
    var champCout = form.querySelector("[name=cout_ht]");
    var cout = centimes(champCout);
    var depenses = somme("input[name^='depense_'][name$='_montant']");
    var financements = somme("input[name^='financement_']:not([type=checkbox])") +
      centimes(form.querySelector("[name=montant_demande]"));
    var coutSaisi = champCout && champCout.value.trim() !== "";
    ecrire("plan-cout", coutSaisi ? montant(cout) : "—");
    ecrire("plan-total-depenses", montant(depenses));
    ecrire("plan-total-financements", montant(financements));
    ecrire("plan-ecart-depenses", coutSaisi ? ecart(cout, depenses) : "coût à saisir");
    ecrire("plan-ecart-financements", coutSaisi ? ecart(cout, financements) : "coût à saisir");
  }

  form.addEventListener("input", miseAJour);
})();
