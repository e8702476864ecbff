// Accounts waiting for approval in the approver's scope: approve, or reject with a reason
// that the applicant will read.

import { ApiError, graphql } from '../api.js';
import { h, mount } from '../dom.js';
import { formatDateTime, personName } from '../format.js';
import { alertArea, reasonForm, showAlert, showUserErrors, whileBusy } from '../forms.js';
import { pick, t } from '../i18n.js';
import { announce, detailsList, notice, pageHeader, pager } from '../widgets.js';

const PAGE_SIZE = 20;

const PENDING = `
  query ConsolePendingUsers($first: Int, $after: String) {
    pendingUsers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          username
          title
          firstName
          lastName
          position
          email
          phone
          role
          roleLabel
          createdAt
          agency { id nameTh nameEn kind }
        }
      }
    }
  }
`;

const APPROVE = `
  mutation ConsoleApproveUser($input: ApproveUserInput!) {
    approveUser(input: $input) {
      user { id status }
      errors { field code message }
    }
  }
`;

const REJECT = `
  mutation ConsoleRejectUser($input: RejectUserInput!) {
    rejectUser(input: $input) {
      user { id status }
      errors { field code message }
    }
  }
`;

export function title() {
  return t('nav.approvals');
}

function decided(card, message) {
  mount(card, notice(message));
  card.setAttribute('tabindex', '-1');
  card.focus();
  announce(message);
}

function isApiError(error) {
  return error instanceof ApiError;
}

function userCard(user) {
  const headingId = `user-${user.id}`;
  const card = h('article', { class: 'card approval-card', 'aria-labelledby': headingId });
  const summary = alertArea();
  const approve = h('button', { type: 'button', class: 'button button-primary' }, t('approvals.approve'));
  const reject = h('button', { type: 'button', class: 'button button-danger-quiet', 'aria-expanded': 'false' }, t('approvals.reject'));
  const slot = h('div', { class: 'reason-slot' });
  const name = personName(user);

  approve.addEventListener('click', () => whileBusy(approve, t('common.saving'), async () => {
    try {
      const data = await graphql(APPROVE, { input: { userId: user.id } });
      if (showUserErrors(data.approveUser.errors, [], summary)) return;
      decided(card, t('approvals.approved', { name }));
    } catch (error) {
      if (!isApiError(error)) throw error;
      showAlert(summary, error.message);
      summary.focus();
    }
  }));

  reject.addEventListener('click', () => {
    if (reject.getAttribute('aria-expanded') === 'true') return;
    const close = () => {
      mount(slot);
      reject.setAttribute('aria-expanded', 'false');
      reject.focus();
    };
    const { form, focus } = reasonForm({
      label: t('approvals.reason'),
      hint: t('approvals.reasonHint'),
      submitLabel: t('approvals.confirmReject'),
      cancel: close,
      apiError: isApiError,
      submit: async (reason) => {
        const data = await graphql(REJECT, { input: { userId: user.id, reason } });
        if (!data.rejectUser.errors.length) decided(card, t('approvals.rejected', { name }));
        return data.rejectUser.errors;
      },
    });
    mount(slot, form);
    reject.setAttribute('aria-expanded', 'true');
    focus();
  });

  mount(card,
    h('h2', { id: headingId, class: 'card-title' }, name),
    detailsList([
      [t('users.username'), user.username],
      [t('users.role'), user.roleLabel],
      [t('common.agency'), user.agency ? pick(user.agency.nameTh, user.agency.nameEn) : ''],
      [t('users.position'), user.position],
      [t('users.email'), user.email],
      [t('users.phone'), user.phone],
      [t('approvals.registeredAt'), formatDateTime(user.createdAt)],
    ]),
    summary,
    h('div', { class: 'actions' }, approve, reject),
    slot);
  return card;
}

export async function render({ query, signal }) {
  const data = await graphql(PENDING, { first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.pendingUsers;
  const users = connection.edges.map((edge) => edge.node);
  return h('section', { class: 'page page-approvals' },
    pageHeader(t('nav.approvals'), t('approvals.intro')),
    users.length
      ? h('div', { class: 'card-list' }, users.map(userCard))
      : h('p', { class: 'empty' }, t('approvals.none')),
    pager({ path: '/approvals', query, connection }));
}
