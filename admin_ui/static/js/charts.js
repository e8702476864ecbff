// Charts drawn with HTML and CSS, no chart library: the console's content security policy
// allows only its own scripts and styles. Bar lengths go through the CSS custom property
// --share, set with element.style.setProperty (the CSSOM, which the policy allows, unlike
// style attributes in markup). Every chart also carries its numbers as text or a table,
// so screen readers and people who cannot tell the colours apart get the same facts.

import { h, uniqueId } from './dom.js';
import { formatNumber, formatPercent } from './format.js';
import { t } from './i18n.js';

function share(part, whole) {
  return whole > 0 ? part / whole : 0;
}

function percentText(value) {
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/**
 * Horizontal bars, one per item, longest first as given. `items` is
 * [{key, label, count}]; `total` is the whole the percentages refer to.
 */
export function barChart({ caption, items, total, keyClass = 'bar' }) {
  const largest = Math.max(1, ...items.map((item) => item.count));
  const rows = items.map((item) => {
    const fill = h('span', { class: 'bar-fill', vars: { '--share': percentText(share(item.count, largest)) } });
    return h('li', { class: `bar-row ${keyClass}-${String(item.key).toLowerCase().replaceAll('_', '-')}` },
      h('span', { class: 'bar-label' }, item.label),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-value' },
        formatNumber(item.count),
        total ? h('span', { class: 'bar-share' }, ` (${formatPercent(share(item.count, total))})`) : null));
  });
  return h('figure', { class: 'chart chart-bars' },
    h('figcaption', {}, caption),
    items.length ? h('ol', { class: 'bars' }, rows) : h('p', { class: 'empty' }, t('common.noItems')));
}

/**
 * Columns grouped by category (e.g. one group per week), one column per series, with a
 * legend and the same numbers in a table under a disclosure.
 * `series` is [{key, label, values: [number per category], tableOnly}].
 */
export function columnChart({ caption, categories, series: allSeries }) {
  // Series marked tableOnly are extra columns of the table, not drawn.
  const series = allSeries.filter((item) => !item.tableOnly);
  const largest = Math.max(1, ...series.flatMap((item) => item.values));
  const tableId = uniqueId('chart-table');
  const legend = h('ul', { class: 'legend' }, series.map((item) =>
    h('li', { class: `legend-item series-${item.key}` }, h('span', { class: 'legend-swatch', 'aria-hidden': 'true' }), item.label)));
  const groups = categories.map((category, index) => h('div', { class: 'column-group' },
    h('div', { class: 'columns' }, series.map((item) => h('span', {
      class: `column series-${item.key}`,
      vars: { '--share': percentText(share(item.values[index], largest)) },
      title: `${item.label}: ${formatNumber(item.values[index])}`,
    }))),
    h('span', { class: 'column-label' }, category)));
  const table = h('table', { class: 'data-table chart-table', id: tableId },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('chart.period')), allSeries.map((item) => h('th', { scope: 'col' }, item.label)))),
    h('tbody', {}, categories.map((category, index) => h('tr', {},
      h('th', { scope: 'row' }, category),
      allSeries.map((item) => h('td', { class: 'number' }, formatNumber(item.values[index])))))));
  return h('figure', { class: 'chart chart-columns' },
    h('figcaption', {}, caption),
    legend,
    categories.length
      ? h('div', { class: 'columns-area', 'aria-hidden': 'true' }, groups)
      : h('p', { class: 'empty' }, t('common.noItems')),
    categories.length ? h('details', { class: 'chart-data' }, h('summary', {}, t('chart.showTable')), table) : null);
}

/** Big numbers with a label each, e.g. totals and shares on the dashboard. */
export function statTiles(tiles) {
  return h('ul', { class: 'tiles' }, tiles.map((tile) => h('li', { class: `tile ${tile.className || ''}` },
    h('span', { class: 'tile-label' }, tile.label),
    h('span', { class: 'tile-value' }, tile.value),
    tile.hint ? h('span', { class: 'tile-hint' }, tile.hint) : null)));
}
