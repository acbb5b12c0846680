// Shows that the upload is under way, and keeps a second click from filing the same form twice.
'use strict';

(function () {
  const form = document.getElementById('upload-form');
  const button = document.getElementById('upload');
  const label = button.textContent;

  form.addEventListener('submit', () => {
    // Disabled after the browser has taken the form's data, so the submission itself goes through.
    setTimeout(() => {
      button.disabled = true;
      button.textContent = 'Filing…';
      form.setAttribute('aria-busy', 'true');
    }, 0);
  });

  // Coming back with the Back button restores the page as it was left: make it usable again.
  window.addEventListener('pageshow', () => {
    button.disabled = false;
    button.textContent = label;
    form.removeAttribute('aria-busy');
  });

  // An outcome after a submit is where the person's attention should go.
  const result = document.getElementById('result');
  if (result && result.dataset.state === 'error') result.focus();
})();
