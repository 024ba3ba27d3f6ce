// Questions that depend on another answer appear (or go) as soon as that answer changes. Without this script the
// page still works: the server shows them after the step is posted and says why the page came back.
(function () {
  "use strict";
  var form = document.querySelector("form[data-conditional]");
  if (!form) { return; }
  var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.conditional[data-when-path]"));
  if (groups.length === 0) { return; }

  function currentValue(name) {
    var controls = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
    var value = null;
    Array.prototype.forEach.call(controls, function (control) {
      if (control.type === "radio" || control.type === "checkbox") {
        if (control.checked) { value = control.value; }
      } else if (control.type !== "hidden" || value === null) {
        value = control.value;
      }
    });
    return value;
  }

  function update() {
    groups.forEach(function (group) {
      var wanted = JSON.parse(group.getAttribute("data-when-values") || "[]");
      var show = wanted.indexOf(currentValue(group.getAttribute("data-when-path"))) >= 0;
      group.hidden = !show;
      group.disabled = !show;
    });
  }

  form.addEventListener("change", update);
  update();
})();
