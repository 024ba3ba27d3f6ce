// The card bridge (madoguchi-card-bridge/1, docs/card-bridge.md) is a progressive enhancement: the page asks the
// resident's local card client to sign, and fills in the form fields that otherwise take a pasted value. The form is
// still sent by the resident, as a normal POST, and checked on the server.
(function () {
  'use strict';
  if (!window.fetch) {
    return;
  }

  document.querySelectorAll('[data-card-bridge]').forEach(function (bridge) {
    var form = bridge.closest('form');
    var button = bridge.querySelector('[data-card-bridge-button]');
    var status = bridge.querySelector('[data-card-bridge-status]');
    if (!form || !button || !status) {
      return;
    }

    bridge.hidden = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      status.textContent = bridge.dataset.messageConnecting;
      fetch(bridge.dataset.cardBridge.replace(/\/$/, '') + '/v1/sign', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ purpose: bridge.dataset.purpose, format: bridge.dataset.format, data: bridge.dataset.data })
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (!result.ok) {
            status.textContent = (result.body && result.body.message) || bridge.dataset.messageFailed;
            return;
          }
          form.querySelector('[name="' + bridge.dataset.signatureField + '"]').value = result.body.signature;
          if (bridge.dataset.certificateField) {
            form.querySelector('[name="' + bridge.dataset.certificateField + '"]').value = result.body.certificate;
          }
          status.textContent = bridge.dataset.messageDone;
        })
        .catch(function () {
          status.textContent = bridge.dataset.messageUnreachable;
        })
        .then(function () {
          button.disabled = false;
        });
    });
  });
})();
