// The audit log for affiliation and ministry admins: who did what, when, to which records,
// from which address.

import { graphql } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, personName } from '../format.js';
import { field, thaiDateField } from '../forms.js';
import { pick, t } from '../i18n.js';
import { dataTable, filterForm, pageHeader, pager } from '../widgets.js';

const PAGE_SIZE = 50;

const AUDIT = `
  query ConsoleAuditLog($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          at
          action
          targetType
          targetIds
          success
          clientAddress
          actor { id username title firstName lastName }
          actorAgency { id nameTh nameEn }
        }
      }
    }
  }
`;

// Actions that the API records, in the order the filter lists them. An action missing
// here is still shown, by its code.
const ACTIONS = [
  'auth.login', 'auth.logout', 'auth.logout_everywhere',
  'user.register', 'user.approve', 'user.reject', 'user.suspend', 'user.reactivate',
  'user.create_admin', 'user.change_password', 'user.issue_reset_code', 'user.reset_password',
  'import.students', 'student.update', 'student.merge',
  'transfer.request', 'transfer.accept', 'transfer.decline', 'transfer.cancel',
  'export.students', 'export.report',
  'partner.create', 'partner.update', 'partner.revoke_mou', 'phase2.open', 'phase2.close', 'help.record',
  'tip.submit', 'tip.match', 'tip.open_case', 'tip.dismiss',
];

// Thailand keeps UTC+7 all year, so a day there starts at 00:00+07:00.
const THAI_OFFSET = '+07:00';

function startOfDay(date) {
  return date ? `${date}T00:00:00${THAI_OFFSET}` : null;
}

function startOfNextDay(date) {
  if (!date) return null;
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return `${next.toISOString().slice(0, 10)}T00:00:00${THAI_OFFSET}`;
}

const TARGET_TYPES = ['User', 'Student', 'Visit', 'ImportBatch', 'Transfer', 'Agency', 'Tip', 'Province'];

function targetText(entry) {
  const kind = TARGET_TYPES.includes(entry.targetType) ? t(`auditTarget.${entry.targetType}`) : entry.targetType;
  return [kind, (entry.targetIds || []).join(', ')].filter(Boolean).join(' ') || '–';
}

function actionLabel(action) {
  const key = `auditAction.${action}`;
  return ACTIONS.includes(action) ? t(key) : action;
}

export function title() {
  return t('nav.audit');
}

export async function render({ query, signal }) {
  const filter = {
    action: query.get('action') || null,
    from: startOfDay(query.get('from')),
    to: startOfNextDay(query.get('to')),
  };
  const data = await graphql(AUDIT, { filter, first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.auditLog;
  const fields = [
    field({
      name: 'action', label: t('audit.action'), kind: 'select',
      options: [{ value: '', label: t('common.all') }, ...ACTIONS.map((action) => ({ value: action, label: actionLabel(action) }))],
    }),
    thaiDateField({ name: 'from', label: t('reports.from') }),
    thaiDateField({ name: 'to', label: t('reports.to') }),
  ];
  return h('section', { class: 'page page-audit' },
    pageHeader(t('nav.audit'), t('audit.intro')),
    filterForm({ path: '/audit', query, fields }),
    dataTable({
      caption: t('audit.caption'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        { label: t('audit.at'), render: (entry) => formatDateTime(entry.at), className: 'nowrap' },
        { label: t('audit.actor'), render: (entry) => (entry.actor ? `${personName(entry.actor)} (${entry.actor.username})` : t('audit.anonymous')) },
        { label: t('common.agency'), render: (entry) => (entry.actorAgency ? pick(entry.actorAgency.nameTh, entry.actorAgency.nameEn) : '–') },
        { label: t('audit.action'), render: (entry) => actionLabel(entry.action) },
        { label: t('audit.target'), render: targetText },
        { label: t('audit.result'), render: (entry) => (entry.success ? t('audit.succeeded') : t('audit.failed')) },
        { label: t('audit.address'), render: (entry) => entry.clientAddress || '–', className: 'nowrap' },
      ],
    }),
    pager({ path: '/audit', query, connection }));
}
