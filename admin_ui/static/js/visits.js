// The parts of one follow-up visit that the child and visit pages show: status, reason, needs, note,
// position with links to a map, and photos. Partners' queries leave out what the field
// policy hides from them (GPS, photos, notes), so those parts are simply absent.

import { h } from './dom.js';
import { API_ROOT } from './api.js';
import { formatCoordinates, formatDateTime } from './format.js';
import { t } from './i18n.js';
import { href } from './router.js';
import { detailsList, statusBadge } from './widgets.js';

/** Fields of a visit that every role may read. */
export const VISIT_SUMMARY_FIELDS = `
  id
  status
  statusLabel
  reason
  reasonLabel
  needs
  visitedAt
  afterClose
`;

/** Fields of a visit that only school, area and ministry staff may read. */
export const VISIT_DETAIL_FIELDS = `
  note
  latitude
  longitude
  accuracyMeters
  recordedByName
  photos { id url thumbnailUrl width height }
`;

/** Links that open a position on OpenStreetMap and in the phone's own map app. */
export function mapLinks(latitude, longitude) {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return h('span', { class: 'map-links' },
    h('a', {
      href: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
      target: '_blank',
      rel: 'noopener noreferrer',
      'data-external': '',
    }, t('visit.openMap'), h('span', { class: 'visually-hidden' }, ` ${t('common.newWindow')}`)),
    ' · ',
    h('a', { href: `geo:${lat},${lon}`, 'data-external': '' }, t('visit.openMapApp')));
}

function position(visit) {
  if (visit.latitude === null || visit.latitude === undefined || visit.longitude === null || visit.longitude === undefined) {
    return visit.latitude === undefined ? null : t('visit.noPosition');
  }
  const accuracy = visit.accuracyMeters ? ` (±${Math.round(visit.accuracyMeters)} ${t('visit.metres')})` : '';
  return h('span', {}, h('span', { class: 'coordinates' }, formatCoordinates(visit.latitude, visit.longitude) + accuracy), ' ',
    mapLinks(visit.latitude, visit.longitude));
}

// Photo addresses from the API are relative to the API's root.
function mediaUrl(path) {
  return path && path.startsWith('/') ? `${API_ROOT}${path}` : path;
}

/** Thumbnails that link to the full photo; `large` shows them bigger, for the visit page. */
export function photoGallery(visit, { large = false } = {}) {
  if (!visit.photos) return null;
  if (!visit.photos.length) return h('p', { class: 'muted' }, t('visit.noPhotos'));
  return h('ul', { class: `photos${large ? ' photos-large' : ''}` }, visit.photos.map((photo, index) => {
    const alt = t('visit.photoAlt', { number: index + 1, date: formatDateTime(visit.visitedAt) });
    const full = mediaUrl(photo.url);
    return h('li', {}, h('a', { href: full, target: '_blank', rel: 'noopener', 'data-external': '' },
      h('img', {
        src: large ? full : mediaUrl(photo.thumbnailUrl) || full,
        alt,
        loading: 'lazy',
        width: large ? null : 160,
        height: large ? null : 120,
      }),
      h('span', { class: 'visually-hidden' }, ` ${t('common.newWindow')}`)));
  }));
}

/** Build the facts of one visit as a definition list. `needLabels` maps need codes to labels. */
export function visitDetails(visit, needLabels) {
  return detailsList([
    [t('visit.visitedAt'), formatDateTime(visit.visitedAt)],
    [t('visit.status'), statusBadge(visit.status, visit.statusLabel)],
    [t('visit.reason'), visit.reasonLabel],
    [t('visit.needs'), visit.needs && visit.needs.length ? visit.needs.map((need) => needLabels.get(need) || need).join(', ') : ''],
    visit.note !== undefined ? [t('visit.note'), visit.note] : null,
    visit.latitude !== undefined ? [t('visit.position'), position(visit)] : null,
    visit.recordedByName !== undefined ? [t('visit.recordedBy'), visit.recordedByName] : null,
    visit.afterClose ? [t('visit.afterCloseLabel'), t('visit.afterClose')] : null,
  ]);
}

/** Build a visit as an item of the child's timeline, with a link to its own page. */
export function visitTimelineItem(visit, number, needLabels) {
  return h('li', { class: 'timeline-item' },
    h('article', { class: 'card visit-card', 'aria-labelledby': `visit-${visit.id}` },
      h('h3', { id: `visit-${visit.id}`, class: 'card-title' },
        h('a', { href: href(`/visits/${encodeURIComponent(visit.id)}`) },
          t('visit.numbered', { number, date: formatDateTime(visit.visitedAt) }))),
      visitDetails(visit, needLabels),
      photoGallery(visit)));
}
