/** Vite `define` from vite.config.ts: where the emulator is served unless `?emulator=` says otherwise. */
declare const __EMULATOR_URL__: string;
