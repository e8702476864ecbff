// Sign-in. `login` with useCookie sets an HttpOnly session cookie; the console keeps only
// the user the API returns.

import { ApiError, graphql } from '../api.js';
import { h } from '../dom.js';
import { alertArea, checkRequired, field, focusFirstError, showAlert, showUserErrors, whileBusy } from '../forms.js';
import { t } from '../i18n.js';
import { renderFrame } from '../layout.js';
import { href, navigate, safeNext } from '../router.js';
import { ME_QUERY, setCurrentUser } from '../session.js';
import { notice } from '../widgets.js';

const LOGIN = `
  mutation ConsoleLogin($input: LoginInput!) {
    login(input: $input) {
      user { id }
      errors { field code message }
    }
  }
`;

export function title() {
  return t('login.title');
}

export async function render({ query }) {
  const username = field({
    name: 'username', label: t('login.username'), required: true,
    attributes: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' },
  });
  const password = field({
    name: 'password', label: t('login.password'), kind: 'password', required: true,
    attributes: { autocomplete: 'current-password' },
  });
  const fields = [username, password];
  const summary = alertArea();
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide' }, t('login.submit'));

  const form = h('form', { class: 'card form login-form', novalidate: true },
    summary, username.element, password.element, submit);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    if (!checkRequired(fields)) {
      focusFirstError(fields);
      return;
    }
    await whileBusy(submit, t('login.busy'), async () => {
      try {
        const data = await graphql(LOGIN, {
          input: { username: username.value(), password: password.control.value, useCookie: true },
        });
        if (showUserErrors(data.login.errors, fields, summary)) return;
        const me = await graphql(ME_QUERY);
        setCurrentUser(me.me);
        renderFrame();
        navigate(safeNext(query.get('next')), { replace: true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showAlert(summary, error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
        summary.focus();
      }
    });
  });

  return h('section', { class: 'page page-login' },
    h('h1', { tabindex: '-1' }, t('login.title')),
    h('p', { class: 'page-subtitle' }, t('login.intro')),
    query.get('expired') ? notice(t('login.expired'), 'info') : null,
    form,
    h('p', { class: 'login-help' }, t('login.help')),
    h('p', { class: 'login-help' }, t('login.reportTip'), ' ', h('a', { href: href('/tip') }, t('tipReport.title'))));
}
