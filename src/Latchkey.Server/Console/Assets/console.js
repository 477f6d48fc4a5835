// Latchkey console: copy, download and dialogs. Plain JavaScript; no inline script (the CSP forbids it).
(function () {
  'use strict';

  function byId(id) { return document.getElementById(id); }

  // The profile menu: opens on hover (CSS), on focus (CSS) and on click (here, for touch screens).
  document.querySelectorAll('[data-profile]').forEach(function (profile) {
    var button = profile.querySelector('.avatar');
    button.addEventListener('click', function () {
      var open = profile.classList.toggle('open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    document.addEventListener('click', function (event) {
      if (!profile.contains(event.target)) {
        profile.classList.remove('open');
        button.setAttribute('aria-expanded', 'false');
      }
    });
  });

  document.querySelectorAll('[data-open-dialog]').forEach(function (button) {
    button.addEventListener('click', function () {
      var dialog = byId(button.getAttribute('data-open-dialog'));
      if (dialog) { dialog.showModal(); }
    });
  });

  document.querySelectorAll('button[data-href]').forEach(function (button) {
    button.addEventListener('click', function () { location.assign(button.getAttribute('data-href')); });
  });

  document.querySelectorAll('[data-close-dialog]').forEach(function (button) {
    button.addEventListener('click', function () { button.closest('dialog').close(); });
  });

  // Forms that need a confirmation (Delete) ask in a <dialog>, then submit.
  var confirmDialog = byId('confirm-dialog');
  var pendingForm = null;
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!confirmDialog || form.dataset.confirmed === 'yes') { return; }
      event.preventDefault();
      pendingForm = form;
      byId('confirm-message').textContent = form.getAttribute('data-confirm');
      confirmDialog.showModal();
    });
  });
  if (confirmDialog) {
    byId('confirm-ok').addEventListener('click', function () {
      confirmDialog.close();
      if (pendingForm) { pendingForm.dataset.confirmed = 'yes'; pendingForm.requestSubmit(); }
    });
  }

  // The Create AccessKey dialog: the only page that holds a secret. It is the response to the POST;
  // the history entry is rewritten to the list page at once, and closing the dialog wipes the
  // secret from the page and replaces the entry, so reload, back and forward cannot show it again.
  var created = byId('created-dialog');
  if (created) {
    var returnUrl = created.getAttribute('data-return-url');
    var idNode = byId('created-access-key-id');
    var secretNode = byId('created-access-key-secret');
    history.replaceState(null, '', returnUrl);
    created.showModal();

    var leave = function () {
      idNode.textContent = '';
      secretNode.textContent = '';
      location.replace(returnUrl);
    };
    created.addEventListener('close', leave);
    window.addEventListener('pageshow', function (event) { if (event.persisted) { leave(); } });

    byId('download-csv').addEventListener('click', function () {
      var csv = 'AccessKey ID,AccessKey Secret\r\n' + idNode.textContent + ',' + secretNode.textContent + '\r\n';
      var url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      var link = document.createElement('a');
      link.href = url;
      link.download = 'AccessKey.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 0);
    });

    byId('copy-pair').addEventListener('click', function () {
      var text = 'AccessKey ID: ' + idNode.textContent + '\nAccessKey Secret: ' + secretNode.textContent;
      var status = byId('copy-status');
      navigator.clipboard.writeText(text).then(
        function () { status.textContent = 'Copied the AccessKey ID and AccessKey secret.'; },
        function () { status.textContent = 'Copy failed: select the text and copy it by hand.'; });
    });
  }

  // Search as you type on the Users page (the form also works with Enter and without script).
  var search = document.querySelector('[data-filter-table]');
  if (search) {
    var rows = document.querySelectorAll('#' + search.getAttribute('data-filter-table') + ' tbody tr[data-search]');
    search.addEventListener('input', function () {
      var q = search.value.trim().toLowerCase();
      rows.forEach(function (row) { row.hidden = q !== '' && row.getAttribute('data-search').indexOf(q) < 0; });
    });
  }

  // The policy editor validates as you type: the document goes to the server's compiler (the same
  // one CreatePolicy runs), so the verdict and the position of the fault match the API exactly.
  document.querySelectorAll('textarea[data-policy-editor]').forEach(function (editor) {
    var status = editor.form.querySelector('[data-policy-status]');
    var token = editor.form.querySelector('input[name="__RequestVerificationToken"]');
    var timer = null;
    var sequence = 0;
    function validate() {
      var mine = ++sequence;
      var body = new URLSearchParams();
      body.set('document', editor.value);
      if (token) { body.set('__RequestVerificationToken', token.value); }
      fetch(editor.getAttribute('data-validate-url'), { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) { return response.json(); })
        .then(function (verdict) {
          if (mine !== sequence) { return; }
          status.textContent = verdict.message;
          status.className = verdict.valid ? 'policy-valid' : 'policy-invalid';
          editor.setAttribute('aria-invalid', verdict.valid ? 'false' : 'true');
        })
        .catch(function () { if (mine === sequence) { status.textContent = 'Could not check the document.'; } });
    }
    editor.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(validate, 250);
    });
    validate();
  });
})();
