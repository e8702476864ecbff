// Routes in the browser: the page and its state (filters, search, page cursor) live in
// the URL path and query, so every view can be bookmarked, shared and reopened with Back.
// Before a page module renders anything, the router checks that someone is signed in and
// that their role may open the page. A refused page shows a refusal, not the page. The
// sign-in page and the public pages (roles: null) need no sign-in.

import { ApiError } from './api.js';
import { LOGIN_PAGE, PAGES, PUBLIC_PAGES, homePage, mayOpen } from './access.js';
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { currentUser } from './session.js';

const rootMeta = document.querySelector('meta[name="console-root"]');
/** Path where the console is mounted, e.g. "/admin". */
export const CONSOLE_ROOT = rootMeta ? rootMeta.content : '';

const listeners = new Set();
let navigation = null;
// The first page of a visit keeps the browser's own focus order, with the skip link first.
// Later pages move focus to their heading, so that screen readers announce the change.
let firstRender = true;

/** Build a console address from a page path and query parameters, leaving out empty ones. */
export function href(path, query = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return `${CONSOLE_ROOT}${path}${text ? `?${text}` : ''}`;
}

function compile(page) {
  const names = [];
  const source = page.path.replace(/:(\w+)/g, (match, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return { page, names, pattern: new RegExp(`^${source}/?$`) };
}

const ROUTES = [LOGIN_PAGE, ...PUBLIC_PAGES, ...PAGES].map(compile);

/** Find the page for a path inside the console, with its decoded parameters. */
export function match(path) {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (found) {
      const params = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]);
      });
      return { page: route.page, params };
    }
  }
  return null;
}

function consolePath() {
  const path = window.location.pathname;
  const inside = path.startsWith(CONSOLE_ROOT) ? path.slice(CONSOLE_ROOT.length) : path;
  return inside || '/';
}

/** Go to a console address (as `href` builds it) and render it. */
export function navigate(address, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, '', address);
  else window.history.pushState(null, '', address);
  return render();
}

/** Render the current address again, e.g. after a language switch. */
export function refresh() {
  return render({ keepFocus: true });
}

/** Call `listener(page)` after each page has rendered. */
export function onNavigate(listener) {
  listeners.add(listener);
}

function isConsoleLink(anchor, event) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target || anchor.hasAttribute('download') || anchor.dataset.external !== undefined) return false;
  if (anchor.origin !== window.location.origin) return false;
  return anchor.pathname === CONSOLE_ROOT || anchor.pathname.startsWith(`${CONSOLE_ROOT}/`)
    ? !anchor.pathname.startsWith(`${CONSOLE_ROOT}/static/`)
    : false;
}

/** Take over link clicks and Back/Forward for console addresses, then render the first page. */
export function start() {
  document.addEventListener('click', (event) => {
    const anchor = event.target.closest('a[href]');
    if (!anchor || !isConsoleLink(anchor, event)) return;
    event.preventDefault();
    navigate(anchor.pathname + anchor.search);
  });
  window.addEventListener('popstate', () => render());
  return render();
}

function loginAddress() {
  const here = consolePath() + window.location.search;
  return href('/login', here === '/' ? {} : { next: here });
}

function messagePage(titleKey, textKey, extra = null) {
  return h('section', { class: 'page page-message' },
    h('h1', { tabindex: '-1' }, t(titleKey)),
    h('p', {}, t(textKey)),
    extra,
    h('p', {}, h('a', { href: homeAddress() }, t('common.backHome'))));
}

/** Build the refusal shown for a page the user's role may not open. */
export function forbiddenPage() {
  return messagePage('forbidden.title', 'forbidden.text');
}

function notFoundPage() {
  return messagePage('notFound.title', 'notFound.text');
}

function errorPage(error) {
  const detail = error instanceof ApiError ? error.message : t('error.unexpected');
  return h('section', { class: 'page page-message' },
    h('h1', { tabindex: '-1' }, t('error.title')),
    h('p', { class: 'alert alert-error', role: 'alert' }, detail),
    h('p', {}, h('button', { type: 'button', class: 'button', on: { click: () => refresh() } }, t('common.retry'))));
}

async function render({ keepFocus = false } = {}) {
  if (navigation) navigation.abort();
  const controller = new AbortController();
  navigation = controller;

  const main = document.getElementById('main');
  const found = match(consolePath());
  const user = currentUser();
  const query = new URLSearchParams(window.location.search);
  let page = found ? found.page : null;
  let content;

  if (page && page.roles !== null && !user) {
    return navigate(loginAddress(), { replace: true });
  }
  if (page === LOGIN_PAGE && user) {
    return navigate(safeNext(query.get('next')), { replace: true });
  }

  main.setAttribute('aria-busy', 'true');
  document.getElementById('footer-credit').hidden = true;
  if (!page) {
    content = notFoundPage();
    document.title = `${t('notFound.title')} · ${t('app.name')}`;
  } else if (!mayOpen(page, user && user.role)) {
    content = forbiddenPage();
    document.title = `${t('forbidden.title')} · ${t('app.name')}`;
    page = { ...page, refused: true };
  } else {
    try {
      const module = await import(`./pages/${page.module}.js`);
      const context = { params: found.params, query, user, signal: controller.signal };
      content = await module.render(context);
      document.title = `${module.title ? module.title(context) : t(page.menu)} · ${t('app.name')}`;
    } catch (error) {
      if (error.name === 'AbortError' || controller.signal.aborted) return null;
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') return null;
      if (error instanceof ApiError && error.code === 'FORBIDDEN') {
        content = forbiddenPage();
        page = { ...page, refused: true };
      } else {
        console.error(error);
        content = errorPage(error);
      }
      document.title = `${t('error.title')} · ${t('app.name')}`;
    }
  }
  if (controller.signal.aborted) return null;

  mount(main, content);
  main.removeAttribute('aria-busy');
  for (const listener of listeners) listener(page);
  const moveFocus = !keepFocus && !firstRender;
  firstRender = false;
  if (moveFocus) {
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
    window.scrollTo(0, 0);
  }
  return page;
}

/** Return the address of the signed-in user's start page. */
export function homeAddress() {
  const user = currentUser();
  return href(homePage(user && user.role).path);
}

/** Return `next` when it is a console address, else the start page, so no link sends users elsewhere. */
export function safeNext(next) {
  if (next && next.startsWith('/') && !next.startsWith('//') && match(next.split('?')[0])) {
    return CONSOLE_ROOT + next;
  }
  return homeAddress();
}

/** Show the GeoThai credit in the footer on pages that show area names. */
export function showAreaCredit() {
  const credit = document.getElementById('footer-credit');
  credit.textContent = t('app.geoCredit');
  credit.hidden = false;
}
