// One tip from the public, for the officers who triage it: what the reporter saw and where.
// While the tip waits, the page offers three decisions. The officer matches it to a listed
// child, opens a new case at a school, or dismisses it with a reason. A tip is decided once.

import { ApiError, graphql } from '../api.js';
import { h, mount, uniqueId } from '../dom.js';
import { formatDateTime, formatCoordinates, personName } from '../format.js';
import {
  alertArea, checkRequired, field, focusFirstError, reasonForm, showAlert, showUserErrors, whileBusy,
} from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, refresh, showAreaCredit } from '../router.js';
import { mapLinks } from '../visits.js';
import { announce, dataTable, detailsList, pageHeader, setFlash, statusBadge, takeFlash } from '../widgets.js';
import { officeName, tipPlace } from './tips.js';

// Children and schools offered per search; people narrow the search rather than page.
const SEARCH_SIZE = 10;
const SCHOOL_OPTIONS = 100;
const GENDERS = ['UNSPECIFIED', 'MALE', 'FEMALE'];

const TIP = `
  query ConsoleTip($id: ID!) {
    tip(id: $id) {
      id
      status
      statusLabel
      approximateAge
      description
      contact
      latitude
      longitude
      submittedAt
      decidedAt
      decidedByName
      decisionReason
      subdistrict { code nameTh nameEn }
      district { code nameTh nameEn }
      province { code nameTh nameEn }
      areaOffice { id nameTh nameEn }
      student { id title firstName lastName }
    }
  }
`;

const FIND_CHILDREN = `
  query ConsoleTipChildren($search: String, $first: Int) {
    students(search: $search, first: $first) {
      totalCount
      edges {
        node {
          id
          nationalId
          title
          firstName
          lastName
          grade
          status
          statusLabel
          school { id nameTh nameEn }
        }
      }
    }
  }
`;

const FIND_SCHOOLS = `
  query ConsoleTipSchools($filter: AgencyFilter, $first: Int) {
    agencies(filter: $filter, first: $first) {
      totalCount
      edges { node { id code nameTh nameEn } }
    }
  }
`;

const MATCH = `
  mutation ConsoleMatchTip($input: MatchTipInput!) {
    matchTip(input: $input) { tip { id status } errors { field code message } }
  }
`;

const OPEN_CASE = `
  mutation ConsoleOpenCaseFromTip($input: OpenCaseFromTipInput!) {
    openCaseFromTip(input: $input) { tip { id status } errors { field code message } }
  }
`;

const DISMISS = `
  mutation ConsoleDismissTip($input: DismissTipInput!) {
    dismissTip(input: $input) { tip { id status } errors { field code message } }
  }
`;

let lastTitle = '';

export function title() {
  return lastTitle || t('tip.title');
}

function isApiError(error) {
  return error instanceof ApiError;
}

function apiMessage(error) {
  return error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message;
}

async function finish(message) {
  setFlash(message);
  announce(message);
  await refresh();
}

function position(tip) {
  if (tip.latitude === null || tip.longitude === null) return t('tip.noPosition');
  return h('span', {}, h('span', { class: 'coordinates' }, formatCoordinates(tip.latitude, tip.longitude)), ' ',
    mapLinks(tip.latitude, tip.longitude));
}

function childLink(student) {
  return h('a', { href: href(`/children/${encodeURIComponent(student.id)}`) }, personName(student));
}

function reportCard(tip) {
  return h('section', { class: 'card', 'aria-labelledby': 'tip-report' },
    h('h2', { id: 'tip-report', class: 'card-title' }, t('tip.report')),
    detailsList([
      [t('tips.submittedAt'), formatDateTime(tip.submittedAt)],
      [t('tips.age'), tip.approximateAge === null ? '' : t('child.years', { count: tip.approximateAge })],
      [t('tips.place'), tipPlace(tip)],
      [t('tip.position'), position(tip)],
      [t('tips.description'), h('span', { class: 'prewrap' }, tip.description)],
      [t('tip.contact'), tip.contact || t('tip.noContact')],
      [t('tips.areaOffice'), officeName(tip)],
    ]));
}

function decisionCard(tip) {
  return h('section', { class: 'card', 'aria-labelledby': 'tip-decision' },
    h('h2', { id: 'tip-decision', class: 'card-title' }, t('tip.decision')),
    detailsList([
      [t('tips.status'), statusBadge(tip.status, tip.statusLabel)],
      [t('tip.decidedAt'), formatDateTime(tip.decidedAt)],
      [t('tip.decidedBy'), tip.decidedByName],
      tip.status === 'DISMISSED' ? [t('tip.decisionReason'), tip.decisionReason] : null,
      tip.status === 'DISMISSED' ? null : [t('tip.child'), tip.student ? childLink(tip.student) : t('tip.childOutOfScope')],
    ]));
}

// ------------------------------------------------------------------ match to a listed child

