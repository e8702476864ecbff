// Children on the dropout lists in the user's scope: search by name or ID, filter by case
// status, reason, term and school, page through the results, and open a child's record.

import { graphql } from '../api.js';
import { h } from '../dom.js';
import { formatDate, formatNumber, personName } from '../format.js';
import { field } from '../forms.js';
import { pick, t } from '../i18n.js';
import { href, showAreaCredit } from '../router.js';
import { vocabulary } from '../vocabulary.js';
import { dataTable, filterForm, pageHeader, pager, statusBadge } from '../widgets.js';

// Page sizes people may choose; the API caps a page at 100.
const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 50;

const STUDENTS = `
  query ConsoleStudents($filter: StudentFilter, $search: String, $first: Int, $after: String) {
    students(filter: $filter, search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          nationalId
          title
          firstName
          lastName
          grade
          term
          status
          statusLabel
          lastVisitedAt
          visitCount
          school { id nameTh nameEn }
          province { code nameTh nameEn }
        }
      }
    }
  }
`;

const SCHOOL_NAME = `query ConsoleSchoolName($id: ID!) { agency(id: $id) { id nameTh nameEn } }`;

export function title() {
  return t('nav.children');
}

function selectOptions(items, allLabel) {
  return [{ value: '', label: allLabel }, ...items.map((item) => ({ value: item.code, label: item.label }))];
}

export async function render({ query, signal }) {
  const filter = {
    status: query.get('status') ? [query.get('status')] : null,
    reason: query.get('reason') ? [query.get('reason')] : null,
    term: query.get('term') || null,
    schoolId: query.get('school') || null,
  };
  const search = query.get('search') || null;
  const size = PAGE_SIZES.includes(Number(query.get('size'))) ? Number(query.get('size')) : DEFAULT_PAGE_SIZE;
  const [data, words, school] = await Promise.all([
    graphql(STUDENTS, { filter, search, first: size, after: query.get('after') || null }, { signal }),
    vocabulary(),
    filter.schoolId ? graphql(SCHOOL_NAME, { id: filter.schoolId }, { signal }) : null,
  ]);
  const connection = data.students;
  showAreaCredit();

  const fields = [
    field({ name: 'search', label: t('children.search'), kind: 'search', hint: t('children.searchHint') }),
    field({ name: 'status', label: t('children.status'), kind: 'select', options: selectOptions(words.statuses, t('common.all')) }),
    field({ name: 'reason', label: t('children.reason'), kind: 'select', options: selectOptions(words.reasons, t('common.all')) }),
    field({
      name: 'term', label: t('common.term'), hint: t('common.termHint'),
      attributes: { inputmode: 'numeric', placeholder: '1/2564' },
    }),
  ];
  fields.push(field({
    name: 'size', label: t('children.pageSize'), kind: 'select', value: String(size),
    options: PAGE_SIZES.map((value) => ({ value: String(value), label: t('children.perPage', { count: value }) })),
  }));
  const schoolAgency = school && school.agency;
  if (filter.schoolId) {
    fields.push(field({
      name: 'school', label: t('children.school'), kind: 'select',
      options: [
        { value: filter.schoolId, label: schoolAgency ? pick(schoolAgency.nameTh, schoolAgency.nameEn) : filter.schoolId },
        { value: '', label: t('children.anySchool') },
      ],
    }));
  }

  return h('section', { class: 'page page-children' },
    pageHeader(t('nav.children'), t('children.count', { count: formatNumber(connection.totalCount) })),
    filterForm({ path: '/children', query, fields }),
    dataTable({
      caption: t('children.caption'),
      empty: t('children.none'),
      rows: connection.edges.map((edge) => edge.node),
      columns: [
        { label: t('children.name'), render: (child) => h('a', { href: href(`/children/${encodeURIComponent(child.id)}`) }, personName(child)) },
        { label: t('children.nationalId'), render: (child) => child.nationalId || '–', className: 'nowrap' },
        { label: t('children.grade'), render: (child) => child.grade || '–' },
        { label: t('children.school'), render: (child) => (child.school ? pick(child.school.nameTh, child.school.nameEn) : '–') },
        { label: t('common.province'), render: (child) => (child.province ? pick(child.province.nameTh, child.province.nameEn) : '–') },
        { label: t('children.status'), render: (child) => statusBadge(child.status, child.statusLabel) },
        { label: t('children.lastVisit'), render: (child) => formatDate(child.lastVisitedAt) || '–', className: 'nowrap' },
      ],
    }),
    pager({ path: '/children', query, connection }));
}
