// Reports: progress by agency one level down, children who could not be followed by
// province or area office, weekly progress and the help children need. Each has CSV and
// Excel exports, which the server streams, limits to the user's scope and records in the
// audit log. The full list of children is exported from here too.

import { apiUrl, graphql } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { field, thaiDateField } from '../forms.js';
import { language, pick, t } from '../i18n.js';
import { showAreaCredit } from '../router.js';
import { dataTable, filterForm, pageHeader } from '../widgets.js';

const REPORTS = `
  query ConsoleReports($filter: ReportFilter, $groupBy: CannotFollowGroup!) {
    progressSummary(filter: $filter) {
      agency { id nameTh nameEn }
      total
      shareFound
      shareReturned
      breakdown {
        agency { id code nameTh nameEn }
        total
        found
        returned
        shareFound
        shareReturned
      }
    }
    cannotFollowReport(groupBy: $groupBy, filter: $filter) {
      total
      rows { key nameTh nameEn total byReason { reason label count } }
    }
    weeklyProgress(filter: $filter) {
      weeks { startsOn endsOn found returned cumulativeFound cumulativeReturned }
    }
    needsSummary(filter: $filter) {
      totals { childCount childrenWithNeeds byNeed { need label count } }
    }
  }
`;

const GROUPS = ['PROVINCE', 'AREA_OFFICE'];

export function title() {
  return t('nav.reports');
}

/** Links to one export as CSV and as Excel, named for screen readers with the report's name. */
function exportLinks(path, params, label) {
  return h('p', { class: 'export-links' },
    h('span', { class: 'export-label' }, label),
    ['csv', 'xlsx'].map((format) => h('a', {
      href: apiUrl(`${path}.${format}`, { ...params, lang: language() }),
      class: 'button button-small',
      download: '',
      'aria-label': `${label} (${format === 'csv' ? 'CSV' : 'Excel'})`,
    }, t(`reports.download.${format}`))));
}

function readFilter(query) {
  return {
    term: query.get('term') || null,
    from: query.get('from') || null,
    to: query.get('to') || null,
  };
}

function progressSection(summary, params) {
  return h('section', { class: 'report', 'aria-labelledby': 'report-progress' },
    h('h2', { id: 'report-progress' }, t('reports.progress')),
    h('p', {}, t('reports.progressTotals', {
      total: formatNumber(summary.total),
      found: formatPercent(summary.shareFound),
      returned: formatPercent(summary.shareReturned),
    })),
    exportLinks('/exports/reports/progress-summary', params, t('reports.exportProgress')),
    dataTable({
      caption: t('reports.progressCaption'),
      rows: summary.breakdown,
      columns: [
        { label: t('common.agency'), render: (row) => (row.agency ? pick(row.agency.nameTh, row.agency.nameEn) : t('common.notRecorded')) },
        { label: t('dashboard.total'), render: (row) => formatNumber(row.total), className: 'number' },
        { label: t('reports.found'), render: (row) => formatNumber(row.found), className: 'number' },
        { label: t('dashboard.shareFound'), render: (row) => formatPercent(row.shareFound), className: 'number' },
        { label: t('reports.returned'), render: (row) => formatNumber(row.returned), className: 'number' },
        { label: t('dashboard.shareReturned'), render: (row) => formatPercent(row.shareReturned), className: 'number' },
      ],
    }));
}

function cannotFollowSection(report, groupBy, params) {
  const byProvince = groupBy === 'PROVINCE';
  return h('section', { class: 'report', 'aria-labelledby': 'report-cannot-follow' },
    h('h2', { id: 'report-cannot-follow' }, t('reports.cannotFollow')),
    h('p', {}, t('reports.cannotFollowTotal', { count: formatNumber(report.total) })),
    exportLinks('/exports/reports/cannot-follow', { ...params, groupBy }, t('reports.exportCannotFollow')),
    dataTable({
      caption: byProvince ? t('reports.cannotFollowByProvince') : t('reports.cannotFollowByAreaOffice'),
      empty: t('reports.noCannotFollow'),
      rows: report.rows,
      columns: [
        { label: byProvince ? t('common.province') : t('child.areaOffice'), render: (row) => pick(row.nameTh, row.nameEn) },
        { label: t('reports.count'), render: (row) => formatNumber(row.total), className: 'number' },
        {
          label: t('reports.mainReasons'),
          render: (row) => [...row.byReason].filter((item) => item.count > 0).sort((a, b) => b.count - a.count).slice(0, 3)
            .map((item) => `${item.label} (${formatNumber(item.count)})`).join(', ') || '–',
        },
      ],
    }));
}

