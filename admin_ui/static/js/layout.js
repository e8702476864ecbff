// The frame around every page: the top bar (user, language switch, sign-out, menu button
// for phones) and the menu, which lists only the pages the user's role may open.

import { PAGES, mayOpen } from './access.js';
import { h, mount } from './dom.js';
import { ENGLISH, THAI, language, pick, setLanguage, t, translateShell } from './i18n.js';
import { href, navigate, onNavigate } from './router.js';
import { currentUser, signOut } from './session.js';

const MENU_ID = 'menu';

function menuToggle() {
  const menu = document.getElementById(MENU_ID);
  const button = h('button', {
    type: 'button',
    class: 'button button-quiet menu-toggle',
    'aria-controls': MENU_ID,
    'aria-expanded': 'false',
  }, t('shell.menu'));
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    menu.classList.toggle('is-open', open);
  });
  return button;
}

function languageSwitch() {
  const next = language() === THAI ? ENGLISH : THAI;
  return h('button', {
    type: 'button',
    class: 'button button-quiet',
    lang: next,
    'aria-label': next === ENGLISH ? 'Switch to English' : 'เปลี่ยนเป็นภาษาไทย',
    on: { click: () => setLanguage(next) },
  }, next === ENGLISH ? 'English' : 'ภาษาไทย');
}

function userBadge(user) {
  const agency = user.agency ? pick(user.agency.nameTh, user.agency.nameEn) : '';
  return h('div', { class: 'user-badge' },
    h('span', { class: 'user-name' }, `${user.firstName} ${user.lastName}`),
    h('span', { class: 'user-role' }, [user.roleLabel, agency].filter(Boolean).join(' · ')));
}

async function signOutAndLeave() {
  await signOut();
  renderFrame();
  navigate(href('/login'), { replace: true });
}

/** Draw the top bar and menu for the current user and language. */
export function renderFrame(currentPage = null) {
  translateShell();
  const user = currentUser();
  const tools = document.getElementById('topbar-tools');
  const menu = document.getElementById(MENU_ID);
  menu.setAttribute('aria-label', t('shell.menuLabel'));
  menu.classList.remove('is-open');

  if (!user) {
    mount(tools, languageSwitch());
    menu.hidden = true;
    mount(menu);
    return;
  }
  mount(tools,
    userBadge(user),
    languageSwitch(),
    h('button', { type: 'button', class: 'button button-quiet', on: { click: signOutAndLeave } }, t('shell.signOut')),
    menuToggle());

  const items = PAGES.filter((page) => page.menu && mayOpen(page, user.role)).map((page) => {
    const current = currentPage && (currentPage.name === page.name || childOf(currentPage, page));
    return h('li', {},
      h('a', { href: href(page.path), class: 'menu-link', 'aria-current': current ? 'page' : null }, t(page.menu)));
  });
  mount(menu, h('ul', { class: 'menu-list' }, items));
  menu.hidden = false;
}

function childOf(current, menuPage) {
  return current.parent === menuPage.name;
}

onNavigate((page) => renderFrame(page));
