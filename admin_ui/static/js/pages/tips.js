// Tips from the public that the user triages, the longest waiting first. The list opens on
// the tips waiting for a decision; the status filter shows the others.

import { graphql } from '../api.js';
import { placeName } from '../areas.js';
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { field } from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { dataTable, filterForm, pageHeader, pager, statusBadge } from '../widgets.js';

const PAGE_SIZE = 50;
const STATUSES = ['RECEIVED', 'MATCHED', 'CASE_OPENED', 'DISMISSED'];
const DEFAULT_STATUS = 'RECEIVED';
// The status filter's value for "every status", so that an empty URL can mean the default.
const ANY_STATUS = 'ALL';
// A description longer than this is cut in the list; the tip's page shows all of it.
const EXCERPT_CHARS = 120;

const TIPS = `
  query ConsoleTips($filter: TipFilter, $first: Int, $after: String) {
    tips(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          status
          statusLabel
          approximateAge
          description
          submittedAt
          subdistrict { code nameTh nameEn }
          district { code nameTh nameEn }
          province { code nameTh nameEn }
          areaOffice { id nameTh nameEn }
        }
      }
    }
  }
`;

export function title() {
  return t('nav.tips');
}

/** Return the place of a tip: subdistrict, district and province. */
export function tipPlace(tip) {
  return placeName([tip.subdistrict, tip.district, tip.province]);
}

/** Return the name of the area office a tip was routed to, or a note that no office covers the place. */
export function officeName(tip) {
  return tip.areaOffice ? pick(tip.areaOffice.nameTh, tip.areaOffice.nameEn) : t('tips.unrouted');
}

function excerpt(text) {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS).trimEnd()}…` : text;
}

export async function render({ query, signal }) {
  const chosen = query.get('status') || DEFAULT_STATUS;
  const status = STATUSES.includes(chosen) ? [chosen] : null;
  const data = await graphql(TIPS, { filter: { status }, first: PAGE_SIZE, after: query.get('after') || null }, { signal });
  const connection = data.tips;
  showAreaCredit();

  const fields = [
    field({
      name: 'status', label: t('tips.status'), kind: 'select', value: chosen,
      options: [
        ...STATUSES.map((value) => ({ value, label: t(`tipStatus.${value}`) })),
        { value: ANY_STATUS, label: t('common.all') },
      ],
    }),
  ];

  return h('section', { class: 'page page-tips' },
    pageHeader(t('nav.tips'), t('tips.intro')),
    filterForm({ path: '/tips', query, fields, submitLabel: t('common.show') }),
    dataTable({
      caption: t('tips.caption'),
      empty: t('tips.none'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        {
          label: t('tips.submittedAt'),
          render: (tip) => h('a', { href: href(`/tips/${encodeURIComponent(tip.id)}`) }, formatDateTime(tip.submittedAt)),
          className: 'nowrap',
        },
        { label: t('tips.status'), render: (tip) => statusBadge(tip.status, tip.statusLabel) },
        { label: t('tips.ageColumn'), render: (tip) => (tip.approximateAge === null ? '–' : t('child.years', { count: tip.approximateAge })) },
        {
          label: t('tips.placeAndOffice'),
          render: (tip) => h('span', {}, tipPlace(tip) || '–', h('span', { class: 'cell-note' }, officeName(tip))),
        },
        { label: t('tips.description'), render: (tip) => excerpt(tip.description) },
      ],
    }),
    pager({ path: '/tips', query, connection }));
}
