// Help that partner organisations gave a child, on the child's page: the records, newest
// first, for everyone who may read the child, and for partner staff a form to record help.

import { ApiError, graphql } from './api.js';
import { h } from './dom.js';
import { formatBaht, formatDate, formatNumber, todayInThailand } from './format.js';
import {
  alertArea, checkRequired, field, focusFirstError, showAlert, showUserErrors, thaiDateField, whileBusy,
} from './forms.js';
import { t } from './i18n.js';
import { refresh } from './router.js';
import { announce, dataTable, setFlash } from './widgets.js';

/** Fields of a help record that the child's page reads. */
export const HELP_RECORD_FIELDS = `
  id
  kind
  kindLabel
  givenOn
  amountBaht
  note
  partnerName
`;

// Kinds of help that may be money, as the API's recordHelp rules them. An amount is required
// for the first set and optional for the second (given in money or in kind). The other
// kinds are services and take no amount.
const AMOUNT_REQUIRED = new Set(['SCHOLARSHIP', 'LIVING_COSTS']);
const AMOUNT_OPTIONAL = new Set(['TRANSPORT', 'OTHER']);
const AMOUNT_PATTERN = /^\d{1,7}(\.\d{1,2})?$/;

const RECORD_HELP = `
  mutation ConsoleRecordHelp($input: RecordHelpInput!) {
    recordHelp(input: $input) {
      helpRecord { id kindLabel }
      errors { field code message }
    }
  }
`;

function recordsTable(records) {
  return dataTable({
    caption: t('help.caption'),
    empty: t('help.none'),
    rows: records,
    columns: [
      { label: t('help.givenOn'), render: (record) => formatDate(record.givenOn), className: 'nowrap' },
      { label: t('help.kind'), render: (record) => record.kindLabel },
      { label: t('help.amount'), render: (record) => formatBaht(record.amountBaht) || '–', className: 'number' },
      { label: t('help.note'), render: (record) => record.note || '–' },
      { label: t('help.partner'), render: (record) => record.partnerName },
    ],
  });
}

// The amount field shows only for kinds that may be money, and is required for some of them.
function showAmountFor(kind, amount) {
  const allowed = AMOUNT_REQUIRED.has(kind) || AMOUNT_OPTIONAL.has(kind);
  amount.element.hidden = !allowed;
  amount.required = AMOUNT_REQUIRED.has(kind);
  amount.element.querySelector('.required-mark').hidden = !amount.required;
  if (amount.required) amount.control.setAttribute('aria-required', 'true');
  else amount.control.removeAttribute('aria-required');
  amount.clearError();
}

function recordForm(child, needs) {
  const kind = field({
    name: 'kind', label: t('help.kind'), kind: 'select', required: true,
    options: [{ value: '', label: t('help.chooseKind') }, ...needs.map((need) => ({ value: need.code, label: need.label }))],
  });
  const givenOn = thaiDateField({ name: 'givenOn', label: t('help.givenOn'), required: true, value: todayInThailand() });
  const amount = field({
    name: 'amountBaht', label: t('help.amount'), required: true, hint: t('help.amountHint'),
    attributes: { inputmode: 'decimal', autocomplete: 'off' },
  });
  const note = field({ name: 'note', label: t('help.note'), kind: 'textarea', hint: t('help.noteHint'), attributes: { maxlength: '2000' } });
  const fields = [kind, givenOn, amount, note];
  showAmountFor('', amount);
  kind.control.addEventListener('change', () => showAmountFor(kind.value(), amount));

  const summary = alertArea();
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('help.submit'));
  const form = h('form', { class: 'form', novalidate: true }, summary, fields.map((item) => item.element),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    const visible = fields.filter((item) => !item.element.hidden);
    if (!checkRequired(visible)) {
      focusFirstError(visible);
      return;
    }
    let day;
    try {
      day = givenOn.toQuery();
    } catch (error) {
      givenOn.setError(error.message);
      focusFirstError(visible);
      return;
    }
    const amountText = amount.element.hidden ? '' : amount.value().replaceAll(',', '');
    if (amountText && !AMOUNT_PATTERN.test(amountText)) {
      amount.setError(t('help.amountNumber'));
      focusFirstError(visible);
      return;
    }
    const input = {
      studentId: child.id,
      kind: kind.value(),
      givenOn: day,
      amountBaht: amountText || null,
      note: note.value() || null,
    };
    await whileBusy(submit, t('common.saving'), async () => {
      try {
        const data = await graphql(RECORD_HELP, { input });
        const result = data.recordHelp;
        if (showUserErrors(result.errors, fields, summary)) return;
        const message = t('help.recorded', { kind: result.helpRecord.kindLabel });
        setFlash(message);
        announce(message);
        await refresh();
        const heading = document.getElementById('child-help');
        if (heading) heading.focus();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showAlert(summary, error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
        summary.focus();
      }
    });
  });

  return h('section', { class: 'card form-narrow', 'aria-labelledby': 'help-form' },
    h('h3', { id: 'help-form', class: 'card-title' }, t('help.formTitle')), form);
}

/**
 * Build the child's help section. `canRecord` adds the form (partner staff only); `needs`
 * is the needs vocabulary as [{code, label}], the kinds of help.
 */
export function helpSection(child, { canRecord, needs, flash }) {
  const records = child.helpRecords || [];
  return h('section', { class: 'help', 'aria-labelledby': 'child-help' },
    h('h2', { id: 'child-help', tabindex: '-1' }, t('help.title', { count: formatNumber(records.length) })),
    flash,
    recordsTable(records),
    canRecord ? recordForm(child, needs) : null);
}
