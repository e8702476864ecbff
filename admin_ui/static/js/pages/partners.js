// Partner organisations (ภาคีเครือข่าย) and their MOUs, for ministry admins: search, filter by
// whether the MOU is in force, and open one to change its last day or revoke it.

import { graphql } from '../api.js';
import { areaName } from '../areas.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { field } from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { dataTable, filterForm, pageHeader, pager, statusBadge, takeFlash } from '../widgets.js';

const PAGE_SIZE = 50;

const PARTNERS = `
  query ConsolePartners($filter: PartnerOrganisationFilter, $first: Int, $after: String) {
    partnerOrganisations(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          code
          nameTh
          nameEn
          mouReference
          startsOn
          endsOn
          mouStatus
          mouStatusLabel
          provinces { code nameTh nameEn }
        }
      }
    }
  }
`;

export function title() {
  return t('nav.partners');
}

// The URL keeps the filter as inForce=yes|no; the API takes true, false or nothing.
function inForceFilter(value) {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  return null;
}

export async function render({ query, signal }) {
  const filter = { search: query.get('search') || null, inForce: inForceFilter(query.get('inForce')) };
  const data = await graphql(PARTNERS, { filter, first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.partnerOrganisations;
  showAreaCredit();

  const fields = [
    field({ name: 'search', label: t('partners.search'), kind: 'search' }),
    field({
      name: 'inForce', label: t('partners.inForce'), kind: 'select',
      options: [
        { value: '', label: t('common.all') },
        { value: 'yes', label: t('partners.inForceYes') },
        { value: 'no', label: t('partners.inForceNo') },
      ],
    }),
  ];

  return h('section', { class: 'page page-partners' },
    pageHeader(t('nav.partners'), t('partners.intro')),
    takeFlash(),
    h('p', {}, h('a', { href: href('/partners/new'), class: 'button button-primary' }, t('partners.add'))),
    filterForm({ path: '/partners', query, fields }),
    dataTable({
      caption: t('partners.caption'),
      empty: t('partners.none'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        {
          label: t('partners.name'),
          render: (partner) => h('span', {},
            h('a', { href: href(`/partners/${encodeURIComponent(partner.id)}`) }, pick(partner.nameTh, partner.nameEn)),
            h('span', { class: 'cell-note' }, t('partners.codeNamed', { code: partner.code }))),
        },
        { label: t('partners.mouReference'), render: (partner) => partner.mouReference },
        { label: t('partners.provinces'), render: (partner) => partner.provinces.map(areaName).join(', ') },
        {
          label: t('partners.period'),
          render: (partner) => t('partners.dates', { from: formatDate(partner.startsOn), to: formatDate(partner.endsOn) }),
        },
        { label: t('partners.status'), render: (partner) => statusBadge(partner.mouStatus, partner.mouStatusLabel), className: 'nowrap' },
      ],
    }),
    pager({ path: '/partners', query, connection }));
}
