// Provinces, districts and subdistricts (GeoThai data) from the API's public queries, and a
// picker of three linked selects: choosing a province loads its districts, and choosing a
// district loads its subdistricts.

import { ApiError, graphql } from './api.js';
import { h, mount } from './dom.js';
import { field } from './forms.js';
import { ENGLISH, language, pick, t } from './i18n.js';

const PROVINCES = 'query ConsoleProvinces { provinces { code nameTh nameEn } }';
const DISTRICTS = 'query ConsoleDistricts($code: String!) { districts(provinceCode: $code) { code nameTh nameEn } }';
const SUBDISTRICTS = 'query ConsoleSubdistricts($code: String!) { subdistricts(districtCode: $code) { code nameTh nameEn } }';

let provinceList = null;

/** Return every province as [{code, nameTh, nameEn}], sorted by code. The list is fetched once per page load. */
export async function provinces() {
  if (!provinceList) {
    provinceList = graphql(PROVINCES).then((data) => data.provinces).catch((error) => {
      provinceList = null;
      throw error;
    });
  }
  return provinceList;
}

/** Return the name of an area in the current language. */
export function areaName(area) {
  return area ? pick(area.nameTh, area.nameEn) : '';
}

/** Join area names, smallest first, as an address is written: spaces in Thai, commas in English. */
export function placeName(areas) {
  const names = areas.filter(Boolean).map(areaName);
  return names.join(language() === ENGLISH ? ', ' : ' ');
}

/** Return areas sorted by their name in the current language, as people look them up. */
export function sortedByName(areas) {
  const collator = new Intl.Collator(language());
  return [...areas].sort((first, second) => collator.compare(areaName(first), areaName(second)));
}

function fillOptions(select, prompt, areas) {
  mount(select,
    h('option', { value: '' }, prompt),
    areas.map((area) => h('option', { value: area.code }, areaName(area))));
}

/**
 * Build the three linked selects under one legend. Returns {element, fields}; the fields are
 * named provinceCode, districtCode and subdistrictCode, so the API's errors find them.
 */
export function areaPicker({ legend, provinceOptions }) {
  const province = field({ name: 'provinceCode', label: t('common.province'), kind: 'select', required: true, options: [] });
  const district = field({ name: 'districtCode', label: t('common.district'), kind: 'select', required: true, options: [] });
  const subdistrict = field({ name: 'subdistrictCode', label: t('common.subdistrict'), kind: 'select', required: true, options: [] });
  fillOptions(province.control, t('areas.chooseProvince'), sortedByName(provinceOptions));
  fillOptions(district.control, t('areas.chooseProvinceFirst'), []);
  fillOptions(subdistrict.control, t('areas.chooseDistrictFirst'), []);
  district.control.disabled = true;
  subdistrict.control.disabled = true;

  // Each change starts a new load; a reply that arrives after a newer change is dropped.
  let districtRequest = 0;
  let subdistrictRequest = 0;

  async function load(target, { query, listName, code, prompt }, request, current) {
    target.control.disabled = true;
    fillOptions(target.control, t('shell.loading'), []);
    try {
      const data = await graphql(query, { code });
      if (request !== current()) return;
      fillOptions(target.control, prompt, sortedByName(data[listName]));
      target.control.disabled = false;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (request !== current()) return;
      fillOptions(target.control, prompt, []);
      target.setError(error.code === 'NETWORK' ? t('error.cannotReachServer') : error.message);
    }
  }

  province.control.addEventListener('change', () => {
    districtRequest += 1;
    subdistrictRequest += 1;
    district.clearError();
    subdistrict.clearError();
    fillOptions(subdistrict.control, t('areas.chooseDistrictFirst'), []);
    subdistrict.control.disabled = true;
    const code = province.control.value;
    if (!code) {
      fillOptions(district.control, t('areas.chooseProvinceFirst'), []);
      district.control.disabled = true;
      return;
    }
    const list = { query: DISTRICTS, listName: 'districts', code, prompt: t('areas.chooseDistrict') };
    load(district, list, districtRequest, () => districtRequest);
  });

  district.control.addEventListener('change', () => {
    subdistrictRequest += 1;
    subdistrict.clearError();
    const code = district.control.value;
    if (!code) {
      fillOptions(subdistrict.control, t('areas.chooseDistrictFirst'), []);
      subdistrict.control.disabled = true;
      return;
    }
    const list = { query: SUBDISTRICTS, listName: 'subdistricts', code, prompt: t('areas.chooseSubdistrict') };
    load(subdistrict, list, subdistrictRequest, () => subdistrictRequest);
  });

  const element = h('fieldset', { class: 'fieldset' },
    h('legend', {}, legend),
    province.element, district.element, subdistrict.element);
  return { element, fields: [province, district, subdistrict] };
}
