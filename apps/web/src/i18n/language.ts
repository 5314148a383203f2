export const LANGUAGES = ["en", "ko"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The names each language is offered under, written in that language. */
export const LANGUAGE_NAMES = { en: "English", ko: "한국어" } as const satisfies Record<Language, string>;

const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/**
 * The first of the browser's preferred languages (`navigator.languages`, best first) that the page speaks, by primary
 * subtag (`ko-KR` → `ko`); English when none matches.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.split("-")[0]?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return "en";
}

const STORAGE_KEY = "ticketing.language";

/** The language the user chose with the switch, else the browser's. */
export function initialLanguage(storage: Pick<Storage, "getItem">, preferred: readonly string[]): Language {
  const chosen = storage.getItem(STORAGE_KEY);
  return isLanguage(chosen) ? chosen : pickLanguage(preferred);
}

export function rememberLanguage(storage: Pick<Storage, "setItem">, language: Language): void {
  storage.setItem(STORAGE_KEY, language);
}
