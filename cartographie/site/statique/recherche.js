// « Trouver mon métier » : recherche dans l'index généré à la construction (recherche-index.js).
// Les clés de l'index sont calculées par `cartographie.texte.cle` ; `cle` ci-dessous fait le même
// pliage sur ce que tape l'utilisateur (un test compare les deux sur des intitulés difficiles).
// Rien de ce que tape l'utilisateur n'entre dans la page autrement que par textContent.
"use strict";

const LONGUEUR_MAX = 200;
const SUGGESTIONS_MAX = 8;

function cle(texte) {
  let t = texte.replace(/[’‘ʼ´]/g, "'");
  t = t.replace(/\s*\((?:f\/h|h\/f)\)/gi, " ");
  t = t.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae");
  t = t.normalize("NFKD").replace(/\p{M}/gu, "");
  t = Array.from(t, (c) => (/[\p{L}\p{N}']/u.test(c) ? c : " ")).join("");
  return t.split(/\s+/).filter(Boolean).join(" ");
}

function mots(cleTexte) {
  return cleTexte.split(/[\s']+/).filter(Boolean);
}

function chercher(index, saisie) {
  const cleSaisie = cle(saisie.slice(0, LONGUEUR_MAX));
  const demandes = mots(cleSaisie);
  if (demandes.length === 0) return [];
  const meilleurs = new Map();
  for (const entree of index) {
    const disponibles = mots(entree.k);
    if (!demandes.every((d) => disponibles.some((m) => m.startsWith(d)))) continue;
    const score = entree.k === cleSaisie ? 3 : entree.k.startsWith(cleSaisie) ? 2 : 1;
    const deja = meilleurs.get(entree.u);
    if (!deja || score > deja.score || (score === deja.score && entree.l.length < deja.entree.l.length)) {
      meilleurs.set(entree.u, { score, entree });
    }
  }
  return Array.from(meilleurs.values())
    .sort((a, b) => b.score - a.score || a.entree.l.length - b.entree.l.length || a.entree.u.localeCompare(b.entree.u))
    .slice(0, SUGGESTIONS_MAX)
    .map((r) => r.entree);
}

function installer(zone) {
  const racine = zone.dataset.racine || "";
  const champ = zone.querySelector("input");
  const liste = zone.querySelector("[role=listbox]");
  const statut = zone.querySelector("[role=status]");
  const index = window.INDEX_RECHERCHE || [];
  let resultats = [];
  let actif = -1;

  function ouvrir(i) {
    if (resultats[i]) window.location.href = racine + resultats[i].u;
  }

  function marquer() {
    Array.from(liste.children).forEach((li, i) => li.setAttribute("aria-selected", i === actif ? "true" : "false"));
    if (actif >= 0) champ.setAttribute("aria-activedescendant", liste.children[actif].id);
    else champ.removeAttribute("aria-activedescendant");
  }

  function afficher() {
    liste.replaceChildren();
    resultats.forEach((r, i) => {
      const li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      const libelle = document.createElement("span");
      libelle.textContent = r.l;
      const precision = document.createElement("span");
      precision.className = "code";
      precision.textContent = " — " + r.t + (r.c ? " (" + r.c + ")" : "");
      li.append(libelle, precision);
      li.addEventListener("click", () => ouvrir(i));
      liste.append(li);
    });
    champ.setAttribute("aria-expanded", resultats.length ? "true" : "false");
    statut.textContent = champ.value.trim() === "" ? "" :
      resultats.length === 0 ? "Aucun métier trouvé : essayez un autre mot, ou l'index A–Z." :
      resultats.length + " métier(s) proposé(s) : flèches haut et bas pour choisir, Entrée pour ouvrir.";
    marquer();
  }

  champ.addEventListener("input", () => {
    if (champ.value.length > LONGUEUR_MAX) champ.value = champ.value.slice(0, LONGUEUR_MAX);
    resultats = chercher(index, champ.value);
    actif = -1;
    afficher();
  });
  champ.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && resultats.length) {
      actif = (actif + 1) % resultats.length; marquer(); e.preventDefault();
    } else if (e.key === "ArrowUp" && resultats.length) {
      actif = actif <= 0 ? resultats.length - 1 : actif - 1; marquer(); e.preventDefault();
    } else if (e.key === "Enter" && resultats.length) {
      ouvrir(actif >= 0 ? actif : 0); e.preventDefault();
    } else if (e.key === "Escape") {
      champ.value = ""; resultats = []; actif = -1; afficher();
    }
  });
}

document.querySelectorAll(".recherche").forEach(installer);
