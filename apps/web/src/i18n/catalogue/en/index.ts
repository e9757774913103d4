// The English catalogue: the reference every other language is held to (i18n-catalogue.test.ts). One file per
// area of the app so that areas can be edited independently; together they are one catalogue.
import app from './app.json';
import dashboard from './dashboard.json';
import log from './log.json';
import map from './map.json';

export const meta = { language: 'en', reviewed_by_native_speaker: true } as const;
export const messages = { ...app, ...map, ...dashboard, ...log };
