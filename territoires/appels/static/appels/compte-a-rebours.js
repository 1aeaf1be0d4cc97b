// Refreshes the server's countdown sentence (« Clôture dans 3 jours ») every minute.
// Without JavaScript the sentence written by the server stays: nothing depends on this file.
(function () {
  "use strict";
  function pluriel(n, mot) {
    return n + " " + mot + (n > 1 ? "s" : "");
  }
  function texte(el, maintenant) {
    var ouverture = new Date(el.dataset.ouverture);
    var limite = new Date(el.dataset.dateLimite);
    if (maintenant < ouverture) return null; // the server's « Ouverture le … » stays
    var reste = limite - maintenant;
    if (reste <= 0) return "Candidatures closes";
    var jours = Math.floor(reste / 86400000);
    if (jours >= 1) return "Clôture dans " + pluriel(jours, "jour");
    var heures = Math.floor(reste / 3600000);
    if (heures >= 1) return "Clôture dans " + pluriel(heures, "heure");
    return "Clôture dans " + pluriel(Math.max(1, Math.floor(reste / 60000)), "minute");
  }
  function rafraichir() {
    var maintenant = new Date();
    document.querySelectorAll("[data-compte-a-rebours]").forEach(function (el) {
      var t = texte(el, maintenant);
      if (t && el.textContent !== t) el.textContent = t;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    rafraichir();
    window.setInterval(rafraichir, 60000);
  });
})();
