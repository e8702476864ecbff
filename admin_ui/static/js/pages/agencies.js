// Agencies in the user's scope (affiliations, area offices, schools, partners), searchable
// by name or code and filterable by level and province.

import { graphql } from '../api.js';
import { h } from '../dom.js';
import { field } from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { dataTable, filterForm, pageHeader, pager } from '../widgets.js';

const PAGE_SIZE = 50;
const KINDS = ['AFFILIATION', 'AREA_OFFICE', 'SCHOOL', 'PARTNER'];

const AGENCIES = `
  query ConsoleAgencies($filter: AgencyFilter, $first: Int, $after: String) {
    agencies(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          code
          nameTh
          nameEn
          kind
          kindLabel
          active
          parent { id nameTh nameEn }
          province { code nameTh nameEn }
          district { code nameTh nameEn }
        }
      }
    }
    provinces { code nameTh nameEn }
  }
`;

export function title() {
  return t('nav.agencies');
}

function area(agency) {
  const parts = [agency.district, agency.province].filter(Boolean).map((place) => pick(place.nameTh, place.nameEn));
  return parts.join(', ');
}

export async function render({ query, signal }) {
  const filter = {
    kind: query.get('kind') || null,
    provinceCode: query.get('province') || null,
    search: query.get('search') || null,
  };
  const data = await graphql(AGENCIES, { filter, first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.agencies;
  showAreaCredit();

  const fields = [
    field({ name: 'search', label: t('agencies.search'), kind: 'search', hint: t('agencies.searchHint') }),
    field({
      name: 'kind', label: t('agencies.kind'), kind: 'select',
      options: [{ value: '', label: t('common.all') }, ...KINDS.map((kind) => ({ value: kind, label: t(`agencyKind.${kind}`) }))],
    }),
    field({
      name: 'province', label: t('common.province'), kind: 'select',
      options: [{ value: '', label: t('common.allProvinces') },
        ...data.provinces.map((province) => ({ value: province.code, label: pick(province.nameTh, province.nameEn) }))],
    }),
  ];

  return h('section', { class: 'page page-agencies' },
    pageHeader(t('nav.agencies')),
    filterForm({ path: '/agencies', query, fields }),
    dataTable({
      caption: t('agencies.caption'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        { label: t('agencies.code'), render: (agency) => agency.code },
        { label: t('agencies.name'), render: (agency) => pick(agency.nameTh, agency.nameEn) },
        { label: t('agencies.kind'), render: (agency) => agency.kindLabel },
        { label: t('agencies.parent'), render: (agency) => (agency.parent ? pick(agency.parent.nameTh, agency.parent.nameEn) : '–') },
        { label: t('agencies.area'), render: (agency) => area(agency) || '–' },
        { label: t('agencies.active'), render: (agency) => (agency.active ? t('common.yes') : t('common.no')) },
        {
          label: t('common.actions'),
          render: (agency) => (agency.kind === 'SCHOOL'
            ? h('a', { href: href('/children', { school: agency.id }) }, t('agencies.children'))
            : ''),
        },
      ],
    }),
    pager({ path: '/agencies', query, connection }));
}
