// Apparier — the desk's only script: suggestions as one types a job title or a commune, and the print
// button. The forms work the same without it.
(function () {
  "use strict";
  function suggest(inputId, listId, url, format) {
    var input = document.getElementById(inputId), list = document.getElementById(listId);
    if (!input || !list) { return; }
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch(url + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) {
            list.textContent = "";
            items.forEach(function (item) {
              var option = document.createElement("option");
              var shown = format(item);
              option.value = shown.value;
              option.label = shown.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are a help, never a condition */ });
      }, 150);
    });
  }
  suggest("intitule", "intitule-suggestions", "/bureau/suggestions/metiers?q=",
          function (a) { return { value: a.libelle, label: a.fiche }; });
  suggest("commune", "commune-suggestions", "/bureau/suggestions/communes?q=",
          function (c) { return { value: c.nom, label: (c.codePostal || c.code) }; });
  var print = document.querySelector("[data-imprimer]");
  if (print) { print.addEventListener("click", function () { window.print(); }); }
  var errors = document.getElementById("erreurs");
  if (errors) { errors.focus(); }
})();