function weeklySection(progress, params) {
  return h('section', { class: 'report', 'aria-labelledby': 'report-weekly' },
    h('h2', { id: 'report-weekly' }, t('reports.weekly')),
    exportLinks('/exports/reports/weekly-progress', params, t('reports.exportWeekly')),
    dataTable({
      caption: t('reports.weeklyCaption'),
      empty: t('reports.noWeeks'),
      rows: progress.weeks,
      columns: [
        { label: t('reports.week'), render: (week) => `${formatDate(week.startsOn)} – ${formatDate(week.endsOn)}`, className: 'nowrap' },
        { label: t('dashboard.weeklyFound'), render: (week) => formatNumber(week.found), className: 'number' },
        { label: t('dashboard.weeklyReturned'), render: (week) => formatNumber(week.returned), className: 'number' },
        { label: t('dashboard.cumulativeFound'), render: (week) => formatNumber(week.cumulativeFound), className: 'number' },
        { label: t('dashboard.cumulativeReturned'), render: (week) => formatNumber(week.cumulativeReturned), className: 'number' },
      ],
    }));
}

function needsSection(summary, params) {
  const totals = summary.totals;
  return h('section', { class: 'report', 'aria-labelledby': 'report-needs' },
    h('h2', { id: 'report-needs' }, t('reports.needs')),
    h('p', {}, t('reports.needsTotals', {
      withNeeds: formatNumber(totals.childrenWithNeeds),
      total: formatNumber(totals.childCount),
    })),
    exportLinks('/exports/reports/needs-summary', params, t('reports.exportNeeds')),
    dataTable({
      caption: t('reports.needsCaption'),
      rows: totals.byNeed,
      columns: [
        { label: t('visit.needs'), render: (row) => row.label },
        { label: t('reports.count'), render: (row) => formatNumber(row.count), className: 'number' },
      ],
    }));
}

export async function render({ query, signal }) {
  const filter = readFilter(query);
  const groupBy = GROUPS.includes(query.get('groupBy')) ? query.get('groupBy') : 'PROVINCE';
  const data = await graphql(REPORTS, { filter, groupBy }, { signal });
  showAreaCredit();
  const params = Object.fromEntries(Object.entries(filter).filter(([, value]) => value));
  const summary = data.progressSummary;

  const fields = [
    field({ name: 'term', label: t('common.term'), hint: t('common.termHint'), attributes: { inputmode: 'numeric', placeholder: '1/2564' } }),
    thaiDateField({ name: 'from', label: t('reports.from') }),
    thaiDateField({ name: 'to', label: t('reports.to') }),
    field({
      name: 'groupBy', label: t('reports.groupBy'), kind: 'select', value: groupBy,
      options: [{ value: 'PROVINCE', label: t('reports.byProvince') }, { value: 'AREA_OFFICE', label: t('reports.byAreaOffice') }],
    }),
  ];

  return h('section', { class: 'page page-reports' },
    pageHeader(t('nav.reports'), t('reports.intro', { agency: pick(summary.agency.nameTh, summary.agency.nameEn) })),
    filterForm({ path: '/reports', query, fields, submitLabel: t('common.show') }),
    h('section', { class: 'report card', 'aria-labelledby': 'report-students' },
      h('h2', { id: 'report-students' }, t('reports.studentList')),
      h('p', {}, t('reports.studentListText')),
      exportLinks('/exports/students', params.term ? { term: params.term } : {}, t('reports.exportStudents'))),
    progressSection(summary, params),
    cannotFollowSection(data.cannotFollowReport, groupBy, params),
    weeklySection(data.weeklyProgress, params),
    needsSection(data.needsSummary, params));
}
