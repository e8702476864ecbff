// User accounts in the approver's scope, with search and filters, and suspension or
// reactivation of an account.

import { ApiError, graphql } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, personName } from '../format.js';
import { field, reasonForm } from '../forms.js';
import { pick, t } from '../i18n.js';
import { refresh } from '../router.js';
import { announce, dataTable, filterForm, notice, pageHeader, pager, setFlash, takeFlash } from '../widgets.js';

const PAGE_SIZE = 50;

const USERS = `
  query ConsoleUsers($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          username
          title
          firstName
          lastName
          role
          roleLabel
          status
          statusLabel
          lastLoginAt
          agency { id nameTh nameEn }
        }
      }
    }
  }
`;

const SUSPEND = `
  mutation ConsoleSuspendUser($input: SuspendUserInput!) {
    suspendUser(input: $input) { user { id status } errors { field code message } }
  }
`;

const REACTIVATE = `
  mutation ConsoleReactivateUser($input: ReactivateUserInput!) {
    reactivateUser(input: $input) { user { id status } errors { field code message } }
  }
`;

const STATUSES = ['PENDING', 'ACTIVE', 'REJECTED', 'SUSPENDED'];
const ROLES = ['SCHOOL_STAFF', 'AREA_OFFICER', 'AFFILIATION_ADMIN', 'MINISTRY_ADMIN', 'PARTNER'];

export function title() {
  return t('nav.users');
}

function options(values, prefix) {
  return [{ value: '', label: t('common.all') }, ...values.map((value) => ({ value, label: t(`${prefix}.${value}`) }))];
}

function isApiError(error) {
  return error instanceof ApiError;
}

async function finish(message) {
  setFlash(message);
  announce(message);
  await refresh();
}

// Suspension needs a reason, so it opens a small form in the panel above the table.
function openSuspendForm(user, panel, button) {
  const name = personName(user);
  const close = () => {
    panel.replaceChildren();
    button.focus();
  };
  const { form, focus } = reasonForm({
    label: t('users.suspendReason'),
    hint: t('users.suspendReasonHint'),
    submitLabel: t('users.confirmSuspend'),
    cancel: close,
    apiError: isApiError,
    submit: async (reason) => {
      const data = await graphql(SUSPEND, { input: { userId: user.id, reason } });
      if (!data.suspendUser.errors.length) await finish(t('users.suspended', { name }));
      return data.suspendUser.errors;
    },
  });
  panel.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'suspend-title' },
    h('h2', { id: 'suspend-title', class: 'card-title' }, t('users.suspendNamed', { name })), form));
  focus();
}

async function reactivate(user, panel) {
  try {
    const data = await graphql(REACTIVATE, { input: { userId: user.id } });
    const errors = data.reactivateUser.errors;
    if (errors.length) {
      panel.replaceChildren(notice(errors.map((error) => error.message).join(' '), 'error'));
      return;
    }
    await finish(t('users.reactivated', { name: personName(user) }));
  } catch (error) {
    if (!isApiError(error)) throw error;
    panel.replaceChildren(notice(error.message, 'error'));
  }
}

function actionButton(user, panel, me) {
  if (user.id === me.id) return '';
  if (user.status === 'ACTIVE') {
    const button = h('button', {
      type: 'button',
      class: 'button button-small button-danger-quiet',
      'aria-label': t('users.suspendNamed', { name: personName(user) }),
    }, t('users.suspend'));
    button.addEventListener('click', () => openSuspendForm(user, panel, button));
    return button;
  }
  if (user.status === 'SUSPENDED') {
    return h('button', {
      type: 'button',
      class: 'button button-small',
      'aria-label': t('users.reactivateNamed', { name: personName(user) }),
      on: { click: () => reactivate(user, panel) },
    }, t('users.reactivate'));
  }
  return '';
}

export async function render({ query, user, signal }) {
  const filter = {
    status: query.get('status') || null,
    role: query.get('role') || null,
    search: query.get('search') || null,
  };
  const data = await graphql(USERS, { filter, first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.users;
  const panel = h('div', { class: 'action-panel' }, takeFlash());

  const fields = [
    field({ name: 'search', label: t('users.search'), kind: 'search' }),
    field({ name: 'status', label: t('users.status'), kind: 'select', options: options(STATUSES, 'userStatus') }),
    field({ name: 'role', label: t('users.role'), kind: 'select', options: options(ROLES, 'role') }),
  ];

  return h('section', { class: 'page page-users' },
    pageHeader(t('nav.users')),
    filterForm({ path: '/users', query, fields }),
    panel,
    dataTable({
      caption: t('users.caption'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        { label: t('users.name'), render: (account) => personName(account) },
        { label: t('users.username'), render: (account) => account.username },
        { label: t('users.role'), render: (account) => account.roleLabel },
        { label: t('common.agency'), render: (account) => (account.agency ? pick(account.agency.nameTh, account.agency.nameEn) : '') },
        { label: t('users.status'), render: (account) => account.statusLabel },
        { label: t('users.lastLogin'), render: (account) => formatDateTime(account.lastLoginAt) || '–' },
        { label: t('common.actions'), render: (account) => actionButton(account, panel, user) },
      ],
    }),
    pager({ path: '/users', query, connection }));
}
