// One child's record: identity, school, home and guardian (as the field policy allows),
// the help partner organisations gave (with a form for partner staff), and every
// follow-up visit in time order with its photos and position.

import { graphql } from '../api.js';
import { ROLES } from '../access.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, personName } from '../format.js';
import { HELP_RECORD_FIELDS, helpSection } from '../help.js';
import { pick, t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { VISIT_DETAIL_FIELDS, VISIT_SUMMARY_FIELDS, visitTimelineItem } from '../visits.js';
import { vocabulary } from '../vocabulary.js';
import { detailsList, pageHeader, statusBadge, takeFlash } from '../widgets.js';

const AREA = 'code nameTh nameEn';

function studentQuery(detailed) {
  return `
    query ConsoleStudent($id: ID!) {
      student(id: $id) {
        id
        nationalId
        idKind
        title
        firstName
        lastName
        gender
        grade
        term
        status
        statusLabel
        ageYears
        visitCount
        ${detailed ? 'birthDate houseNumber villageNo addressLine guardianName guardianPhone' : ''}
        school { id nameTh nameEn }
        areaOffice { id nameTh nameEn }
        affiliation { id nameTh nameEn shortNameTh }
        subdistrict { ${AREA} }
        district { ${AREA} }
        province { ${AREA} }
        visits {
          ${VISIT_SUMMARY_FIELDS}
          ${detailed ? VISIT_DETAIL_FIELDS : ''}
        }
        helpRecords {
          ${HELP_RECORD_FIELDS}
        }
      }
    }
  `;
}

let lastTitle = '';

export function title() {
  return lastTitle || t('child.title');
}

function agencyName(agency) {
  return agency ? pick(agency.nameTh, agency.nameEn) : '';
}

function homeAddress(child) {
  const parts = [];
  if (child.houseNumber) parts.push(`${t('child.houseNumberShort')} ${child.houseNumber}`);
  if (child.villageNo) parts.push(`${t('child.villageNoShort')} ${child.villageNo}`);
  if (child.addressLine) parts.push(child.addressLine);
  for (const place of [child.subdistrict, child.district, child.province]) {
    if (place) parts.push(pick(place.nameTh, place.nameEn));
  }
  return parts.join(' ');
}

function byVisitTime(first, second) {
  return new Date(first.visitedAt) - new Date(second.visitedAt);
}

function notFound() {
  lastTitle = t('child.notFound');
  return h('section', { class: 'page page-message' },
    h('h1', { tabindex: '-1' }, t('child.notFound')),
    h('p', {}, t('child.notFoundText')),
    h('p', {}, h('a', { href: href('/children') }, t('child.backToList'))));
}

export async function render({ params, user, signal }) {
  const detailed = user.role !== ROLES.PARTNER;
  const [data, words] = await Promise.all([
    graphql(studentQuery(detailed), { id: params.id }, { signal }),
    vocabulary(),
  ]);
  const needs = new Map(words.needs.map((item) => [item.code, item.label]));
  const child = data.student;
  if (!child) return notFound();
  showAreaCredit();
  lastTitle = personName(child);

  const visits = [...(child.visits || [])].sort(byVisitTime);
  return h('section', { class: 'page page-child' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/children') }, t('nav.children'))),
    pageHeader(personName(child), [child.grade, agencyName(child.school)].filter(Boolean).join(' · ')),
    h('p', {}, statusBadge(child.status, child.statusLabel)),
    h('div', { class: 'panel-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'child-identity' },
        h('h2', { id: 'child-identity', class: 'card-title' }, t('child.identity')),
        detailsList([
          [child.idKind === 'G_CODE' ? t('child.gCode') : t('children.nationalId'), child.nationalId],
          [t('child.gender'), t(`gender.${child.gender}`)],
          detailed ? [t('child.birthDate'), formatDate(child.birthDate)] : null,
          [t('child.age'), child.ageYears === null ? '' : t('child.years', { count: child.ageYears })],
          [t('children.grade'), child.grade],
          [t('common.term'), child.term],
        ])),
      h('section', { class: 'card', 'aria-labelledby': 'child-school' },
        h('h2', { id: 'child-school', class: 'card-title' }, t('child.schooling')),
        detailsList([
          [t('children.school'), agencyName(child.school)],
          [t('child.areaOffice'), agencyName(child.areaOffice)],
          [t('child.affiliation'), agencyName(child.affiliation)],
          [t('child.visitCount'), formatNumber(child.visitCount)],
        ])),
      h('section', { class: 'card', 'aria-labelledby': 'child-home' },
        h('h2', { id: 'child-home', class: 'card-title' }, detailed ? t('child.home') : t('child.homeArea')),
        detailsList([
          [t('child.address'), homeAddress(child)],
          detailed ? [t('child.guardian'), child.guardianName] : null,
          detailed ? [t('child.guardianPhone'), child.guardianPhone
            ? h('a', { href: `tel:${child.guardianPhone.replace(/[^0-9+]/g, '')}`, 'data-external': '' }, child.guardianPhone)
            : ''] : null,
        ]))),
    helpSection(child, { canRecord: user.role === ROLES.PARTNER, needs: words.needs, flash: takeFlash() }),
    h('section', { class: 'visits', 'aria-labelledby': 'child-visits' },
      h('h2', { id: 'child-visits' }, t('child.visits', { count: formatNumber(visits.length) })),
      visits.length
        ? h('ol', { class: 'timeline' }, visits.map((visit, index) => visitTimelineItem(visit, index + 1, needs)))
        : h('p', { class: 'empty' }, t('child.noVisits'))));
}
