// The builder's accessibility check (decision 0020 §18): axe-core, the engine the browser tests use, run with the same
// WCAG 2.2 A/AA rules over the resident's screen in the preview; findings listed in Japanese. Without script the
// button stays hidden and the preview works as before.
(function () {
  "use strict";
  var panel = document.querySelector("[data-preview-check]");
  var area = document.querySelector(".preview");
  if (!panel || !area || typeof window.axe === "undefined") {
    return;
  }

  var messages = JSON.parse(panel.getAttribute("data-messages"));
  var button = panel.querySelector("button");
  var result = panel.querySelector("[role=status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    result.textContent = messages.running;
    window.axe.run(area, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
      .then(function (outcome) {
        result.textContent = "";
        if (outcome.violations.length === 0) {
          result.textContent = messages.none;
          return;
        }

        var heading = document.createElement("p");
        heading.textContent = messages.found.replace("{0}", String(outcome.violations.length));
        var list = document.createElement("ul");
        outcome.violations.forEach(function (violation) {
          var item = document.createElement("li");
          var text = messages.rules[violation.id] || messages.other;
          item.textContent = text + messages.places.replace("{0}", String(violation.nodes.length));
          list.appendChild(item);
        });
        result.appendChild(heading);
        result.appendChild(list);
      })
      .catch(function () {
        result.textContent = messages.failed;
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
