// The public form to report a child who is out of school, open without signing in. After
// sending, the page shows the tip's tracking code once: the server keeps only its hash.
//
// The code stays in this module while the user is on the page, so that a language switch
// (which renders the page again) does not lose it. It is dropped when the user leaves the
// page, and it never goes into the URL or the browser's storage.

import { ApiError, graphql } from '../api.js';
import { areaPicker, provinces } from '../areas.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { alertArea, checkRequired, field, focusFirstError, showAlert, showUserErrors, whileBusy } from '../forms.js';
import { t } from '../i18n.js';
import { href, onNavigate, refresh, showAreaCredit } from '../router.js';
import { announce, detailsList, pageHeader } from '../widgets.js';

const SUBMIT = `
  mutation ConsoleSubmitTip($input: SubmitTipInput!) {
    submitTip(input: $input) {
      trackingCode
      tracking { status statusLabel submittedOn }
      errors { field code message }
    }
  }
`;

const WHOLE_NUMBER = /^\d{1,3}$/;
const DECIMAL = /^-?\d{1,3}(\.\d+)?$/;
// A position that takes longer than this, once the user has allowed location access, counts
// as a failure, and the button works again.
const LOCATE_TIMEOUT_MS = 15000;

let receipt = null;

onNavigate((page) => {
  if (!page || page.name !== 'reportTip') receipt = null;
});

export function title() {
  return t('tipReport.title');
}

function publicLinks() {
  return h('ul', { class: 'plain-list public-links' },
    h('li', {}, h('a', { href: href('/tip/status') }, t('tipCheck.title'))),
    h('li', {}, h('a', { href: href('/login') }, t('tipReport.staffSignIn'))));
}

function copyButton(code) {
  if (!navigator.clipboard) return null;
  const button = h('button', { type: 'button', class: 'button button-quiet' }, t('tipReport.copy'));
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(code);
      announce(t('tipReport.copied'));
    } catch {
      // Copying can be refused by the browser; the code is still on screen to write down.
    }
  });
  return button;
}

function receiptPage(sent) {
  const anotherButton = h('button', { type: 'button', class: 'button' }, t('tipReport.another'));
  anotherButton.addEventListener('click', () => {
    receipt = null;
    refresh();
  });
  return h('section', { class: 'page page-tip-report' },
    pageHeader(t('tipReport.title')),
    h('section', { class: 'card receipt', 'aria-labelledby': 'tip-sent' },
      h('h2', { id: 'tip-sent', class: 'card-title', tabindex: '-1' }, t('tipReport.sent')),
      h('p', {}, t('tipReport.codeLabel')),
      h('p', { class: 'tracking-code', lang: 'en' }, sent.code),
      h('p', { class: 'alert alert-info' }, t('tipReport.codeKeep')),
      detailsList([
        [t('tipReport.status'), sent.tracking.statusLabel],
        [t('tipReport.submittedOn'), formatDate(sent.tracking.submittedOn)],
      ]),
      h('div', { class: 'actions' }, copyButton(sent.code), anotherButton)),
    publicLinks());
}

// Check the typed numbers here, so that a letter in a number field gets a message in the
// console's language beside the field instead of a GraphQL type error.
function readNumbers(age, latitude, longitude) {
  const values = {};
  let valid = true;
  const ageText = age.value();
  if (!WHOLE_NUMBER.test(ageText)) {
    age.setError(t('tipReport.ageNumber'));
    valid = false;
  } else {
    values.approximateAge = Number(ageText);
  }
  for (const [item, key] of [[latitude, 'tipReport.latitudeNumber'], [longitude, 'tipReport.longitudeNumber']]) {
    const text = item.value();
    if (text === '') {
      values[item.name] = null;
    } else if (!DECIMAL.test(text)) {
      item.setError(t(key));
      valid = false;
    } else {
      values[item.name] = Number(text);
    }
  }
  return valid ? values : null;
}

function locateButton(latitude, longitude) {
  if (!navigator.geolocation) return null;
  const status = h('p', { class: 'field-hint', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button-quiet' }, t('tipReport.useMyPosition'));
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = t('tipReport.locating');
    navigator.geolocation.getCurrentPosition((found) => {
      latitude.control.value = found.coords.latitude.toFixed(6);
      longitude.control.value = found.coords.longitude.toFixed(6);
      latitude.clearError();
      longitude.clearError();
      status.textContent = t('tipReport.located', { metres: Math.round(found.coords.accuracy) });
      button.disabled = false;
    }, () => {
      status.textContent = t('tipReport.locationFailed');
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: LOCATE_TIMEOUT_MS, maximumAge: 60000 });
  });
  return h('div', { class: 'locate' }, button, status);
}

export async function render() {
  showAreaCredit();
  if (receipt) return receiptPage(receipt);
  const provinceList = await provinces();

  const age = field({
    name: 'approximateAge', label: t('tipReport.age'), required: true, hint: t('tipReport.ageHint'),
    attributes: { inputmode: 'numeric', autocomplete: 'off', maxlength: '3', class: 'input-short' },
  });
  const place = areaPicker({ legend: t('tipReport.place'), provinceOptions: provinceList });
  const latitude = field({
    name: 'latitude', label: t('tipReport.latitude'), hint: t('tipReport.latitudeHint'),
    attributes: { inputmode: 'decimal', autocomplete: 'off' },
  });
  const longitude = field({
    name: 'longitude', label: t('tipReport.longitude'), hint: t('tipReport.longitudeHint'),
    attributes: { inputmode: 'decimal', autocomplete: 'off' },
  });
  const description = field({
    name: 'description', label: t('tipReport.description'), kind: 'textarea', required: true,
    hint: t('tipReport.descriptionHint'), attributes: { maxlength: '2000', rows: '5' },
  });
  const contact = field({
    name: 'contact', label: t('tipReport.contact'), hint: t('tipReport.contactHint'),
    attributes: { maxlength: '200', autocomplete: 'tel' },
  });
  const fields = [age, ...place.fields, latitude, longitude, description, contact];

  const summary = alertArea();
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('tipReport.submit'));
  const form = h('form', { class: 'card form form-narrow', novalidate: true },
    summary,
    age.element,
    place.element,
    h('fieldset', { class: 'fieldset' },
      h('legend', {}, t('tipReport.position')),
      h('p', { class: 'field-hint' }, t('tipReport.positionHint')),
      locateButton(latitude, longitude),
      h('div', { class: 'field-pair' }, latitude.element, longitude.element)),
    description.element,
    contact.element,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    const filled = checkRequired(fields);
    const numbers = filled ? readNumbers(age, latitude, longitude) : null;
    if (!numbers) {
      focusFirstError(fields);
      return;
    }
    const input = {
      ...numbers,
      subdistrictCode: place.fields[2].value(),
      description: description.value(),
      contact: contact.value() || null,
    };
    await whileBusy(submit, t('tipReport.sending'), async () => {
      try {
        const data = await graphql(SUBMIT, { input });
        const result = data.submitTip;
        if (showUserErrors(result.errors, fields, summary)) return;
        receipt = { code: result.trackingCode, tracking: result.tracking };
        await refresh();
        const heading = document.getElementById('tip-sent');
        if (heading) heading.focus();
        announce(t('tipReport.sent'));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showAlert(summary, error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
        summary.focus();
      }
    });
  });

  return h('section', { class: 'page page-tip-report' },
    pageHeader(t('tipReport.title'), t('tipReport.intro')),
    h('p', { class: 'alert alert-info' }, t('tipReport.privacy')),
    form,
    publicLinks());
}
