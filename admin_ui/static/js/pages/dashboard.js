// The dashboard: how many children there are in the user's scope, where their cases
// stand, why they left school, progress week by week, and the same figures for each
// agency one level down.

import { graphql } from '../api.js';
import { barChart, columnChart, statTiles } from '../charts.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { field } from '../forms.js';
import { pick, t } from '../i18n.js';
import { href } from '../router.js';
import { dataTable, filterForm, pageHeader } from '../widgets.js';

// The dashboard shows the last 12 weeks; the reports page and its export cover any range.
const WEEKS_SHOWN = 12;

const DASHBOARD = `
  query ConsoleDashboard($filter: ReportFilter) {
    progressSummary(filter: $filter) {
      agency { id nameTh nameEn }
      total
      shareFound
      shareReturned
      byStatus { status label count }
      byReason { reason label count }
      breakdown {
        agency { id nameTh nameEn kind }
        total
        shareFound
        shareReturned
      }
    }
    weeklyProgress(filter: $filter) {
      weeks { startsOn endsOn found returned cumulativeFound cumulativeReturned }
    }
  }
`;

export function title() {
  return t('nav.dashboard');
}

function breakdownTable(rows) {
  return dataTable({
    caption: t('dashboard.breakdown'),
    rows,
    columns: [
      { label: t('common.agency'), render: (row) => (row.agency ? pick(row.agency.nameTh, row.agency.nameEn) : t('common.notRecorded')) },
      { label: t('dashboard.total'), render: (row) => formatNumber(row.total), className: 'number' },
      { label: t('dashboard.shareFound'), render: (row) => formatPercent(row.shareFound), className: 'number' },
      { label: t('dashboard.shareReturned'), render: (row) => formatPercent(row.shareReturned), className: 'number' },
    ],
  });
}

function statusLink(item, term) {
  return h('a', { href: href('/children', { status: item.status, term }) }, item.label);
}

export async function render({ query, signal }) {
  const term = query.get('term') || '';
  const filter = term ? { term } : {};
  const data = await graphql(DASHBOARD, { filter }, { signal });
  const summary = data.progressSummary;
  const weeks = data.weeklyProgress.weeks.slice(-WEEKS_SHOWN);

  const termField = field({
    name: 'term', label: t('common.term'), hint: t('common.termHint'),
    attributes: { inputmode: 'numeric', placeholder: '1/2564', pattern: '[12]/[0-9]{4}' },
  });
  const scopeName = pick(summary.agency.nameTh, summary.agency.nameEn);

  return h('section', { class: 'page page-dashboard' },
    pageHeader(t('nav.dashboard'), scopeName ? t('dashboard.scope', { agency: scopeName }) : ''),
    filterForm({ path: '/', query, fields: [termField], submitLabel: t('common.show') }),
    statTiles([
      { label: t('dashboard.total'), value: formatNumber(summary.total) },
      { label: t('dashboard.shareFound'), value: formatPercent(summary.shareFound), className: 'tile-found' },
      { label: t('dashboard.shareReturned'), value: formatPercent(summary.shareReturned), className: 'tile-returned' },
    ]),
    h('div', { class: 'chart-grid' },
      barChart({
        caption: t('dashboard.byStatus'),
        items: summary.byStatus.map((item) => ({ key: item.status, label: statusLink(item, term), count: item.count })),
        total: summary.total,
        keyClass: 'status',
      }),
      barChart({
        caption: t('dashboard.byReason'),
        items: summary.byReason.filter((item) => item.count > 0).map((item) => ({ key: item.reason, label: item.label, count: item.count })),
        total: summary.byReason.reduce((sum, item) => sum + item.count, 0),
        keyClass: 'reason',
      })),
    columnChart({
      caption: weeks.length ? t('dashboard.weekly', { count: weeks.length }) : t('dashboard.weeklyNone'),
      categories: weeks.map((week) => formatDate(week.startsOn)),
      series: [
        { key: 'found', label: t('dashboard.cumulativeFound'), values: weeks.map((week) => week.cumulativeFound) },
        { key: 'returned', label: t('dashboard.cumulativeReturned'), values: weeks.map((week) => week.cumulativeReturned) },
        { key: 'new-found', label: t('dashboard.weeklyFound'), values: weeks.map((week) => week.found), tableOnly: true },
        { key: 'new-returned', label: t('dashboard.weeklyReturned'), values: weeks.map((week) => week.returned), tableOnly: true },
      ],
    }),
    summary.breakdown && summary.breakdown.length ? breakdownTable(summary.breakdown) : null);
}
