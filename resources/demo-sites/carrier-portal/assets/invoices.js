// Fills the invoices table from the portal's JSON API, like a typical single-page portal, so a
// bot has to wait for the data rather than read it from the first HTML the server sends.
'use strict';

(function () {
  const form = document.getElementById('month-form');
  const monthInput = document.getElementById('month');
  const results = document.getElementById('results');
  const loading = document.getElementById('loading');
  const empty = document.getElementById('empty');
  const loadError = document.getElementById('load-error');
  const table = document.getElementById('invoices');
  const body = table.querySelector('tbody');
  const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // A newer request wins; answers to older ones are dropped when they arrive late.
  let latestRequest = 0;

  function setState(state) {
    results.dataset.state = state;
    results.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
    loading.hidden = state !== 'loading';
    empty.hidden = state !== 'empty';
    loadError.hidden = state !== 'error';
    table.hidden = state !== 'ready';
  }

  function formatEuro(cents) {
    const whole = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return '€ ' + whole + '.' + String(cents % 100).padStart(2, '0');
  }

  function formatDate(iso) {
    const [year, month, day] = iso.split('-');
    return Number(day) + ' ' + MONTH_NAMES[Number(month) - 1] + ' ' + year;
  }

  function cell(field, content, className) {
    const td = document.createElement('td');
    td.dataset.field = field;
    if (className) td.className = className;
    if (typeof content === 'string') td.textContent = content;
    else td.append(content);
    return td;
  }

  function row(invoice) {
    const tr = document.createElement('tr');
    tr.dataset.invoice = invoice.number;
    const due = document.createElement('time');
    due.dateTime = invoice.dueDate;
    due.textContent = formatDate(invoice.dueDate);
    const link = document.createElement('a');
    link.href = 'invoices/' + encodeURIComponent(invoice.number) + '.pdf';
    link.textContent = 'Download PDF';
    tr.append(
      cell('client', invoice.client),
      cell('number', invoice.number),
      cell('amount', formatEuro(invoice.amountCents), 'number'),
      cell('due-date', due),
      cell('download', link),
    );
    return tr;
  }

  async function load(month) {
    const request = ++latestRequest;
    body.replaceChildren();
    setState('loading');
    try {
      const response = await fetch('api/invoices?month=' + encodeURIComponent(month), { headers: { Accept: 'application/json' } });
      if (request !== latestRequest) return;
      if (response.status === 401) {
        window.location.assign('login');
        return;
      }
      // The portal wants a CAPTCHA solved first (demo/captcha mode); the page carries the person there.
      if (response.status === 403) {
        window.location.assign('captcha');
        return;
      }
      const data = await response.json();
      if (request !== latestRequest) return;
      // The portal shows a month it cannot read the same way as a month with nothing billed.
      if (response.status === 400) {
        setState('empty');
        return;
      }
      if (!response.ok) throw new Error(data.error || 'The server answered ' + response.status);
      if (data.length === 0) {
        setState('empty');
        return;
      }
      body.replaceChildren(...data.map(row));
      setState('ready');
    } catch (error) {
      if (request !== latestRequest) return;
      loadError.textContent = 'Could not load invoices: ' + error.message;
      setState('error');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const month = monthInput.value;
    history.pushState({ month }, '', '?month=' + encodeURIComponent(month));
    load(month);
  });

  window.addEventListener('popstate', () => {
    const month = new URLSearchParams(window.location.search).get('month') || monthInput.defaultValue;
    monthInput.value = month;
    load(month);
  });

  load(monthInput.value);
})();
