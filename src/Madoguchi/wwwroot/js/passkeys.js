// Passkeys are a progressive enhancement: every page works without script (TOTP for staff, password for residents).
// A form marked data-passkey is shown only where the browser supports WebAuthn JSON helpers; on submit it asks the
// server for options, lets the browser create or use a passkey, and submits the resulting credential as a normal POST.
(function () {
  'use strict';
  if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    return;
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      if (form.dataset.ready === 'true') {
        return;
      }
      event.preventDefault();
      var token = form.querySelector('input[name="__RequestVerificationToken"]').value;
      fetch(form.dataset.optionsUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'RequestVerificationToken': token }
      })
        .then(function (response) {
          if (!response.ok) { throw new Error('options'); }
          return response.json();
        })
        .then(function (options) {
          return form.dataset.passkey === 'register'
            ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
            : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        })
        .then(function (credential) {
          form.querySelector('input[name="credential"]').value = JSON.stringify(credential);
        })
        .catch(function (error) {
          form.querySelector('input[name="error"]').value = (error && error.name) || 'Error';
        })
        .finally(function () {
          form.dataset.ready = 'true';
          form.submit();
        });
    });
  });
})();
