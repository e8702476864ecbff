// Numbers and dates for people. Dates are shown in the Buddhist Era (BE = CE + 543) and in
// Thailand's time zone, whichever language is chosen, as Thai offices read them.

import { ENGLISH, language } from './i18n.js';

const TIME_ZONE = 'Asia/Bangkok';
const BE_OFFSET = 543;

function locale() {
  return language() === ENGLISH ? 'en-GB' : 'th-TH';
}

// A date without a time ("2010-05-01") is a calendar date: it is read and shown in UTC so
// that no time zone moves it to the day before.
function parse(value) {
  if (value instanceof Date) return { date: value, dateOnly: false };
  const text = String(value);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  return { date: new Date(dateOnly ? `${text}T00:00:00Z` : text), dateOnly };
}

// Format with the Gregorian calendar and add 543 to the year part. This gives the same
// result in every browser, whether or not its ICU data has the Buddhist calendar.
function formatParts(value, options) {
  if (value === null || value === undefined || value === '') return '';
  const { date, dateOnly } = parse(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const formatter = new Intl.DateTimeFormat(`${locale()}-u-ca-gregory`, {
    ...options,
    timeZone: dateOnly ? 'UTC' : TIME_ZONE,
  });
  return formatter
    .formatToParts(date)
    .map((part) => (part.type === 'year' ? String(Number(part.value) + BE_OFFSET) : part.value))
    .join('');
}

/** "5 ธ.ค. 2567" or, in English, "5 Dec 2567 BE". */
export function formatDate(value) {
  const text = formatParts(value, { day: 'numeric', month: 'short', year: 'numeric' });
  return text && language() === ENGLISH ? `${text} BE` : text;
}

/** "5 ธ.ค. 2567 14:30 น." or, in English, "5 Dec 2567 BE, 14:30". */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const day = formatDate(value);
  const time = formatParts(value, { hour: '2-digit', minute: '2-digit', hour12: false });
  return language() === ENGLISH ? `${day}, ${time}` : `${day} ${time} น.`;
}

/** Return today's date in Thailand as an ISO date ("2026-12-05"). */
export function todayInThailand() {
  const parts = new Intl.DateTimeFormat('en-GB-u-ca-gregory', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date());
  const part = (type) => parts.find((item) => item.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Return the BE year of a date, e.g. 2567 for any day of 2024. */
export function buddhistYear(value) {
  const { date } = parse(value);
  return date.getUTCFullYear() + BE_OFFSET;
}

/** Format an amount of baht as the API sends it ("1500.00") with separators: 1,500.00. */
export function formatBaht(value) {
  if (value === null || value === undefined || value === '') return '';
  const amount = Number(value);
  if (Number.isNaN(amount)) return String(value);
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** Format a whole number with thousands separators: 12,345. */
export function formatNumber(value) {
  if (value === null || value === undefined) return '';
  return new Intl.NumberFormat(locale()).format(value);
}

/** Format a share between 0 and 1 as a percentage with one decimal: 42.5%. */
export function formatPercent(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return '';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Format a size in bytes for people: 1.2 MB. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(size)} ${units[unit]}`;
}

/** Format a coordinate pair with five decimals (about one metre). */
export function formatCoordinates(latitude, longitude) {
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
}

/** Format a person's name with the Thai title written against the first name: นางสาวสมศรี ใจดี. */
export function personName(person) {
  if (!person) return '';
  return `${person.title || ''}${person.firstName || ''} ${person.lastName || ''}`.trim();
}
