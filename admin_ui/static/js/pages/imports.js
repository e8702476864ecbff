// Import a dropout list (CSV or XLSX). A dry run checks every row and writes nothing; the
// errors are listed row by row so the file can be fixed and sent again. The upload shows
// its progress, then the wait while the server checks the rows.

import { ApiError, graphql, graphqlUpload } from '../api.js';
import { statTiles } from '../charts.js';
import { h, mount } from '../dom.js';
import { formatBytes, formatDateTime, formatNumber, personName } from '../format.js';
import { alertArea, checkRequired, field, focusFirstError, showAlert, showUserErrors } from '../forms.js';
import { t } from '../i18n.js';
import { announce, dataTable, notice, pageHeader } from '../widgets.js';

const BATCH_FIELDS = `
  id
  fileName
  status
  rowCount
  createdCount
  updatedCount
  duplicateCount
  errorCount
  startedAt
  finishedAt
`;

const IMPORT = `
  mutation ConsoleImportStudents($input: ImportStudentsInput!) {
    importStudents(input: $input) {
      batch {
        ${BATCH_FIELDS}
        errors { row column value code message }
      }
      errors { field code message }
    }
  }
`;

const BATCHES = `
  query ConsoleImportBatches($first: Int) {
    importBatches(first: $first) {
      totalCount
      edges { node { ${BATCH_FIELDS} uploadedBy { id title firstName lastName } } }
    }
  }
`;

const ACCEPTED = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function title() {
  return t('nav.imports');
}

function progressArea() {
  const bar = h('progress', { max: '100', class: 'upload-progress', 'aria-labelledby': 'import-progress-label' });
  const label = h('p', { id: 'import-progress-label', class: 'progress-label' });
  const area = h('div', { class: 'progress-area', hidden: true }, label, bar);
  return {
    area,
    show(step) {
      area.hidden = false;
      if (step.done) {
        bar.removeAttribute('value');  // An indeterminate bar while the server checks the rows.
        label.textContent = t('imports.checking');
      } else {
        const percent = Math.round((step.loaded / step.total) * 100);
        bar.value = percent;
        label.textContent = t('imports.uploading', { percent, size: formatBytes(step.total) });
      }
    },
    hide() {
      area.hidden = true;
    },
  };
}

function rowErrors(errors) {
  return dataTable({
    caption: t('imports.rowErrors', { count: formatNumber(errors.length) }),
    rows: errors,
    columns: [
      { label: t('imports.row'), render: (error) => formatNumber(error.row), className: 'number' },
      { label: t('imports.column'), render: (error) => error.column || '–' },
      { label: t('imports.value'), render: (error) => (error.value ? h('code', {}, error.value) : '–') },
      { label: t('imports.problem'), render: (error) => error.message },
    ],
  });
}

function batchResult(batch, { onImport }) {
  const clean = batch.errorCount === 0;
  const dryRun = batch.status === 'DRY_RUN';
  const heading = dryRun
    ? (clean ? t('imports.dryRunClean') : t('imports.dryRunErrors', { count: formatNumber(batch.errorCount) }))
    : (clean ? t('imports.done') : t('imports.failed', { count: formatNumber(batch.errorCount) }));
  return h('section', { class: 'card import-result', 'aria-labelledby': 'import-result-title' },
    h('h2', { id: 'import-result-title', class: 'card-title', tabindex: '-1' }, heading),
    h('p', {}, t('imports.file', { name: batch.fileName })),
    statTiles([
      { label: t('imports.rows'), value: formatNumber(batch.rowCount) },
      { label: dryRun ? t('imports.wouldCreate') : t('imports.created'), value: formatNumber(batch.createdCount) },
      { label: dryRun ? t('imports.wouldUpdate') : t('imports.updated'), value: formatNumber(batch.updatedCount) },
      { label: t('imports.duplicates'), value: formatNumber(batch.duplicateCount) },
      { label: t('imports.errors'), value: formatNumber(batch.errorCount), className: clean ? '' : 'tile-error' },
    ]),
    batch.errors && batch.errors.length ? rowErrors(batch.errors) : null,
    dryRun && clean && onImport
      ? h('p', {}, h('button', { type: 'button', class: 'button button-primary', on: { click: onImport } }, t('imports.importNow')))
      : null);
}

function recentBatches(connection) {
  return h('section', { class: 'recent-imports', 'aria-labelledby': 'recent-imports' },
    h('h2', { id: 'recent-imports' }, t('imports.recent')),
    dataTable({
      caption: t('imports.recentCaption'),
      empty: t('imports.noneYet'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        { label: t('imports.fileName'), render: (batch) => batch.fileName },
        { label: t('imports.when'), render: (batch) => formatDateTime(batch.startedAt), className: 'nowrap' },
        { label: t('imports.by'), render: (batch) => personName(batch.uploadedBy) || '–' },
        { label: t('imports.status'), render: (batch) => t(`importStatus.${batch.status}`) },
        { label: t('imports.rows'), render: (batch) => formatNumber(batch.rowCount), className: 'number' },
        { label: t('imports.errors'), render: (batch) => formatNumber(batch.errorCount), className: 'number' },
      ],
    }));
}

export async function render({ signal }) {
  const file = field({
    name: 'file', label: t('imports.fileLabel'), kind: 'file', required: true,
    hint: t('imports.fileHint'), attributes: { accept: ACCEPTED },
  });
  const dryRun = field({ name: 'dryRun', label: t('imports.dryRun'), kind: 'checkbox', value: true, hint: t('imports.dryRunHint') });
  const fields = [file, dryRun];
  const summary = alertArea();
  const progress = progressArea();
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('imports.submit'));
  const result = h('div', { class: 'result-area' });
  const form = h('form', { class: 'card form import-form', novalidate: true },
    summary, file.element, dryRun.element, h('div', { class: 'actions' }, submit), progress.area);

  async function send(chosen, isDryRun) {
    submit.disabled = true;
    showAlert(summary, '');
    mount(result);
    try {
      const data = await graphqlUpload(IMPORT, { input: { file: null, dryRun: isDryRun } },
        { 'variables.input.file': chosen }, { onProgress: (step) => progress.show(step) });
      const payload = data.importStudents;
      progress.hide();
      const batch = payload.batch;
      if (batch && batch.errorCount) {
        // The rows' errors are listed in the result below, and the file field points there.
        file.setError(t('imports.fileHasErrors', { count: formatNumber(batch.errorCount) }));
      } else {
        showUserErrors(payload.errors, fields, summary);
      }
      if (!batch) return;
      mount(result, batchResult(batch, {
        onImport: () => {
          dryRun.control.checked = false;
          send(chosen, false);
        },
      }));
      const heading = result.querySelector('h2');
      announce(heading.textContent);
      heading.focus();
      mount(recent, recentBatches((await graphql(BATCHES, { first: 10 })).importBatches));
    } catch (error) {
      progress.hide();
      if (!(error instanceof ApiError)) throw error;
      showAlert(summary, error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
      summary.focus();
    } finally {
      submit.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!checkRequired(fields)) {
      focusFirstError(fields);
      return;
    }
    send(file.value(), dryRun.value());
  });

  const batches = await graphql(BATCHES, { first: 10 }, { signal });
  const recent = h('div', {}, recentBatches(batches.importBatches));
  return h('section', { class: 'page page-imports' },
    pageHeader(t('nav.imports'), t('imports.intro')),
    notice(t('imports.allOrNothing'), 'info'),
    form,
    result,
    recent);
}
