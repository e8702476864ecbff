// The public page to check a tip by its tracking code, open without signing in. The code is
// read from the form, never from the URL, so it does not land in the browser's history or
// in server logs. The last result stays in this module until the user leaves the page, so
// a language switch shows it again.

import { ApiError, graphql } from '../api.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { alertArea, checkRequired, field, focusFirstError, showAlert, whileBusy } from '../forms.js';
import { t } from '../i18n.js';
import { href, onNavigate } from '../router.js';
import { detailsList, pageHeader, statusBadge } from '../widgets.js';

const STATUS = `
  query ConsoleTipStatus($trackingCode: String!) {
    tipStatus(trackingCode: $trackingCode) { status statusLabel submittedOn }
  }
`;

let lastCode = '';

onNavigate((page) => {
  if (!page || page.name !== 'tipStatus') lastCode = '';
});

export function title() {
  return t('tipCheck.title');
}

function resultCard(tracking) {
  return h('section', { class: 'card', 'aria-labelledby': 'tip-status-result' },
    h('h2', { id: 'tip-status-result', class: 'card-title', tabindex: '-1' }, t('tipCheck.result')),
    detailsList([
      [t('tipReport.status'), statusBadge(`public-${tracking.status}`, tracking.statusLabel)],
      [t('tipReport.submittedOn'), formatDate(tracking.submittedOn)],
    ]));
}

export async function render() {
  const code = field({
    name: 'trackingCode', label: t('tipCheck.code'), required: true, hint: t('tipCheck.codeHint'),
    value: lastCode,
    attributes: {
      autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '20', lang: 'en', class: 'input-code',
    },
  });
  const summary = alertArea();
  const result = h('div', { class: 'tip-status-result' });
  const button = h('button', { type: 'submit', class: 'button button-primary' }, t('tipCheck.submit'));
  const form = h('form', { class: 'card form form-narrow', novalidate: true }, summary, code.element, h('div', { class: 'actions' }, button));

  async function check({ moveFocus }) {
    const text = code.value();
    lastCode = text;
    try {
      const data = await graphql(STATUS, { trackingCode: text });
      if (!data.tipStatus) {
        result.replaceChildren();
        code.setError(t('tipCheck.notFound', { code: text }));
        if (moveFocus) code.control.focus();
        return;
      }
      result.replaceChildren(resultCard(data.tipStatus));
      if (moveFocus) result.querySelector('h2').focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showAlert(summary, error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
      summary.focus();
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    result.replaceChildren();
    if (!checkRequired([code])) {
      focusFirstError([code]);
      return;
    }
    await whileBusy(button, t('shell.loading'), () => check({ moveFocus: true }));
  });
  if (lastCode) await check({ moveFocus: false });

  return h('section', { class: 'page page-tip-status' },
    pageHeader(t('tipCheck.title'), t('tipCheck.intro')),
    form,
    result,
    h('ul', { class: 'plain-list public-links' },
      h('li', {}, h('a', { href: href('/tip') }, t('tipReport.title'))),
      h('li', {}, h('a', { href: href('/login') }, t('tipReport.staffSignIn')))));
}
