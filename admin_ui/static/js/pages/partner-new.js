// Record a new partner organisation with its signed MOU: code, names, MOU reference, the
// provinces it covers and the first and last day it is in force.

import { ApiError, graphql } from '../api.js';
import { areaName, provinces, sortedByName } from '../areas.js';
import { h } from '../dom.js';
import {
  alertArea, checkRequired, checkboxGroup, field, focusFirstError, showAlert, showUserErrors, thaiDateField, whileBusy,
} from '../forms.js';
import { t } from '../i18n.js';
import { href, navigate, showAreaCredit } from '../router.js';
import { announce, pageHeader, setFlash } from '../widgets.js';

const CREATE = `
  mutation ConsoleCreatePartner($input: CreatePartnerOrganisationInput!) {
    createPartnerOrganisation(input: $input) {
      partnerOrganisation { id nameTh }
      errors { field code message }
    }
  }
`;

export function title() {
  return t('partnerNew.title');
}

// Read the date fields; a date that is not in the calendar is marked beside its field.
function readDates(dates) {
  const values = {};
  let valid = true;
  for (const item of dates) {
    try {
      values[item.name] = item.toQuery();
    } catch (error) {
      item.setError(error.message);
      valid = false;
    }
  }
  return valid ? values : null;
}

export async function render() {
  const allProvinces = await provinces();
  showAreaCredit();

  const code = field({
    name: 'code', label: t('partners.code'), required: true, hint: t('partners.codeHint'),
    attributes: { autocapitalize: 'characters', spellcheck: 'false', autocomplete: 'off' },
  });
  const nameTh = field({ name: 'nameTh', label: t('partners.nameTh'), required: true });
  const nameEn = field({ name: 'nameEn', label: t('partners.nameEn'), attributes: { lang: 'en' } });
  const reference = field({ name: 'mouReference', label: t('partners.mouReference'), required: true, hint: t('partners.mouReferenceHint') });
  const covered = checkboxGroup({
    name: 'provinceCodes', label: t('partners.provinces'), required: true, hint: t('partners.provincesHint'),
    options: sortedByName(allProvinces).map((province) => ({ value: province.code, label: areaName(province) })),
  });
  const startsOn = thaiDateField({ name: 'startsOn', label: t('partners.startsOn'), required: true });
  const endsOn = thaiDateField({ name: 'endsOn', label: t('partners.endsOn'), required: true });
  const fields = [code, nameTh, nameEn, reference, covered, startsOn, endsOn];

  const summary = alertArea();
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, t('partners.create'));
  const form = h('form', { class: 'card form form-narrow', novalidate: true },
    summary,
    fields.map((item) => item.element),
    h('div', { class: 'actions' }, submit,
      h('a', { href: href('/partners'), class: 'button button-quiet' }, t('common.cancel'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showAlert(summary, '');
    const filled = checkRequired(fields);
    const dates = filled ? readDates([startsOn, endsOn]) : null;
    if (!dates) {
      focusFirstError(fields);
      return;
    }
    const input = {
      code: code.value(),
      nameTh: nameTh.value(),
      nameEn: nameEn.value() || null,
      mouReference: reference.value(),
      provinceCodes: covered.value(),
      startsOn: dates.startsOn,
      endsOn: dates.endsOn,
    };
    await whileBusy(submit, t('common.saving'), async () => {
      try {
        const data = await graphql(CREATE, { input });
        const result = data.createPartnerOrganisation;
        if (showUserErrors(result.errors, fields, summary)) return;
        const message = t('partners.created', { name: result.partnerOrganisation.nameTh });
        setFlash(message);
        announce(message);
        await navigate(href(`/partners/${encodeURIComponent(result.partnerOrganisation.id)}`));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showAlert(summary, error.message);
        summary.focus();
      }
    });
  });

  return h('section', { class: 'page page-partner-new' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/partners') }, t('nav.partners'))),
    pageHeader(t('partnerNew.title'), t('partnerNew.intro')),
    form);
}
