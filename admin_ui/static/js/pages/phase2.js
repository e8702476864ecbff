// The provinces open for phase 2, for every signed-in role. Ministry admins open and close
// provinces here; partner staff also see which provinces of their own MOU are open.

import { ApiError, graphql } from '../api.js';
import { ROLES } from '../access.js';
import { areaName, provinces, sortedByName } from '../areas.js';
import { h } from '../dom.js';
import { formatDate, formatDateTime, formatNumber } from '../format.js';
import { alertArea, checkRequired, field, focusFirstError, showAlert, showUserErrors, whileBusy } from '../forms.js';
import { pick, t } from '../i18n.js';
import { refresh, showAreaCredit } from '../router.js';
import { announce, dataTable, detailsList, pageHeader, setFlash, statusBadge, takeFlash } from '../widgets.js';

const OPEN_PROVINCES = `
  query ConsolePhase2Provinces {
    phase2Provinces {
      openedAt
      province { code nameTh nameEn }
    }
  }
`;

const MY_PARTNER = `
  query ConsoleMyPartner {
    myPartnerOrganisation {
      id
      nameTh
      nameEn
      mouStatus
      mouStatusLabel
      startsOn
      endsOn
      provinces { code nameTh nameEn }
      openProvinces { code }
    }
  }
`;

const OPEN = `
  mutation ConsoleOpenPhase2($input: OpenPhase2ProvinceInput!) {
    openPhase2Province(input: $input) {
      phase2Province { openedAt }
      errors { field code message }
    }
  }
`;

const CLOSE = `
  mutation ConsoleClosePhase2($input: ClosePhase2ProvinceInput!) {
    closePhase2Province(input: $input) {
      province { code }
      errors { field code message }
    }
  }
`;

export function title() {
  return t('nav.phase2');
}

function isApiError(error) {
  return error instanceof ApiError;
}

async function finish(message) {
  setFlash(message);
  announce(message);
  await refresh();
}

function openForm(allProvinces, openCodes) {
  const closed = sortedByName(allProvinces.filter((province) => !openCodes.has(province.code)));
  if (!closed.length) return h('p', { class: 'muted' }, t('phase2.allOpen'));

  const province = field({
    name: 'provinceCode', label: t('common.province'), kind: 'select', required: true,
    hint: t('phase2.openHint'),
    options: [{ value: '', label: t('phase2.chooseProvince') },
      ...closed.map((item) => ({ value: item.code, label: areaName(item) }))],
  });
  const summary = alertArea();
  const button = h('button', { type: 'submit', class: 'button button-primary' }, t('phase2.open'));
  const form = h('form', { class: 'form inline-form', novalidate: true }, summary, province.element,
    h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!checkRequired([province])) {
      focusFirstError([province]);
      return;
    }
    const chosen = closed.find((item) => item.code === province.value());
    await whileBusy(button, t('common.saving'), async () => {
      try {
        const data = await graphql(OPEN, { input: { provinceCode: province.value() } });
        if (showUserErrors(data.openPhase2Province.errors, [province], summary)) return;
        await finish(t('phase2.opened', { province: areaName(chosen) }));
      } catch (error) {
        if (!isApiError(error)) throw error;
        showAlert(summary, error.message);
        summary.focus();
      }
    });
  });
  return h('section', { class: 'card', 'aria-labelledby': 'phase2-open' },
    h('h2', { id: 'phase2-open', class: 'card-title' }, t('phase2.openTitle')), form);
}

// Closing hides a province's children from partners, so the close button opens a confirmation first.
function confirmClose(province, panel, button) {
  const name = areaName(province);
  const summary = alertArea();
  const cancel = () => {
    panel.replaceChildren();
    button.focus();
  };
  const confirm = h('button', { type: 'button', class: 'button button-danger' }, t('phase2.confirmClose'));
  confirm.addEventListener('click', () => whileBusy(confirm, t('common.saving'), async () => {
    try {
      const data = await graphql(CLOSE, { input: { provinceCode: province.code } });
      if (showUserErrors(data.closePhase2Province.errors, [], summary)) return;
      await finish(t('phase2.closed', { province: name }));
    } catch (error) {
      if (!isApiError(error)) throw error;
      showAlert(summary, error.message);
      summary.focus();
    }
  }));
  const heading = h('h2', { id: 'phase2-close', class: 'card-title', tabindex: '-1' }, t('phase2.closeNamed', { province: name }));
  panel.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'phase2-close' },
    heading,
    h('p', {}, t('phase2.closeWarning', { province: name })),
    summary,
    h('div', { class: 'actions' }, confirm,
      h('button', { type: 'button', class: 'button button-quiet', on: { click: cancel } }, t('common.cancel')))));
  heading.focus();
}

function closeButton(province, panel) {
  const button = h('button', {
    type: 'button',
    class: 'button button-small button-danger-quiet',
    'aria-label': t('phase2.closeNamed', { province: areaName(province) }),
  }, t('phase2.close'));
  button.addEventListener('click', () => confirmClose(province, panel, button));
  return button;
}

function myMou(partner) {
  if (!partner) return null;
  const open = new Set(partner.openProvinces.map((province) => province.code));
  const covered = partner.provinces.map((province) => t(open.has(province.code) ? 'phase2.coveredOpen' : 'phase2.coveredClosed',
    { province: areaName(province) }));
  return h('section', { class: 'card', 'aria-labelledby': 'phase2-mine' },
    h('h2', { id: 'phase2-mine', class: 'card-title' }, t('phase2.myMou')),
    detailsList([
      [t('partners.name'), pick(partner.nameTh, partner.nameEn)],
      [t('partners.status'), statusBadge(partner.mouStatus, partner.mouStatusLabel)],
      [t('partners.period'), t('partners.dates', { from: formatDate(partner.startsOn), to: formatDate(partner.endsOn) })],
      [t('phase2.covered'), h('ul', { class: 'plain-list' }, covered.map((text) => h('li', {}, text)))],
    ]));
}

export async function render({ user, signal }) {
  const admin = user.role === ROLES.MINISTRY_ADMIN;
  const partner = user.role === ROLES.PARTNER;
  const [data, allProvinces, mine] = await Promise.all([
    graphql(OPEN_PROVINCES, {}, { signal }),
    admin ? provinces() : null,
    partner ? graphql(MY_PARTNER, {}, { signal }) : null,
  ]);
  showAreaCredit();
  const rows = data.phase2Provinces;
  const openCodes = new Set(rows.map((row) => row.province.code));
  const panel = h('div', { class: 'action-panel' }, takeFlash());

  const columns = [
    { label: t('common.province'), render: (row) => areaName(row.province) },
    { label: t('phase2.code'), render: (row) => row.province.code, className: 'nowrap' },
    { label: t('phase2.openedAt'), render: (row) => formatDateTime(row.openedAt), className: 'nowrap' },
  ];
  if (admin) columns.push({ label: t('common.actions'), render: (row) => closeButton(row.province, panel) });

  return h('section', { class: 'page page-phase2' },
    pageHeader(t('nav.phase2'), t('phase2.intro')),
    partner ? myMou(mine.myPartnerOrganisation) : null,
    panel,
    dataTable({
      caption: t('phase2.caption', { count: formatNumber(rows.length) }),
      empty: t('phase2.none'),
      rows,
      columns,
    }),
    admin ? openForm(allProvinces, openCodes) : null);
}
