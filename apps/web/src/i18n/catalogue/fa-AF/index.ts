// The fa-AF catalogue: machine-drafted from English and not yet reviewed by a native speaker (issue 10), which
// the app tells readers of this language. Same areas as the English catalogue (../en/index.ts).
import type { Messages } from '../../i18n-context.tsx';
import app from './app.json';
import dashboard from './dashboard.json';
import log from './log.json';
import map from './map.json';

export const meta = { language: 'fa-AF', reviewed_by_native_speaker: false } as const;
export const messages: Partial<Messages> = { ...app, ...map, ...dashboard, ...log };
