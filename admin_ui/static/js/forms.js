// Labelled form fields with their error messages beside them. Forms use `novalidate` and
// check required fields here, so messages follow the console's language rather than the
// browser's. The API's field errors land beside the field they name.

import { h, uniqueId } from './dom.js';
import { t } from './i18n.js';

/**
 * Build a labelled field. `kind` is an input type, or 'select', 'textarea' or 'checkbox'.
 * Returns {element, control, name, setError(message), clearError(), value()}.
 */
export function field({
  name, label, kind = 'text', value = '', required = false, hint = '', options = [],
  attributes = {},
}) {
  const id = uniqueId(`field-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control;

  if (kind === 'select') {
    control = h('select', { id, name, ...attributes },
      options.map((option) => h('option', { value: option.value, selected: String(option.value) === String(value) }, option.label)));
  } else if (kind === 'textarea') {
    control = h('textarea', { id, name, rows: 3, ...attributes });
    control.value = value;
  } else if (kind === 'checkbox') {
    control = h('input', { id, name, type: 'checkbox', checked: Boolean(value), ...attributes });
  } else if (kind === 'file') {
    control = h('input', { id, name, type: 'file', class: 'file-input', ...attributes });
  } else {
    control = h('input', { id, name, type: kind, ...attributes });
    control.value = value ?? '';
  }
  if (required) control.setAttribute('aria-required', 'true');

  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);

  const labelNode = h('label', { for: id, class: 'field-label' }, label,
    required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null);
  const hintNode = hint ? h('p', { id: hintId, class: 'field-hint' }, hint) : null;
  let element;
  if (kind === 'checkbox') {
    element = h('div', { class: 'field field-checkbox' }, control, labelNode, hintNode, error);
  } else if (kind === 'file') {
    element = h('div', { class: 'field field-file' }, labelNode, hintNode, control, filePicker(control, id), error);
  } else {
    element = h('div', { class: 'field' }, labelNode, hintNode, control, error);
  }

  const item = {
    element,
    control,
    name,
    kind,
    label,
    required,
    setError(message) {
      error.textContent = message;
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      element.classList.add('has-error');
    },
    clearError() {
      error.textContent = '';
      error.hidden = true;
      control.removeAttribute('aria-invalid');
      element.classList.remove('has-error');
    },
    value() {
      if (kind === 'checkbox') return control.checked;
      if (kind === 'file') return control.files && control.files[0] ? control.files[0] : null;
      return control.value.trim();
    },
  };
  // A message about a value goes once the user changes that value.
  control.addEventListener(kind === 'select' || kind === 'checkbox' || kind === 'file' ? 'change' : 'input', () => item.clearError());
  return item;
}

// The browser draws its file input in the browser's language ("Choose File"), so the input
// is hidden visually (it stays in the tab order) and a label styled as a button, in the
// console's language, opens it. The chosen file's name is shown beside it.
function filePicker(control, id) {
  const chosen = h('span', { class: 'file-name', 'aria-hidden': 'true' }, t('form.noFile'));
  control.addEventListener('change', () => {
    chosen.textContent = control.files && control.files[0] ? control.files[0].name : t('form.noFile');
  });
  return h('span', { class: 'file-picker' },
    h('label', { for: id, class: 'button file-button', 'aria-hidden': 'true' }, t('form.chooseFile')),
    chosen);
}

/**
 * Put a "required" message beside each empty required field; return true when none is empty.
 * The message for a select or a checkbox group tells the user to choose rather than to type.
 */
export function checkRequired(fields) {
  let valid = true;
  for (const item of fields) {
    item.clearError();
    const value = item.value();
    const empty = value === '' || value === null || value === false || (Array.isArray(value) && !value.length);
    if (item.required && empty) {
      const key = item.kind === 'select' || item.kind === 'checkboxes' ? 'form.requiredChoice' : 'form.required';
      item.setError(t(key, { field: item.label }));
      valid = false;
    }
  }
  return valid;
}

/**
 * Build a group of checkboxes under one legend, such as the provinces an MOU covers. It has
 * the same interface as `field`: `value()` returns the checked values, and `control` is the
 * first checkbox, where focus goes on an error.
 */
export function checkboxGroup({ name, label, options, values = [], required = false, hint = '' }) {
  const id = uniqueId(`group-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const chosen = new Set(values.map(String));
  const boxes = options.map((option, index) => {
    const boxId = `${id}-${index}`;
    const box = h('input', { id: boxId, type: 'checkbox', name, value: option.value, checked: chosen.has(String(option.value)) });
    return { box, item: h('li', { class: 'choice' }, box, h('label', { for: boxId }, option.label)) };
  });
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const element = h('fieldset', {
    class: 'field field-group',
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
  },
  h('legend', { class: 'field-label' }, label,
    required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
  hint ? h('p', { id: hintId, class: 'field-hint' }, hint) : null,
  error,
  h('ul', { class: 'choices' }, boxes.map((entry) => entry.item)));
  const control = boxes.length ? boxes[0].box : element;

  const group = {
    element,
    control,
    name,
    kind: 'checkboxes',
    label,
    required,
    setError(message) {
      error.textContent = message;
      error.hidden = false;
      control.setAttribute('aria-invalid', 'true');
      element.classList.add('has-error');
    },
    clearError() {
      error.textContent = '';
      error.hidden = true;
      control.removeAttribute('aria-invalid');
      element.classList.remove('has-error');
    },
    value() {
      return boxes.filter((entry) => entry.box.checked).map((entry) => entry.box.value);
    },
  };
  element.addEventListener('change', () => group.clearError());
  return group;
}

/** Move focus to the first field with an error, so keyboard and screen-reader users reach it. */
export function focusFirstError(fields) {
  const first = fields.find((item) => item.control.getAttribute('aria-invalid') === 'true');
  if (first) first.control.focus();
}

/**
 * Show the API's UserErrors: each beside the field it names (matched on the last part of
 * the path, so "input.reason" and "reason" both reach the "reason" field), the rest in
 * `summary`. Returns true when there was any error.
 */
export function showUserErrors(errors, fields, summary) {
  const byName = new Map(fields.map((item) => [item.name, item]));
  const general = [];
  for (const item of fields) item.clearError();
  for (const error of errors || []) {
    const name = error.field ? error.field.split('.').pop() : null;
    const target = name ? byName.get(name) : null;
    if (target) target.setError(error.message);
    else general.push(error.message);
  }
  if (summary) showAlert(summary, general.join(' '));
  focusFirstError(fields);
  if (general.length && summary) summary.focus();
  return Boolean(errors && errors.length);
}

/** Build an empty alert area for a form's general errors, hidden until it has text. */
export function alertArea() {
  return h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1', hidden: true });
}

/** Show `message` in an alert area, or hide it when the message is empty. */
export function showAlert(area, message) {
  area.textContent = message || '';
  area.hidden = !message;
}

/** Disable a submit button while `work` runs, showing `busyLabel` on it. */
export async function whileBusy(button, busyLabel, work) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/**
 * Build an inline form that requests a reason before a decision (reject, suspend).
 * `submit(reason)` runs the mutation and returns its UserErrors (empty on success), or
 * throws an ApiError; `cancel()` closes the form.
 */
export function reasonForm({ label, hint, submitLabel, required = true, submit, cancel, apiError }) {
  const reason = field({ name: 'reason', label, kind: 'textarea', required, hint });
  const summary = alertArea();
  const button = h('button', { type: 'submit', class: 'button button-danger' }, submitLabel);
  const form = h('form', { class: 'form reason-form', novalidate: true },
    summary, reason.element,
    h('div', { class: 'actions' }, button,
      h('button', { type: 'button', class: 'button button-quiet', on: { click: cancel } }, t('common.cancel'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkRequired([reason])) {
      focusFirstError([reason]);
      return;
    }
    await whileBusy(button, t('common.saving'), async () => {
      try {
        const errors = await submit(reason.value());
        showUserErrors(errors, [reason], summary);
      } catch (error) {
        if (!apiError(error)) throw error;
        showAlert(summary, error.message);
        summary.focus();
      }
    });
  });
  return { form, focus: () => reason.control.focus() };
}

const THAI_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Read a date typed as day/month/BE year ("5/12/2569") and return it as an ISO date in the
 * Gregorian calendar ("2026-12-05"). Returns null for an empty text; throws an Error whose
 * message is shown beside the field when the text is not such a date.
 */
export function parseThaiDate(text) {
  const value = text.trim();
  if (!value) return null;
  const found = THAI_DATE.exec(value);
  if (!found) throw new Error(t('form.dateFormat'));
  const day = Number(found[1]);
  const month = Number(found[2]);
  const year = Number(found[3]) - 543;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new Error(t('form.dateInvalid', { value }));
  }
  return date.toISOString().slice(0, 10);
}

/** Write an ISO date ("2026-12-05") as day/month/BE year ("05/12/2569"); '' for nothing. */
export function formatThaiDate(iso) {
  const found = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return found ? `${found[3]}/${found[2]}/${Number(found[1]) + 543}` : '';
}

/**
 * Build a date field in the Buddhist Era, typed as day/month/year. Browsers' own date pickers
 * show the Gregorian calendar in the browser's language, which Thai offices do not use.
 * The URL and the API get the ISO date.
 */
export function thaiDateField({ name, label, hint, required = false, value = '' }) {
  const item = field({
    name, label, hint: hint || t('form.dateHint'), required, value: formatThaiDate(value),
    attributes: { inputmode: 'numeric', autocomplete: 'off', placeholder: t('form.datePlaceholder') },
  });
  item.fromQuery = formatThaiDate;
  item.toQuery = () => parseThaiDate(item.control.value);
  return item;
}
