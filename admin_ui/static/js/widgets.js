// Building blocks that several pages share: tables that turn into cards on phones, the
// pager, status badges, filter forms that write their state into the URL, and messages.

import { h, uniqueId } from './dom.js';
import { focusFirstError } from './forms.js';
import { formatNumber } from './format.js';
import { t } from './i18n.js';
import { href, navigate } from './router.js';

/**
 * Build a table in a scrollable, keyboard-reachable region. On narrow screens each row becomes
 * a card whose cells show their column name (from `data-label`).
 * `columns` is [{label, render(row) -> node or text, className}].
 */
export function dataTable({ caption, columns, rows, empty }) {
  if (!rows.length) return h('p', { class: 'empty' }, empty || t('common.noItems'));
  const captionId = uniqueId('table-caption');
  const table = h('table', { class: 'data-table responsive' },
    h('caption', { id: captionId }, caption),
    h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col', class: column.className || null }, column.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      columns.map((column, index) => {
        const cell = column.render(row);
        const props = { 'data-label': column.label, class: column.className || null };
        return index === 0 && column.header !== false
          ? h('th', { scope: 'row', ...props }, cell)
          : h('td', props, cell);
      })))));
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' }, table);
}

const PAGER_STORAGE = 'pakongklab.console.pager';

function pagerMemory() {
  try {
    return JSON.parse(sessionStorage.getItem(PAGER_STORAGE) || '{}');
  } catch {
    return {};
  }
}

function remember(key, value) {
  const memory = pagerMemory();
  memory[key] = value;
  const keys = Object.keys(memory);
  if (keys.length > 200) delete memory[keys[0]];
  try {
    sessionStorage.setItem(PAGER_STORAGE, JSON.stringify(memory));
  } catch {
    // Without storage the pager still offers the first page instead of the previous one.
  }
}

function listKey(path, query) {
  const rest = new URLSearchParams(query);
  rest.delete('after');
  rest.delete('start');
  rest.sort();
  return `${path}?${rest}`;
}

/**
 * Links to the next and previous pages of a cursor connection. The URL carries `after`
 * (the cursor) and `start` (the position of the first row, for display). The API pages
 * forwards only, so the way back to each page is remembered for this browser tab.
 */
export function pager({ path, query, connection }) {
  const start = Math.max(1, Number(query.get('start')) || 1);
  const count = connection.edges.length;
  const total = connection.totalCount;
  const current = Object.fromEntries(query.entries());
  const key = listKey(path, query);
  const links = [];

  if (start > 1) {
    const back = pagerMemory()[`${key}|${query.get('after') || ''}`];
    const target = back ? { ...current, after: back.after, start: back.start } : { ...current, after: '', start: '' };
    links.push(h('a', { href: href(path, target), class: 'button button-quiet', rel: 'prev' },
      back ? t('pager.previous') : t('pager.first')));
  }
  if (connection.pageInfo.hasNextPage && connection.pageInfo.endCursor) {
    const next = connection.pageInfo.endCursor;
    const link = h('a', {
      href: href(path, { ...current, after: next, start: start + count }),
      class: 'button button-quiet',
      rel: 'next',
    }, t('pager.next'));
    link.addEventListener('click', () => remember(`${key}|${next}`, { after: query.get('after') || '', start: start > 1 ? start : '' }));
    links.push(link);
  }
  if (!count && !links.length) return null;
  const summary = count
    ? t('pager.summary', { from: formatNumber(start), to: formatNumber(start + count - 1), total: formatNumber(total) })
    : t('pager.none');
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') }, h('p', { class: 'pager-summary' }, summary), links);
}

/** Build a coloured badge for a case status. The text carries the meaning and the colour only helps. */
export function statusBadge(status, label) {
  return h('span', { class: `badge status-${String(status || '').toLowerCase().replaceAll('_', '-')}` }, label || status);
}

/**
 * Build a search and filter form that writes its values into the URL query instead of
 * submitting anywhere. The cursor is dropped, so results start from the first page.
 */
export function filterForm({ path, query, fields, submitLabel }) {
  const form = h('form', { class: 'filters', role: 'search', novalidate: true },
    fields.map((item) => item.element),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'button' }, submitLabel || t('common.search')),
      h('a', { href: href(path), class: 'button button-quiet' }, t('common.clearFilters'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = {};
    let valid = true;
    for (const item of fields) {
      item.clearError();
      try {
        values[item.name] = item.toQuery ? item.toQuery() : item.value();
      } catch (error) {
        item.setError(error.message);
        valid = false;
      }
    }
    if (!valid) {
      focusFirstError(fields);
      return;
    }
    navigate(href(path, values));
  });
  for (const item of fields) {
    const value = query.get(item.name);
    if (value === null || item.control.type === 'file') continue;
    item.control.value = item.fromQuery ? item.fromQuery(value) : value;
  }
  return form;
}

/** Build a page's heading with an optional line under it. */
export function pageHeader(title, subtitle = '') {
  return h('header', { class: 'page-header' },
    h('h1', { tabindex: '-1' }, title),
    subtitle ? h('p', { class: 'page-subtitle' }, subtitle) : null);
}

/** Say `message` to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('live-status');
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 50);
}

/** Build a success or information message that stays on the page. */
export function notice(message, kind = 'success') {
  return h('p', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

/** Build a definition list of label/value pairs, showing a dash for empty values. */
export function detailsList(items) {
  return h('dl', { class: 'details' }, items.filter(Boolean).map(([label, value]) => [
    h('dt', {}, label),
    h('dd', {}, value === null || value === undefined || value === '' ? '–' : value),
  ]));
}

let flashMessage = null;

/** Keep a success message to show at the top of the next page rendered. */
export function setFlash(message) {
  flashMessage = message;
}

/** Return the kept success message as a notice, once, or null. */
export function takeFlash() {
  const message = flashMessage;
  flashMessage = null;
  return message ? notice(message) : null;
}
