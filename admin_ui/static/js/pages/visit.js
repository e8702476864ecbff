// One follow-up visit on its own page: the full-size photos, the position with map links,
// and a way back to the child.

import { graphql } from '../api.js';
import { ROLES } from '../access.js';
import { h } from '../dom.js';
import { formatDateTime, personName } from '../format.js';
import { t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { VISIT_DETAIL_FIELDS, VISIT_SUMMARY_FIELDS, photoGallery, visitDetails } from '../visits.js';
import { needLabels } from '../vocabulary.js';
import { pageHeader } from '../widgets.js';

function visitQuery(detailed) {
  return `
    query ConsoleVisit($id: ID!) {
      visit(id: $id) {
        ${VISIT_SUMMARY_FIELDS}
        ${detailed ? VISIT_DETAIL_FIELDS : ''}
        student { id title firstName lastName }
      }
    }
  `;
}

let lastTitle = '';

export function title() {
  return lastTitle || t('visit.title');
}

export async function render({ params, user, signal }) {
  const detailed = user.role !== ROLES.PARTNER;
  const [data, needs] = await Promise.all([
    graphql(visitQuery(detailed), { id: params.id }, { signal }),
    needLabels(),
  ]);
  const visit = data.visit;
  if (!visit) {
    lastTitle = t('visit.notFound');
    return h('section', { class: 'page page-message' },
      h('h1', { tabindex: '-1' }, t('visit.notFound')),
      h('p', {}, t('visit.notFoundText')),
      h('p', {}, h('a', { href: href('/children') }, t('child.backToList'))));
  }
  showAreaCredit();
  const name = personName(visit.student);
  lastTitle = t('visit.heading', { name, date: formatDateTime(visit.visitedAt) });
  const childLink = href(`/children/${encodeURIComponent(visit.student.id)}`);

  return h('section', { class: 'page page-visit' },
    h('p', { class: 'breadcrumb' },
      h('a', { href: href('/children') }, t('nav.children')), ' › ',
      h('a', { href: childLink }, name)),
    pageHeader(t('visit.title'), t('visit.subtitle', { name, date: formatDateTime(visit.visitedAt) })),
    h('div', { class: 'card' }, visitDetails(visit, needs)),
    visit.photos ? h('section', { class: 'visit-photos', 'aria-labelledby': 'visit-photos' },
      h('h2', { id: 'visit-photos' }, t('visit.photos')),
      photoGallery(visit, { large: true })) : null,
    h('p', {}, h('a', { href: childLink, class: 'button button-quiet' }, t('visit.backToChild'))));
}
