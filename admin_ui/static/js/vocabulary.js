// Codes of the tracking vocabulary and their labels in the current language, read once from
// the API so that the console and the API name each status, reason and need the same way.

import { graphql } from './api.js';
import { language } from './i18n.js';

const VOCABULARY = `
  query ConsoleVocabulary {
    vocabulary {
      statuses { code labelTh labelEn }
      reasons { code labelTh labelEn }
      needs { code labelTh labelEn }
    }
  }
`;

let loaded = null;

/** Return {statuses, reasons, needs}, each [{code, label}] in the current language. */
export async function vocabulary() {
  if (!loaded) {
    loaded = graphql(VOCABULARY).then((data) => data.vocabulary).catch((error) => {
      loaded = null;
      throw error;
    });
  }
  const data = await loaded;
  const english = language() === 'en';
  const labelled = (items) => items.map((item) => ({ code: item.code, label: english ? item.labelEn : item.labelTh }));
  return { statuses: labelled(data.statuses), reasons: labelled(data.reasons), needs: labelled(data.needs) };
}

/** Return a Map from need code to its label in the current language. */
export async function needLabels() {
  const { needs } = await vocabulary();
  return new Map(needs.map((item) => [item.code, item.label]));
}