function matchButton(tip, child, summary) {
  const name = personName(child);
  const button = h('button', {
    type: 'button', class: 'button button-small', 'aria-label': t('tip.matchNamed', { name }),
  }, t('tip.matchThis'));
  button.addEventListener('click', () => whileBusy(button, t('common.saving'), async () => {
    try {
      const data = await graphql(MATCH, { input: { tipId: tip.id, studentId: child.id } });
      if (showUserErrors(data.matchTip.errors, [], summary)) return;
      await finish(t('tip.matched', { name }));
    } catch (error) {
      if (!isApiError(error)) throw error;
      showAlert(summary, apiMessage(error));
      summary.focus();
    }
  }));
  return button;
}

function matchResults(tip, connection, summary) {
  const children = connection.edges.map((edge) => edge.node);
  return [
    connection.totalCount > children.length
      ? h('p', { class: 'muted' }, t('tip.matchTooMany', { shown: children.length, total: connection.totalCount }))
      : null,
    dataTable({
      caption: t('tip.matchResults', { count: connection.totalCount }),
      empty: t('tip.matchNone'),
      rows: children,
      columns: [
        { label: t('children.name'), render: (child) => personName(child) },
        { label: t('children.nationalId'), render: (child) => child.nationalId || '–', className: 'nowrap' },
        { label: t('children.grade'), render: (child) => child.grade || '–' },
        { label: t('children.school'), render: (child) => (child.school ? pick(child.school.nameTh, child.school.nameEn) : '–') },
        { label: t('children.status'), render: (child) => statusBadge(child.status, child.statusLabel) },
        { label: t('common.actions'), render: (child) => matchButton(tip, child, summary) },
      ],
    }),
  ];
}

function cancelButton(close) {
  return h('button', { type: 'button', class: 'button button-quiet', on: { click: close } }, t('common.cancel'));
}

function matchPanel(tip, close) {
  const search = field({ name: 'search', label: t('tip.matchSearch'), kind: 'search', required: true, hint: t('tip.matchSearchHint') });
  const summary = alertArea();
  const results = h('div', { class: 'match-results', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'button' }, t('common.search'));
  const form = h('form', { class: 'form', role: 'search', novalidate: true },
    search.element, h('div', { class: 'actions' }, button, cancelButton(close)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    if (!checkRequired([search])) {
      focusFirstError([search]);
      return;
    }
    await whileBusy(button, t('shell.loading'), async () => {
      try {
        const data = await graphql(FIND_CHILDREN, { search: search.value(), first: SEARCH_SIZE });
        mount(results, matchResults(tip, data.students, summary));
      } catch (error) {
        if (!isApiError(error)) throw error;
        showAlert(summary, apiMessage(error));
        summary.focus();
      }
    });
  });
  return { content: [h('p', {}, t('tip.matchIntro')), form, summary, results], focus: () => search.control.focus() };
}

// ------------------------------------------------------------------ open a new case

function schoolOptions(select, schools) {
  mount(select,
    h('option', { value: '' }, schools.length ? t('tip.chooseSchool') : t('tip.noSchools')),
    schools.map((school) => h('option', { value: school.id }, `${pick(school.nameTh, school.nameEn)} (${school.code})`)));
}

async function loadSchools(school, filter) {
  const data = await graphql(FIND_SCHOOLS, { filter: { kind: 'SCHOOL', ...filter }, first: SCHOOL_OPTIONS });
  const schools = data.agencies.edges.map((edge) => edge.node);
  schoolOptions(school.control, schools);
  return schools.length;
}

