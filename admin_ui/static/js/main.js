// Start the console: find out who is signed in, draw the frame, and render the address.

import { onSignedOut } from './api.js';
import { h, mount } from './dom.js';
import { onLanguageChange, t, translateShell } from './i18n.js';
import { renderFrame } from './layout.js';
import { CONSOLE_ROOT, href, navigate, refresh, start } from './router.js';
import { loadCurrentUser, setCurrentUser } from './session.js';

async function boot() {
  translateShell();
  try {
    await loadCurrentUser();
  } catch (error) {
    console.error(error);
    mount(document.getElementById('main'),
      h('p', { class: 'alert alert-error', role: 'alert' }, t('error.cannotReachServer')));
    return;
  }
  renderFrame();
  onLanguageChange(() => {
    renderFrame();
    refresh();
  });
  onSignedOut(() => {
    setCurrentUser(null);
    renderFrame();
    const path = window.location.pathname.slice(CONSOLE_ROOT.length) || '/';
    if (path !== '/login') {
      navigate(href('/login', { expired: '1', next: path + window.location.search }), { replace: true });
    }
  });
  await start();
}

boot();
