// One partner organisation for ministry admins: its MOU, a form to change the last day
// (a later day renews the MOU), and revocation with a reason, which cannot be undone.

import { ApiError, graphql } from '../api.js';
import { areaName } from '../areas.js';
import { h } from '../dom.js';
import { formatDate, formatDateTime } from '../format.js';
import {
  alertArea, checkRequired, focusFirstError, reasonForm, showAlert, showUserErrors, thaiDateField, whileBusy,
} from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, refresh, showAreaCredit } from '../router.js';
import { announce, detailsList, pageHeader, setFlash, statusBadge, takeFlash } from '../widgets.js';

const PARTNER = `
  query ConsolePartner($id: ID!) {
    partnerOrganisation(id: $id) {
      id
      code
      nameTh
      nameEn
      mouReference
      startsOn
      endsOn
      revokedAt
      mouStatus
      mouStatusLabel
      provinces { code nameTh nameEn }
      openProvinces { code nameTh nameEn }
    }
  }
`;

const UPDATE = `
  mutation ConsoleUpdatePartner($input: UpdatePartnerOrganisationInput!) {
    updatePartnerOrganisation(input: $input) {
      partnerOrganisation { id endsOn }
      errors { field code message }
    }
  }
`;

const REVOKE = `
  mutation ConsoleRevokePartner($input: RevokePartnerMouInput!) {
    revokePartnerMou(input: $input) {
      partnerOrganisation { id revokedAt }
      errors { field code message }
    }
  }
`;

let lastTitle = '';

export function title() {
  return lastTitle || t('nav.partners');
}

function isApiError(error) {
  return error instanceof ApiError;
}

async function finish(message) {
  setFlash(message);
  announce(message);
  await refresh();
}

function endsOnForm(partner) {
  const endsOn = thaiDateField({
    name: 'endsOn', label: t('partners.endsOn'), required: true, value: partner.endsOn, hint: t('partner.endsOnHint'),
  });
  const summary = alertArea();
  const button = h('button', { type: 'submit', class: 'button button-primary' }, t('partner.saveEndsOn'));
  const form = h('form', { class: 'form inline-form', novalidate: true }, summary, endsOn.element, h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    if (!checkRequired([endsOn])) {
      focusFirstError([endsOn]);
      return;
    }
    let day;
    try {
      day = endsOn.toQuery();
    } catch (error) {
      endsOn.setError(error.message);
      focusFirstError([endsOn]);
      return;
    }
    await whileBusy(button, t('common.saving'), async () => {
      try {
        const data = await graphql(UPDATE, { input: { partnerId: partner.id, endsOn: day } });
        if (showUserErrors(data.updatePartnerOrganisation.errors, [endsOn], summary)) return;
        await finish(t('partner.endsOnSaved', { date: formatDate(day) }));
      } catch (error) {
        if (!isApiError(error)) throw error;
        showAlert(summary, error.message);
        summary.focus();
      }
    });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'partner-ends' },
    h('h2', { id: 'partner-ends', class: 'card-title' }, t('partner.endsOnTitle')), form);
}

function revokeSection(partner) {
  const name = pick(partner.nameTh, partner.nameEn);
  const slot = h('div', { class: 'reason-slot' });
  const open = h('button', { type: 'button', class: 'button button-danger-quiet', 'aria-expanded': 'false' }, t('partner.revoke'));
  open.addEventListener('click', () => {
    if (open.getAttribute('aria-expanded') === 'true') return;
    const close = () => {
      slot.replaceChildren();
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    };
    const { form, focus } = reasonForm({
      label: t('partner.revokeReason'),
      hint: t('partner.revokeReasonHint'),
      submitLabel: t('partner.confirmRevoke'),
      cancel: close,
      apiError: isApiError,
      submit: async (reason) => {
        const data = await graphql(REVOKE, { input: { partnerId: partner.id, reason } });
        if (!data.revokePartnerMou.errors.length) await finish(t('partner.revoked', { name }));
        return data.revokePartnerMou.errors;
      },
    });
    slot.replaceChildren(form);
    open.setAttribute('aria-expanded', 'true');
    focus();
  });
  return h('section', { class: 'card card-danger', 'aria-labelledby': 'partner-revoke' },
    h('h2', { id: 'partner-revoke', class: 'card-title' }, t('partner.revokeTitle')),
    h('p', {}, t('partner.revokeText')),
    h('div', { class: 'actions' }, open),
    slot);
}

function notFound() {
  lastTitle = t('partner.notFound');
  return h('section', { class: 'page page-message' },
    h('h1', { tabindex: '-1' }, t('partner.notFound')),
    h('p', {}, t('partner.notFoundText')),
    h('p', {}, h('a', { href: href('/partners') }, t('partner.backToList'))));
}

export async function render({ params, signal }) {
  const data = await graphql(PARTNER, { id: params.id }, { signal });
  const partner = data.partnerOrganisation;
  if (!partner) return notFound();
  showAreaCredit();
  const name = pick(partner.nameTh, partner.nameEn);
  lastTitle = name;
  const revoked = Boolean(partner.revokedAt);

  return h('section', { class: 'page page-partner' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/partners') }, t('nav.partners'))),
    pageHeader(name, partner.nameEn && partner.nameEn !== name ? partner.nameEn : ''),
    takeFlash(),
    h('section', { class: 'card', 'aria-labelledby': 'partner-mou' },
      h('h2', { id: 'partner-mou', class: 'card-title' }, t('partner.details')),
      detailsList([
        [t('partners.status'), statusBadge(partner.mouStatus, partner.mouStatusLabel)],
        [t('partners.code'), partner.code],
        [t('partners.nameTh'), partner.nameTh],
        [t('partners.nameEn'), partner.nameEn],
        [t('partners.mouReference'), partner.mouReference],
        [t('partners.startsOn'), formatDate(partner.startsOn)],
        [t('partners.endsOn'), formatDate(partner.endsOn)],
        [t('partners.provinces'), partner.provinces.map(areaName).join(', ')],
        [t('partner.openProvinces'), partner.openProvinces.map(areaName).join(', ')],
        revoked ? [t('partner.revokedAt'), formatDateTime(partner.revokedAt)] : null,
      ])),
    revoked ? h('p', { class: 'alert alert-info' }, t('partner.revokedNote')) : null,
    revoked ? null : endsOnForm(partner),
    revoked ? null : revokeSection(partner));
}
