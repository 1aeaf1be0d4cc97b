/*
 * Choix par nom (ui/widgets.py) : le champ texte « noms séparés par des virgules » devient une
 * liste de suggestions accessible (motif combobox ARIA 1.2, liste « listbox »).
 * Clavier : Flèche bas / haut parcourent les suggestions, Entrée choisit, Échap ferme.
 * Suggestions : l'adresse `data-source` (?q=…, réponse {results: [{label}]}) ou, sans elle,
 * la liste cachée `[data-choix-options]` des choix du champ. Sans script, le texte suffit.
 */
(function () {
  "use strict";
  var SEPARATEUR = ",";
  var MAX = 20;
  var compteur = 0;

  function cle(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-'’]/g, " ").replace(/\s+/g, " ").trim();
  }

  function morceaux(valeur) {
    var parties = valeur.split(SEPARATEUR);
    return { choisis: parties.slice(0, -1).map(function (p) { return p.trim(); })
      .filter(Boolean), saisi: parties[parties.length - 1].trim() };
  }

  function ameliorer(racine) {
    if (racine.dataset.choixActif) return;
    racine.dataset.choixActif = "1";
    var champ = racine.querySelector("input");
    var source = racine.dataset.source || "";
    var locales = Array.prototype.map.call(
      racine.querySelectorAll("[data-choix-options] li"), function (li) { return li.textContent; });
    var id = (champ.id || "choix-par-nom-" + (++compteur));
    var liste = document.createElement("ul");
    liste.id = id + "-suggestions";
    liste.className = "choix-par-nom__liste";
    liste.setAttribute("role", "listbox");
    liste.setAttribute("aria-label", "Suggestions");
    liste.hidden = true;
    var annonce = document.createElement("p");
    annonce.className = "visually-hidden";
    annonce.setAttribute("aria-live", "polite");
    champ.insertAdjacentElement("afterend", liste);
    liste.insertAdjacentElement("afterend", annonce);
    champ.setAttribute("role", "combobox");
    champ.setAttribute("aria-autocomplete", "list");
    champ.setAttribute("aria-expanded", "false");
    champ.setAttribute("aria-controls", liste.id);
    var actif = -1;
    var requete = 0;
    var attente = null;

    function fermer() {
      liste.hidden = true;
      liste.replaceChildren();
      actif = -1;
      champ.setAttribute("aria-expanded", "false");
      champ.removeAttribute("aria-activedescendant");
    }

    function activer(rang) {
      var options = liste.children;
      if (!options.length) return;
      actif = (rang + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === actif ? "true" : "false");
      });
      champ.setAttribute("aria-activedescendant", options[actif].id);
      options[actif].scrollIntoView({ block: "nearest" });
    }

    function choisir(libelle) {
      var m = morceaux(champ.value);
      m.choisis.push(libelle);
      champ.value = m.choisis.join(SEPARATEUR + " ") + SEPARATEUR + " ";
      fermer();
      annonce.textContent = "« " + libelle + " » ajouté. " + m.choisis.length + " choisi(s).";
      champ.focus();
    }

    function montrer(libelles) {
      var m = morceaux(champ.value);
      var deja = m.choisis.map(cle);
      libelles = libelles.filter(function (l) { return deja.indexOf(cle(l)) < 0; }).slice(0, MAX);
      // A late answer keeps the suggestion the keyboard is on, if it is still offered.
      var garde = actif >= 0 && liste.children[actif] ? liste.children[actif].textContent : null;
      liste.replaceChildren();
      actif = -1;
      champ.removeAttribute("aria-activedescendant");
      libelles.forEach(function (libelle, i) {
        var option = document.createElement("li");
        option.id = liste.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = libelle;
        option.addEventListener("mousedown", function (e) { e.preventDefault(); });
        option.addEventListener("click", function () { choisir(libelle); });
        liste.appendChild(option);
      });
      liste.hidden = !libelles.length;
      champ.setAttribute("aria-expanded", libelles.length ? "true" : "false");
      if (garde !== null && libelles.indexOf(garde) >= 0) activer(libelles.indexOf(garde));
      annonce.textContent = libelles.length
        ? libelles.length + " suggestion(s) : flèche bas pour les parcourir, Entrée pour choisir."
        : "Aucune suggestion.";
    }

    function chercher() {
      var saisi = morceaux(champ.value).saisi;
      if (cle(saisi).length < 2) { fermer(); return; }
      if (!source) {
        var c = cle(saisi);
        montrer(locales.filter(function (l) { return cle(l).indexOf(c) >= 0; }));
        return;
      }
      var numero = ++requete;
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(saisi);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (numero !== requete) return;  // a later keystroke has its own answer
          montrer((data.results || []).map(function (r) { return r.label; }));
        })
        .catch(function () { fermer(); });
    }

    champ.addEventListener("input", function () {
      clearTimeout(attente);
      if (source) attente = setTimeout(chercher, 150);
      else chercher();
    });
    champ.addEventListener("keydown", function (e) {
      var ouverte = !liste.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (ouverte) activer(actif + 1); else chercher();
      } else if (e.key === "ArrowUp" && ouverte) {
        e.preventDefault();
        activer(actif - 1);
      } else if (e.key === "Enter" && ouverte && actif >= 0) {
        e.preventDefault();
        choisir(liste.children[actif].textContent);
      } else if (e.key === "Escape" && ouverte) {
        e.preventDefault();
        fermer();
      }
    });
    champ.addEventListener("blur", function () { setTimeout(fermer, 150); });
  }

  function tout() {
    document.querySelectorAll("[data-choix-par-nom]").forEach(ameliorer);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", tout);
  else tout();
})();