function openCasePanel(tip, close) {
  const schoolSearch = field({ name: 'schoolSearch', label: t('tip.schoolSearch'), kind: 'search', hint: t('tip.schoolSearchHint') });
  const findSchools = h('button', { type: 'button', class: 'button button-quiet' }, t('tip.findSchools'));
  const school = field({ name: 'schoolId', label: t('tip.school'), kind: 'select', required: true, options: [] });
  const fields = [
    school,
    field({ name: 'title', label: t('tip.personTitle'), hint: t('tip.personTitleHint') }),
    field({ name: 'firstName', label: t('tip.firstName') }),
    field({ name: 'lastName', label: t('tip.lastName') }),
    field({
      name: 'gender', label: t('child.gender'), kind: 'select',
      options: GENDERS.map((value) => ({ value, label: t(`gender.${value}`) })),
    }),
    field({ name: 'nationalId', label: t('tip.nationalId'), hint: t('tip.nationalIdHint'), attributes: { inputmode: 'numeric', autocomplete: 'off' } }),
    field({ name: 'grade', label: t('children.grade'), hint: t('tip.gradeHint') }),
    field({ name: 'term', label: t('common.term'), hint: t('tip.termHint'), attributes: { inputmode: 'numeric', placeholder: '1/2567' } }),
  ];
  const summary = alertArea();
  schoolOptions(school.control, []);

  async function searchSchools() {
    school.clearError();
    await whileBusy(findSchools, t('shell.loading'), async () => {
      try {
        const count = await loadSchools(school, { search: schoolSearch.value() || null });
        announce(t('tip.schoolsFound', { count }));
      } catch (error) {
        if (!isApiError(error)) throw error;
        school.setError(apiMessage(error));
      }
    });
  }
  findSchools.addEventListener('click', searchSchools);
  // Enter in the school search looks schools up instead of sending the whole form.
  schoolSearch.control.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    searchSchools();
  });
  // Start with the schools of the tip's province, where the child was seen.
  if (tip.province) {
    loadSchools(school, { provinceCode: tip.province.code }).catch((error) => {
      if (!isApiError(error)) throw error;
      school.setError(apiMessage(error));
    });
  }

  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('tip.confirmOpenCase'));
  const form = h('form', { class: 'form', novalidate: true },
    summary,
    h('div', { class: 'school-search' }, schoolSearch.element, findSchools),
    fields.map((item) => item.element),
    h('div', { class: 'actions' }, submit, cancelButton(close)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    if (!checkRequired(fields)) {
      focusFirstError(fields);
      return;
    }
    const input = { tipId: tip.id };
    for (const item of fields) {
      const value = item.value();
      if (value !== '') input[item.name] = value;
    }
    await whileBusy(submit, t('common.saving'), async () => {
      try {
        const data = await graphql(OPEN_CASE, { input });
        if (showUserErrors(data.openCaseFromTip.errors, fields, summary)) return;
        await finish(t('tip.caseOpened'));
      } catch (error) {
        if (!isApiError(error)) throw error;
        showAlert(summary, apiMessage(error));
        summary.focus();
      }
    });
  });
  return { content: [h('p', {}, t('tip.openCaseIntro')), form], focus: () => schoolSearch.control.focus() };
}

// ------------------------------------------------------------------ dismiss

function dismissPanel(tip, close) {
  const { form, focus } = reasonForm({
    label: t('tip.dismissReason'),
    hint: t('tip.dismissReasonHint'),
    submitLabel: t('tip.confirmDismiss'),
    cancel: close,
    apiError: isApiError,
    submit: async (reason) => {
      const data = await graphql(DISMISS, { input: { tipId: tip.id, reason } });
      if (!data.dismissTip.errors.length) await finish(t('tip.dismissed'));
      return data.dismissTip.errors;
    },
  });
  return { content: [form], focus };
}

// ------------------------------------------------------------------ the decision buttons

// Three buttons open one decision form at a time in the panel below them.
function decideSection(tip) {
  const panelId = uniqueId('tip-decide-panel');
  const panel = h('div', { id: panelId, class: 'decide-panel' });
  const choices = [
    { key: 'tip.match', build: (close) => matchPanel(tip, close), danger: false },
    { key: 'tip.openCase', build: (close) => openCasePanel(tip, close), danger: false },
    { key: 'tip.dismiss', build: (close) => dismissPanel(tip, close), danger: true },
  ];
  const buttons = choices.map((choice) => h('button', {
    type: 'button',
    class: `button ${choice.danger ? 'button-danger-quiet' : ''}`.trim(),
    'aria-expanded': 'false',
    'aria-controls': panelId,
  }, t(choice.key)));

  choices.forEach((choice, index) => {
    const button = buttons[index];
    const close = () => {
      panel.replaceChildren();
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    };
    button.addEventListener('click', () => {
      if (button.getAttribute('aria-expanded') === 'true') return;
      for (const other of buttons) other.setAttribute('aria-expanded', 'false');
      const { content, focus } = choice.build(close);
      mount(panel, h('h3', { class: 'card-title' }, t(choice.key)), content);
      button.setAttribute('aria-expanded', 'true');
      focus();
    });
  });

  return h('section', { class: 'card', 'aria-labelledby': 'tip-decide' },
    h('h2', { id: 'tip-decide', class: 'card-title' }, t('tip.decide')),
    h('p', { class: 'muted' }, t('tip.decideIntro')),
    h('div', { class: 'actions' }, buttons),
    panel);
}

function notFound() {
  lastTitle = t('tip.notFound');
  return h('section', { class: 'page page-message' },
    h('h1', { tabindex: '-1' }, t('tip.notFound')),
    h('p', {}, t('tip.notFoundText')),
    h('p', {}, h('a', { href: href('/tips') }, t('tip.backToList'))));
}

export async function render({ params, signal }) {
  const data = await graphql(TIP, { id: params.id }, { signal });
  const tip = data.tip;
  if (!tip) return notFound();
  showAreaCredit();
  lastTitle = t('tip.heading', { date: formatDateTime(tip.submittedAt) });
  const waiting = tip.status === 'RECEIVED';

  return h('section', { class: 'page page-tip' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/tips') }, t('nav.tips'))),
    pageHeader(lastTitle),
    takeFlash(),
    h('p', {}, statusBadge(tip.status, tip.statusLabel)),
    reportCard(tip),
    waiting ? decideSection(tip) : decisionCard(tip));
}
