// The roles that may open each page, declared once. The router refuses a page whose roles do not
// include the user's before anything is rendered, and the menu lists only the pages the
// user may open. The API enforces the same rules on every request; this only keeps
// people from pages that would fail.

export const ROLES = Object.freeze({
  SCHOOL_STAFF: 'SCHOOL_STAFF',
  AREA_OFFICER: 'AREA_OFFICER',
  AFFILIATION_ADMIN: 'AFFILIATION_ADMIN',
  MINISTRY_ADMIN: 'MINISTRY_ADMIN',
  PARTNER: 'PARTNER',
});

const { SCHOOL_STAFF, AREA_OFFICER, AFFILIATION_ADMIN, MINISTRY_ADMIN, PARTNER } = ROLES;
const STAFF = [SCHOOL_STAFF, AREA_OFFICER, AFFILIATION_ADMIN, MINISTRY_ADMIN];
const APPROVERS = [AREA_OFFICER, AFFILIATION_ADMIN, MINISTRY_ADMIN];
const ADMINS = [AFFILIATION_ADMIN, MINISTRY_ADMIN];
// The roles that triage tips from the public, each within its own scope.
const TRIAGERS = [AREA_OFFICER, AFFILIATION_ADMIN, MINISTRY_ADMIN];

/**
 * The console's pages. `path` may contain `:name` parameters, and the first page whose path
 * matches wins. `menu` is the message key of the menu entry. Pages without one are reached
 * by links, and their `parent` names the menu entry they belong to. `roles` lists who may
 * open the page.
 */
export const PAGES = [
  { name: 'dashboard', path: '/', menu: 'nav.dashboard', roles: STAFF, module: 'dashboard' },
  { name: 'approvals', path: '/approvals', menu: 'nav.approvals', roles: APPROVERS, module: 'approvals' },
  { name: 'users', path: '/users', menu: 'nav.users', roles: APPROVERS, module: 'users' },
  { name: 'agencies', path: '/agencies', menu: 'nav.agencies', roles: APPROVERS, module: 'agencies' },
  { name: 'children', path: '/children', menu: 'nav.children', roles: [...STAFF, PARTNER], module: 'children' },
  { name: 'child', path: '/children/:id', parent: 'children', roles: [...STAFF, PARTNER], module: 'child' },
  { name: 'visit', path: '/visits/:id', parent: 'children', roles: [...STAFF, PARTNER], module: 'visit' },
  { name: 'tips', path: '/tips', menu: 'nav.tips', roles: TRIAGERS, module: 'tips' },
  { name: 'tip', path: '/tips/:id', parent: 'tips', roles: TRIAGERS, module: 'tip' },
  { name: 'imports', path: '/imports', menu: 'nav.imports', roles: STAFF, module: 'imports' },
  { name: 'reports', path: '/reports', menu: 'nav.reports', roles: STAFF, module: 'reports' },
  { name: 'phase2', path: '/phase2', menu: 'nav.phase2', roles: [...STAFF, PARTNER], module: 'phase2' },
  { name: 'partners', path: '/partners', menu: 'nav.partners', roles: [MINISTRY_ADMIN], module: 'partners' },
  { name: 'partnerNew', path: '/partners/new', parent: 'partners', roles: [MINISTRY_ADMIN], module: 'partner-new' },
  { name: 'partner', path: '/partners/:id', parent: 'partners', roles: [MINISTRY_ADMIN], module: 'partner' },
  { name: 'audit', path: '/audit', menu: 'nav.audit', roles: ADMINS, module: 'audit' },
];

/** The sign-in page, open to everyone. */
export const LOGIN_PAGE = { name: 'login', path: '/login', roles: null, module: 'login' };

/**
 * Pages for the public, open with or without signing in: anyone may report a child who is
 * out of school and follow the report with its tracking code.
 */
export const PUBLIC_PAGES = [
  { name: 'reportTip', path: '/tip', roles: null, module: 'tip-report' },
  { name: 'tipStatus', path: '/tip/status', roles: null, module: 'tip-status' },
];

/** Tell whether a user with `role` may open `page`. */
export function mayOpen(page, role) {
  return page.roles === null || (role !== undefined && page.roles.includes(role));
}

/** Return the first menu page that `role` may open, where signing in leads. */
export function homePage(role) {
  return PAGES.find((page) => page.menu && mayOpen(page, role)) || PAGES[0];
}
